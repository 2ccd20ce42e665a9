#pragma once
// Where every message from the server goes. Most are written to stdout
// byte for byte; the router only steps in where it must:
//  - responses to the bridge's own requests (re-initialize) are consumed;
//  - the initialize response yields the protocol version for later headers;
//  - tools/list responses lose tools hidden by --ignore-tool.
// It also remembers which client requests are still unanswered, so a failure
// answers each exactly once and never after the real response.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "client_message.h"
#include "session_state.h"
#include "stdout_writer.h"
#include "tool_filter.h"

namespace tally::bridge {

class MessageRouter {
 public:
  MessageRouter(StdoutWriter& out, const ToolFilter& filter, SessionState& session)
      : out_(out), filter_(filter), session_(session) {}

  /// Records a client request (or a batch's requests) as awaiting a response.
  void track(const ClientMessage& message);

  struct Delivered {
    bool response = false;
    std::string key;  ///< id_key of the response
  };
  /// Routes one message from the server.
  Delivered deliver(std::string_view json);

  /// Answers a request that is still unanswered with a JSON-RPC error.
  void fail(std::string_view raw_id, std::string_view message);
  void fail(const ClientMessage& message, std::string_view error);
  /// Answers every unanswered client request (the legacy stream died).
  void fail_all(std::string_view message);
  bool is_pending(const std::string& key) const;
  /// Writes `json` (a response already carrying the request's id) if that request is
  /// still unanswered; the 2026 bridging answers this way after its own exchanges.
  void respond(std::string_view raw_id, std::string_view json);
  /// A client's response to one of the bridge's own requests (an MRTR input request):
  /// kept for await_bridge_response. False when the id is not the bridge's.
  bool take_client_response(std::string_view json);

  /// A fresh id (`"bridge-N"`, JSON text) for a request of the bridge's own,
  /// whose response deliver() will keep instead of writing it.
  std::string open_bridge_request(std::string method);
  /// Waits for that response; std::nullopt on timeout or when `abandon` was called.
  std::optional<std::string> await_bridge_response(const std::string& raw_id,
                                                   std::chrono::steady_clock::time_point deadline);
  void abandon_bridge_requests();
  /// Writes one of the bridge's own requests (opened above) to the client and waits
  /// for its answer, as await_bridge_response.
  std::optional<std::string> ask_client(const std::string& raw_id, const std::string& request,
                                        std::chrono::steady_clock::time_point deadline);
  /// True while some ask_client waits: the answer is in stdin, which must then be read
  /// whatever the relay's backlog.
  bool asking_client() const;

  StdoutWriter& writer() { return out_; }
  const ToolFilter& filter() const { return filter_; }

 private:
  enum class Method : std::uint8_t { other, initialize, tools_list };
  struct BridgeSlot {
    Method method = Method::other;
    bool done = false;
    std::string response;
  };
  static Method method_of(const std::string& name);
  void note_initialize_result(std::string_view response);
  void deliver_batch(std::string_view json);

  StdoutWriter& out_;
  const ToolFilter& filter_;
  SessionState& session_;

  mutable std::mutex mutex_;
  std::condition_variable bridge_cv_;
  std::unordered_map<std::string, Method> pending_;
  std::unordered_map<std::string, BridgeSlot> bridge_;
  std::uint64_t next_bridge_id_ = 1;
  bool abandoned_ = false;
  int asking_client_ = 0;
};

}  // namespace tally::bridge
