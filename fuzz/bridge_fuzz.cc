// Target (e), what tally-bridge reads from a server it does not control: the
// SSE stream, WWW-Authenticate challenges, URLs (server, redirects, the legacy
// `endpoint` event, protected-resource and issuer URLs), authorization-server
// metadata and a tools/list result's x-mcp-header designations. The first byte
// picks the parser. Invariants: an SSE stream split into any chunks yields the
// same events as the whole; a parsed OAuth URL prints and parses back to itself;
// metadata survives its cache's to_json/from_json; header values go out as
// visible ASCII only.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fields.h"
#include "modern_headers.h"
#include "oauth/as_metadata.h"
#include "oauth/url.h"
#include "oauth/www_authenticate.h"
#include "server_url.h"
#include "sse_parser.h"

namespace {

using namespace tally::bridge;

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what,
               static_cast<int>(detail.size() > 500 ? 500 : detail.size()), detail.data());
  std::abort();
}

struct Seen {
  std::vector<std::string> events;
  std::string last_id;
  std::optional<long> retry;
  bool operator==(const Seen&) const = default;
};

Seen parse_sse(std::string_view stream, std::size_t chunk) {
  SseParser parser;
  Seen seen;
  auto on_event = [&](const SseEvent& e) {
    seen.events.push_back(std::string(e.type) + '\0' + std::string(e.data) + '\0' +
                          std::string(e.id));
  };
  for (std::size_t at = 0; at < stream.size(); at += chunk)
    parser.feed(stream.substr(at, chunk), on_event);
  seen.last_id = parser.last_event_id();
  seen.retry = parser.retry_ms();
  return seen;
}

void sse(std::uint8_t chunk, std::string_view stream) {
  const Seen whole = parse_sse(stream, stream.size() + 1);
  if (parse_sse(stream, 1u + chunk % 16) != whole)
    fail("SSE events depend on how the stream was chunked", stream);
}

void challenges(std::string_view text) {
  std::vector<std::string> headers;
  for (auto f : tally::fuzz::split_fields(reinterpret_cast<const std::uint8_t*>(text.data()),
                                          text.size(), 4))
    if (!f.empty()) headers.emplace_back(f);
  for (const auto& c : oauth::parse_www_authenticate(headers))
    for (char ch : c.scheme)
      if (ch >= 'A' && ch <= 'Z') fail("a challenge scheme that is not lower-case", c.scheme);
  (void)oauth::find_bearer_challenge(headers);
}

void urls(std::string_view text) {
  auto f =
      tally::fuzz::split_fields(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), 3);
  const std::string base(f[0]), reference(f[1]), other(f[2]);
  if (auto u = oauth::Url::parse(base)) {
    auto again = oauth::Url::parse(u->str());
    if (!again || again->str() != u->str())
      fail("an OAuth URL does not print back to itself", base);
    (void)u->origin();
    (void)oauth::canonical_resource(base);
    (void)oauth::resource_allowed(base, other);
    (void)oauth::as_metadata_urls(base);
  }
  (void)oauth::same_issuer(base, other);
  (void)oauth::parse_query(reference);
  (void)oauth::percent_decode(reference);
  (void)oauth::encode_form({{std::string(reference), std::string(other)}});
  UrlParts parts;
  std::string error, resolved;
  (void)parse_url(base, parts, error);
  (void)check_server_url(base, false, error);
  if (resolve_url(base, reference, resolved)) (void)same_origin(base, resolved);
}

void metadata(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return;
  auto m = oauth::AuthServerMetadata::from_json(doc);
  if (oauth::AuthServerMetadata::from_json(m.to_json()).to_json() != m.to_json())
    fail("authorization-server metadata does not survive its cache", text);
  if (doc.is_object()) {
    auto designations = screen_tools(doc);
    for (const auto& [tool, params] : designations)
      for (const auto& [header, argument] : params) {
        for (char c : encode_header_value(argument))
          if (c < 0x20 || c > 0x7e) fail("a header value with a byte HTTP cannot carry", argument);
        (void)header;
      }
  }
  for (char c : encode_header_value(text))
    if (c < 0x20 || c > 0x7e) fail("a header value with a byte HTTP cannot carry", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > 16 * 1024) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  switch (data[0] % 4) {
    case 0:
      sse(data[1], text);
      break;
    case 1:
      challenges(text);
      break;
    case 2:
      urls(text);
      break;
    default:
      metadata(text);
      break;
  }
  return 0;
}
