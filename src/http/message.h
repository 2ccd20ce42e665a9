#pragma once
// What a route sees of a request, and the whole responses it can give. Plain
// data: nothing here knows Beast, so route code and tests compile fast.

#include <any>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::http {

/// Header fields in order. Names the server gives to routes are lower-case.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// `s` with ASCII letters lower-cased (header names, media types, hosts).
std::string lower(std::string_view s);
/// `s` without the optional white space (spaces, tabs) around a header value or list item.
std::string_view trim(std::string_view s);

/// The first field named `lower_name` (which must be lower-case), if any.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view lower_name);

/// The request line and header fields, before the body is read (Router::on_head).
struct Head {
  std::string method;        // as sent, e.g. "POST"
  std::string target;        // as sent, e.g. "/mcp?x=1"
  std::string path;          // target without its query, e.g. "/mcp"
  std::string query;         // after '?', raw (not decoded); empty when none
  Headers headers;           // names lower-cased
  std::string peer_address;  // "127.0.0.1" or "::1"
  bool tls = false;
  /// What Router::on_head learned (the credential check), handed to on_request with
  /// the rest of the head, so nothing is worked out twice per request.
  mutable std::any route_state;

  std::optional<std::string_view> header(std::string_view lower_name) const {
    return find_header(headers, lower_name);
  }
};

/// A whole request: the head plus its body, read fully before Router::on_request.
struct Request : Head {
  std::string body;
};

/// A whole response. The server adds Content-Length and, when it will close
/// the connection, `Connection: close`; everything else is the route's.
struct Response {
  unsigned status = 200;
  Headers headers;
  std::string body;
};

}  // namespace tally::http
