#pragma once
// Turning upstream failures into JSON-RPC errors a client can show: each
// message says what failed and what to try, and answers the pending request
// under its own id so the client never hangs.
#include <string>
#include <string_view>

#include <curl/curl.h>

namespace tally::bridge {

/// JSON-RPC code for every failure the bridge itself reports (implementation-defined range).
inline constexpr int kUpstreamErrorCode = -32000;

/// A network-level failure (refused, DNS, TLS, dropped connection).
std::string describe_transport_failure(CURLcode code, const std::string& curl_error, const std::string& url);

/// An HTTP status the relay cannot use. `body` is the start of the response body:
/// a JSON-RPC error in it lends its message.
std::string describe_http_status(long status, std::string_view content_type, std::string_view body,
                                 const std::string& url);

/// A 2xx whose body is not a JSON-RPC message.
std::string describe_bad_body(long status, std::string_view content_type, std::string_view body,
                              const std::string& url);

/// `{"jsonrpc":"2.0","id":<raw_id>,"error":{"code":code,"message":message}}`
std::string jsonrpc_error(std::string_view raw_id, int code, std::string_view message);

}  // namespace tally::bridge
