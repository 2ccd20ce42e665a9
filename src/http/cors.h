#pragma once
// CORS for browser-based MCP clients (the Inspector, web agents). A preflight
// is answered before auth: browsers never send credentials with it. Pure
// functions; the route decides whether the origin is allowed (host_origin.h).

#include <optional>
#include <string_view>

#include "http/message.h"

namespace tally::http {

/// For `OPTIONS` with Origin and Access-Control-Request-Method: 204 allowing
/// POST, GET, DELETE and OPTIONS and, of the headers the browser asks for,
/// Content-Type, Authorization, Accept, Mcp-Protocol-Version, Mcp-Session-Id,
/// Mcp-Method, Mcp-Name, Last-Event-ID and any Mcp-Param-*; 403 when the
/// origin is not allowed. nullopt for anything that is not a preflight.
std::optional<Response> cors_preflight(const Head& head, bool origin_allowed);

/// Fields for an actual response to an allowed `origin`: Allow-Origin (that
/// origin, never "*"), Vary: Origin, and Expose-Headers WWW-Authenticate,
/// Mcp-Session-Id, Mcp-Protocol-Version. Empty without an Origin.
Headers cors_response_headers(std::optional<std::string_view> origin);

/// Whether a browser may send request header `name` (any case).
bool cors_header_allowed(std::string_view name);

}  // namespace tally::http
