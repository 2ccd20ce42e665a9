#include "http/access_log.h"

#include <doctest/doctest.h>

namespace tally::http {
namespace {

TEST_CASE("access_log_line: path without query, fields, one line whatever the client sent") {
  CHECK(access_log_line("POST", "/mcp", 200, 12, {{"tool", "add_transaction"}, {"key", "k_1"}}) ==
        "POST /mcp 200 12ms tool=add_transaction key=k_1");
  CHECK(access_log_line("GET", "/t?token=secret", 404, 0, {}) == "GET /t 404 0ms");
  CHECK(access_log_line("GET", "/a b\r\nFAKE 200", 400, 1, {{"k", "v w"}}) ==
        "GET /a\\x20b\\x0d\\x0aFAKE\\x20200 400 1ms k=v\\x20w");
}

}  // namespace
}  // namespace tally::http
