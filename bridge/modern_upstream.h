#pragma once
// A 2026-07-28 ("modern") upstream (protocol-2026.md §C): no session, no GET, one POST
// per request with the envelope in params._meta and the standard headers.
//
// Two kinds of client use it:
//  - a modern client's messages pass through; only the headers are derived (§C2);
//  - a legacy client (2025-xx, e.g. Claude Desktop) is bridged (§C3): its initialize
//    is answered from server/discover, each request is stamped with the envelope and
//    sent under a bridge id, results lose resultType/ttlMs/cacheScope, ping and
//    logging/setLevel are answered here, and input_required results become requests
//    to the client, retried with inputResponses and the byte-exact requestState.
// A stream that breaks before its response is re-issued only for reads.
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "client_message.h"
#include "http_connection.h"
#include "message_stream.h"
#include "modern_headers.h"
#include "upstream_context.h"

namespace tally::bridge {

class ModernUpstream {
 public:
  explicit ModernUpstream(UpstreamContext context) : ctx_(context) {}

  struct Probe {
    enum class Outcome { modern, legacy, failed } outcome = Outcome::failed;
    nlohmann::json discover;  ///< modern: the DiscoverResult
    std::string version;      ///< modern: the version it accepted
    std::string error;        ///< failed: what to tell the client
  };
  /// POSTs server/discover with the envelope (§C1); call after adopt_initialize.
  Probe probe();

  /// Takes capabilities and clientInfo from a legacy client's initialize for the envelope.
  void adopt_initialize(const ClientMessage& initialize);
  void set_version(std::string version);
  /// Answers a legacy initialize from a DiscoverResult (repeats get the same answer).
  void answer_initialize(const ClientMessage& initialize, const nlohmann::json& discover);

  /// The _meta a bridged request carries: version, client capabilities and info, log level.
  nlohmann::json envelope() const;

  /// A message from a legacy client.
  void send_legacy(const ClientMessage& message);
  /// A message from a modern client (it carries its own envelope).
  void send_modern(const ClientMessage& message);

  /// Most input requests one round may carry, and most rounds per request (as mcp-remote).
  static constexpr int kMaxInputRequests = 8;
  static constexpr int kMaxRounds = 10;

 private:
  struct Reply {
    enum class Kind { response, http_error, broken, interrupted } kind = Kind::broken;
    nlohmann::json message;  ///< response: the JSON-RPC response
    std::string error;       ///< http_error / broken: a sentence for the client
    long status = 0;         ///< http_error: the HTTP status
  };
  /// POSTs `request` under a fresh bridge id and returns its response; 401/403 go
  /// through the sign-in seam once. Notifications on an SSE answer reach the client.
  Reply exchange(nlohmann::json request);
  /// One POST of `body` (the text of `request`) with the 2026 headers (§C2).
  HttpResult post(const nlohmann::json& request, std::string_view body, const ParamHeaders& params,
                  const AuthGate::Ticket& ticket, MessageStream& stream, ConnectionPool::Wait wait,
                  bool resendable);
  /// Mcp-Param designations for a tools/call, from the last tools/list.
  ParamHeaders param_headers(const nlohmann::json& request) const;
  void forward(const ClientMessage& message);
  /// Asks the client for each input request; false with `error` if one cannot be served.
  bool gather_inputs(const nlohmann::json& input_requests, nlohmann::json& responses,
                     std::string& error);
  bool refresh_tools();
  void answer(const ClientMessage& message, nlohmann::json response);
  void answer_error(const ClientMessage& message, int code, const std::string& text);

  UpstreamContext ctx_;
  mutable std::mutex mutex_;
  std::string version_{kModernVersion};
  nlohmann::json capabilities_ = nlohmann::json::object();
  nlohmann::json client_info_;
  std::string log_level_;
  std::map<std::string, ParamHeaders> tool_headers_;  ///< from the last tools/list
};

}  // namespace tally::bridge
