#include <doctest/doctest.h>

#include "mcp/era.h"

using namespace tally::mcp;

namespace {
json request(json params) {
  return json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"}, {"params", std::move(params)}};
}
}  // namespace

TEST_CASE("a protocolVersion in params._meta makes a request modern") {
  CHECK(era_of(request({{"_meta", {{meta_key::kProtocolVersion, "2026-07-28"}}}})) == Era::kModern);
  // Any value claims the era; the envelope check reports a bad one with the modern error.
  CHECK(era_of(request({{"_meta", {{meta_key::kProtocolVersion, 20260728}}}})) == Era::kModern);
  CHECK(era_of(request({{"_meta", {{meta_key::kProtocolVersion, "2025-11-25"}}}})) == Era::kModern);
}

TEST_CASE("without the claim a request is legacy") {
  CHECK(era_of(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}}) == Era::kLegacy);
  CHECK(era_of(request(json::object())) == Era::kLegacy);
  CHECK(era_of(request({{"_meta", {{"progressToken", 3}}}})) == Era::kLegacy);
  CHECK(era_of(request({{"_meta", {{meta_key::kClientCapabilities, json::object()}}}})) == Era::kLegacy);
  CHECK(era_of(request({{"_meta", "2026-07-28"}})) == Era::kLegacy);
  CHECK(era_of(request({{"protocolVersion", "2026-07-28"}})) == Era::kLegacy);  // initialize's field
  CHECK(era_of(json::array()) == Era::kLegacy);
}
