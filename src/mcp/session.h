#pragma once
// One client's protocol state: what a legacy `initialize` negotiated, the
// calls it has in flight (keyed per session, so two clients may use the same
// ids), and the requests Tally sent it that await an answer. stdio has one
// session per process; HTTP makes one per request (stateless), sharing only
// the table of server→client requests, whose ids are unguessable.
#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "mcp/json_rpc.h"
#include "mcp/log_level.h"
#include "mcp/protocol_version.h"

namespace tally::mcp {

/// Requests sent to clients (sampling, elicitation, roots) awaiting their answers.
/// Thread-safe. An answer is taken only from the owner the request was sent to.
class ClientRequests {
 public:
  /// Registers `key` (the request id as compact JSON) for `owner`; the future gets the answer.
  std::future<json> expect(const std::string& key, std::string owner);
  /// Hands an answer to its request. False when no request of `owner` has that id.
  bool deliver(const json& message, const std::string& owner);
  void forget(const std::string& key);
  bool empty() const;

 private:
  struct Pending {
    std::string owner;
    std::promise<json> answer;
  };
  mutable std::mutex mu_;
  std::map<std::string, Pending> pending_;
};

class Session {
 public:
  /// A request in flight.
  struct Call {
    json id;
    bool cancellable = true;
    bool held = false;  ///< subscriptions/listen: open until cancelled, never answered (A9)
    bool open = false;  ///< held and acknowledged; guarded by the session's mutex
    std::atomic<bool> cancelled{false};
  };

  /// `owner` names who may answer this session's requests (a credential id; "" for stdio).
  explicit Session(std::shared_ptr<ClientRequests> requests = std::make_shared<ClientRequests>(),
                   std::string owner = {});

  // What `initialize` negotiated (legacy). HTTP sessions start initialized at the
  // version its MCP-Protocol-Version header names. One thread at a time.
  bool initialized = false;
  Version version = kLatestVersion;
  json client_capabilities = json::object();
  json client_info = json::object();
  LogLevel log_level = LogLevel::kInfo;
  /// Resource URIs of legacy resources/subscribe (2026-07-28 has subscriptions/listen).
  std::set<std::string> subscriptions;

  /// Registers a request id; nullptr when the id is already in flight (A2).
  std::shared_ptr<Call> begin_call(const json& id, bool cancellable, bool held = false);
  std::shared_ptr<Call> find_call(const json& id) const;
  void end_call(const json& id);
  /// notifications/cancelled: marks the call cancelled; a held listen ends silently.
  void cancel(const json& params);
  /// Every call in flight, under the session's lock (shutdown closes held listens).
  template <class F>
  void each_call(F&& f) {
    std::lock_guard lock(mu_);
    for (auto& [_, call] : in_flight_) f(*call);
  }
  /// Marks a held call acknowledged, unless it was cancelled first.
  bool open_held(Call& call);

  ClientRequests& client_requests() { return *requests_; }
  const std::string& owner() const { return owner_; }
  /// The client can no longer answer (stdio input ended, HTTP stream closed).
  std::atomic<bool> closed{false};

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Call>> in_flight_;  // key: id as compact JSON
  std::shared_ptr<ClientRequests> requests_;
  std::string owner_;
};

}  // namespace tally::mcp
