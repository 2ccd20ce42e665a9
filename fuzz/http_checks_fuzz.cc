// Target (d), the HTTP server's own checks: Host and Origin (DNS-rebinding
// defence), content negotiation, outbound URL parsing and CORS preflights.
// Fields, one per line: Host, Origin, Content-Type, Accept, URL,
// Access-Control-Request-Headers. Invariants: a normalised origin normalises
// to itself; a parsed URL rebuilt from its parts parses to the same parts;
// negotiation either refuses with a message or allows at least one answer type.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fields.h"
#include "http/cors.h"
#include "http/host_origin.h"
#include "http/negotiation.h"
#include "http/url.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

std::optional<std::string_view> present(std::string_view field) {
  if (field == "-") return std::nullopt;  // "-" stands for an absent header
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally::http;
  if (size > 8192) return -1;
  auto f = tally::fuzz::split_fields(data, size, 6);
  const std::vector<std::string> public_hosts = {"ledger.example.com", "tally.example.org:8443"};
  const std::vector<std::string> origins = {"https://app.example.com", "http://localhost:6274"};

  if (auto a = parse_authority(f[0])) (void)is_loopback_host(a->host);
  (void)host_allowed(present(f[0]), public_hosts);

  if (auto o = normalize_origin(f[1])) {
    auto again = normalize_origin(*o);
    if (!again || *again != *o) fail("normalize_origin is not idempotent", *o);
  }
  (void)origin_allowed(present(f[1]), origins, true);
  (void)origin_allowed(present(f[1]), origins, false);

  auto n = negotiate_post(present(f[2]), present(f[3]));
  if (n.status == 0 && !n.json && !n.sse) fail("negotiation allowed no answer type", f[3]);
  if (n.status != 0 && n.message.empty()) fail("negotiation refused without a message", f[2]);
  (void)accepts(f[3], "application/json");

  std::string error;
  if (auto url = parse_url(f[4], &error)) {
    const std::string rebuilt = url->scheme + "://" + url->authority() + url->target;
    auto again = parse_url(rebuilt, &error);
    if (!again || again->host != url->host || again->port != url->port ||
        again->target != url->target)
      fail("a parsed URL does not survive rebuilding", rebuilt);
    (void)url->redacted();
  } else if (error.empty()) {
    fail("parse_url refused without a reason", f[4]);
  }

  Head head;
  head.method = "OPTIONS";
  head.target = head.path = "/mcp";
  head.headers = {{"origin", std::string(f[1])},
                  {"access-control-request-method", "POST"},
                  {"access-control-request-headers", std::string(f[5])}};
  (void)cors_preflight(head, true);
  (void)cors_preflight(head, false);
  (void)cors_response_headers(present(f[1]));
  return 0;
}
