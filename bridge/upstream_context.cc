#include "upstream_context.h"

#include <algorithm>
#include <cmath>

namespace tally::bridge {

void add_request_headers(HeaderList& headers, const BridgeOptions& options, Accept accept,
                         std::string_view authorization) {
  if (accept == Accept::post) {
    headers.add("Content-Type", "application/json");
    headers.add("Accept", "application/json, text/event-stream");
    headers.suppress("Expect");  // no 100-continue round trip for large bodies
  } else {
    headers.add("Accept", "text/event-stream");
  }
  for (const auto& h : options.headers) headers.add(h.name, h.value);
  if (!authorization.empty()) headers.add("Authorization", authorization);
}

void add_session_headers(HeaderList& headers, const SessionState::View& view) {
  if (!view.session_id.empty()) headers.add("Mcp-Session-Id", view.session_id);
  if (!view.protocol_version.empty()) headers.add("MCP-Protocol-Version", view.protocol_version);
}

ConnectionPool::Wait wait_policy(const ClientMessage& message) {
  return message.is_urgent() ? ConnectionPool::Wait::never : ConnectionPool::Wait::for_free;
}

HttpResult post_message(ConnectionPool& http, const std::string& url, const HeaderList& headers,
                        const ClientMessage& message, ResponseHandler& handler) {
  HttpRequest request;
  request.url = url;
  request.headers = &headers;
  request.body = message.text;
  request.resendable = message.may_resend();
  return http.perform(request, handler, wait_policy(message));
}

long reconnect_delay_ms(int attempt, long server_retry_ms) {
  if (server_retry_ms >= 0) return server_retry_ms;
  double delay = 1000.0 * std::pow(1.5, attempt);
  return static_cast<long>(std::min(delay, 30000.0));
}

}  // namespace tally::bridge
