#pragma once
// What both upstream transports share, and the headers every request carries.
#include <string_view>

#include "auth_gate.h"
#include "cli_options.h"
#include "client_message.h"
#include "connection_pool.h"
#include "http_connection.h"
#include "message_router.h"
#include "session_state.h"
#include "stop_flag.h"

namespace tally::bridge {

struct UpstreamContext {
  const BridgeOptions& options;
  SessionState& session;
  MessageRouter& router;
  AuthGate& auth;
  StopFlag& stop;        ///< set when the relay shuts down
  ConnectionPool& http;  ///< for requests; long-lived streams keep their own connection
};

enum class Accept { post, event_stream };

/// Accept/Content-Type for the kind of request, the user's --header values and
/// the Authorization from `authorization` (when non-empty). Session headers
/// are added by the caller, since initialize must not carry them.
void add_request_headers(HeaderList& headers, const BridgeOptions& options, Accept accept,
                         std::string_view authorization);

/// Mcp-Session-Id (when there is one) and MCP-Protocol-Version (once negotiated).
void add_session_headers(HeaderList& headers, const SessionState::View& view);

/// Requests wait for a free connection; urgent messages (ClientMessage::is_urgent:
/// quick, and what a waiting call may need) never do.
ConnectionPool::Wait wait_policy(const ClientMessage& message);

/// POSTs a client message as it came, on the pool: waiting as wait_policy says,
/// and never sent twice by libcurl unless ClientMessage::may_resend.
HttpResult post_message(ConnectionPool& http, const std::string& url, const HeaderList& headers,
                        const ClientMessage& message, ResponseHandler& handler);

/// Delay before reconnect attempt `attempt` (0-based): the server's `retry`
/// when it sent one, else 1 s × 1.5^attempt capped at 30 s (the TS SDK's).
long reconnect_delay_ms(int attempt, long server_retry_ms);

}  // namespace tally::bridge
