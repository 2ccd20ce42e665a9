// Host and Origin checks (DNS rebinding): tables of what passes.

#include "http/host_origin.h"

#include <doctest/doctest.h>

namespace tally::http {
namespace {

TEST_CASE("host_allowed: loopback names on any port, and the configured public hosts") {
  const std::vector<std::string> none;
  const std::vector<std::string> public_hosts = {"books.example.com", "api.example.com:8443"};
  struct Row {
    std::optional<std::string_view> host;
    bool loopback_only, with_public;
  };
  const Row rows[] = {
      {"localhost", true, true},
      {"localhost:8765", true, true},
      {"LOCALHOST:1", true, true},
      {"127.0.0.1:8765", true, true},
      {"[::1]:8765", true, true},
      {"[::1]", true, true},
      {"books.example.com", false, true},
      {"Books.Example.com:443", false, true},
      {"api.example.com:8443", false, true},
      {"api.example.com", false, false},
      {"api.example.com:443", false, false},
      {"evil.example", false, false},
      {"127.0.0.2", false, false},
      {"localhost.evil.example", false, false},
      {"localhost:", false, false},
      {"localhost:abc", false, false},
      {"[::1", false, false},
      {"[]", false, false},         // found by fuzz/http_checks: an empty host
      {"[]:8765", false, false},
      {"[1.2.3.4]", false, false},  // brackets hold only IPv6
      {"a b", false, false},
      {"", false, false},
      {std::nullopt, false, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.host.value_or("(absent)"));
    CHECK(host_allowed(row.host, none) == row.loopback_only);
    CHECK(host_allowed(row.host, public_hosts) == row.with_public);
  }
}

TEST_CASE("normalize_origin") {
  CHECK(normalize_origin("HTTPS://App.Example.com:443/") == "https://app.example.com");
  CHECK(normalize_origin("http://localhost:80") == "http://localhost");
  CHECK(normalize_origin("http://localhost:6274") == "http://localhost:6274");
  CHECK(normalize_origin("http://[::1]:3000") == "http://[::1]:3000");
  CHECK(normalize_origin("null") == std::nullopt);
  CHECK(normalize_origin("file://") == std::nullopt);
  CHECK(normalize_origin("chrome-extension://abc") == std::nullopt);
}

TEST_CASE("origin_allowed: absent is fine; present must be listed, or loopback on loopback") {
  const std::vector<std::string> allow = {"https://chat.example.com", "http://localhost:6274"};
  struct Row {
    std::optional<std::string_view> origin;
    bool on_loopback, on_public;
  };
  const Row rows[] = {
      {std::nullopt, true, true},
      {"https://chat.example.com", true, true},
      {"https://CHAT.example.com:443", true, true},
      {"http://chat.example.com", false, false},
      {"http://localhost:6274", true, true},
      {"http://localhost:3000", true, false},
      {"https://127.0.0.1", true, false},
      {"http://[::1]:5173", true, false},
      {"https://evil.example", false, false},
      {"http://localhost.evil.example", false, false},
      {"null", false, false},
      {"", false, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.origin.value_or("(absent)"));
    CHECK(origin_allowed(row.origin, allow, true) == row.on_loopback);
    CHECK(origin_allowed(row.origin, allow, false) == row.on_public);
  }
}

}  // namespace
}  // namespace tally::http
