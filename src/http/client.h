#pragma once
// A small outbound HTTP/1.1 client (JWKS now, postbacks later) on Beast and
// OpenSSL, so `tally` loads no libcurl. One blocking exchange per call on its
// own io_context: call it from a worker thread, never from a route handler.
// Redirects are not followed (a 3xx comes back as is).

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/message.h"

namespace tally::http {

struct FetchOptions {
  std::size_t max_response_bytes = 1024 * 1024;  // body; over → FetchError
  std::string ca_file;  // a PEM CA trusted besides the system store (tests, private CAs)
};

struct FetchResponse {
  unsigned status = 0;
  Headers headers;  // names lower-cased
  std::string body;

  std::optional<std::string_view> header(std::string_view lower_name) const {
    return find_header(headers, lower_name);
  }
};

/// Any failure before a whole response: bad URL, DNS, connect, TLS
/// (certificate not trusted, name mismatch), timeout, oversize response. The
/// message names the URL without its query string.
class FetchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One request to `url` (http or https; https verifies the certificate and the
/// host name). `timeout` bounds the whole exchange. Host, Content-Length and
/// User-Agent are set unless given in `headers`.
FetchResponse fetch(std::string_view url, std::string_view method = "GET",
                    const Headers& headers = {}, std::string_view body = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(10),
                    const FetchOptions& options = {});

}  // namespace tally::http
