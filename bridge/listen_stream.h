#pragma once
// For a legacy client on a 2026-07-28 server: the list_changed notifications that a
// 2025 server sends on its GET stream arrive, in 2026, on a held `subscriptions/listen`
// POST (protocol-2026.md §C3). This opens one for the flags the server's discover
// advertises, eats the acknowledgement, strips the subscription id and relays the
// rest; a dropped stream is reopened with backoff, and given up after five drops in a
// row that each lasted under a second (as mcp-remote).
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_connection.h"
#include "upstream_context.h"

namespace tally::bridge {

class ListenStream {
 public:
  /// `envelope` gives the current _meta envelope (the version, the client's capabilities).
  ListenStream(UpstreamContext context, std::function<nlohmann::json()> envelope)
      : ctx_(context), envelope_(std::move(envelope)) {}
  ~ListenStream() { stop(); }
  ListenStream(const ListenStream&) = delete;
  ListenStream& operator=(const ListenStream&) = delete;

  /// The subscription filter for a DiscoverResult; empty when it has nothing to listen for.
  static nlohmann::json filter_for(const nlohmann::json& discover);
  void start(nlohmann::json filter);
  void stop();

  static constexpr int kMaxInstantDrops = 5;

 private:
  void run(nlohmann::json filter);

  UpstreamContext ctx_;
  std::function<nlohmann::json()> envelope_;
  std::mutex mutex_;
  std::unique_ptr<HttpConnection> connection_;
  std::thread thread_;
};

}  // namespace tally::bridge
