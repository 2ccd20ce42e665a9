#include <doctest/doctest.h>

#include "mcp/envelope.h"
#include "mcp/era.h"

using namespace tally::mcp;

namespace {

json meta(json fields) { return json{{"_meta", std::move(fields)}}; }

json valid_meta() {
  return json{{meta_key::kProtocolVersion, "2026-07-28"}, {meta_key::kClientCapabilities, json::object()}};
}

/// The RpcError read_envelope throws for `params`.
RpcError failure(const json& params) {
  try {
    read_envelope(params);
  } catch (const RpcError& e) {
    return e;
  }
  FAIL("read_envelope accepted " << params.dump());
  return RpcError(ErrorCode::kInternalError, "unreachable");
}

}  // namespace

TEST_CASE("a complete envelope is read without copies") {
  json params = meta(valid_meta());
  params["_meta"][meta_key::kClientInfo] = {{"name", "c"}, {"version", "1"}};
  params["_meta"][meta_key::kLogLevel] = "warning";
  Envelope e = read_envelope(params);
  CHECK(e.client_capabilities == &params["_meta"][meta_key::kClientCapabilities]);
  CHECK(e.client_info == &params["_meta"][meta_key::kClientInfo]);
  CHECK(e.log_level == LogLevel::kWarning);
}

TEST_CASE("clientInfo and logLevel are optional") {
  json params = meta(valid_meta());
  Envelope e = read_envelope(params);
  CHECK(e.client_info == nullptr);
  CHECK_FALSE(e.log_level.has_value());
}

TEST_CASE("missing params or _meta names the keys a modern request carries") {
  for (const json& params : {json::object(), meta(json::object()), meta("x"), json(nullptr)}) {
    RpcError e = failure(params);
    CHECK(e.code() == ErrorCode::kInvalidParams);
    CHECK(std::string(e.what()) ==
          "Invalid params: a 2026-07-28 request carries \"params\": {\"_meta\": "
          "{\"io.modelcontextprotocol/protocolVersion\": \"2026-07-28\", "
          "\"io.modelcontextprotocol/clientCapabilities\": {...}}}; legacy clients send initialize "
          "first instead");
  }
}

TEST_CASE("a non-string version is invalid params") {
  json m = valid_meta();
  m[meta_key::kProtocolVersion] = 20260728;
  RpcError e = failure(meta(m));
  CHECK(e.code() == ErrorCode::kInvalidParams);
  CHECK(std::string(e.what()) ==
        "Invalid params: \"io.modelcontextprotocol/protocolVersion\" must be a string such as \"2026-07-28\"");
}

TEST_CASE("any other version is -32022 naming supported and requested, checked before capabilities") {
  for (const char* v : {"2099-01-01", "2025-11-25", ""}) {
    // clientCapabilities is missing too: the version error wins (protocol-2026.md A2, ours).
    RpcError e = failure(meta({{meta_key::kProtocolVersion, v}}));
    CHECK(static_cast<int>(e.code()) == -32022);
    CHECK(e.data() == json{{"supported", json::array({"2026-07-28"})}, {"requested", v}});
  }
}

TEST_CASE("clientCapabilities must be an object") {
  for (const json& caps : {json(nullptr), json("all"), json::array()}) {
    json m = valid_meta();
    m[meta_key::kClientCapabilities] = caps;
    RpcError e = failure(meta(m));
    CHECK(e.code() == ErrorCode::kInvalidParams);
    CHECK(std::string(e.what()) ==
          "Invalid params: \"_meta\" needs \"io.modelcontextprotocol/clientCapabilities\" (an "
          "object; {} declares none)");
  }
  json m = valid_meta();
  m.erase(meta_key::kClientCapabilities);
  CHECK(failure(meta(m)).code() == ErrorCode::kInvalidParams);
}

TEST_CASE("a logLevel outside the eight levels is invalid params") {
  for (const json& level : {json("loud"), json(3), json("INFO")}) {
    json m = valid_meta();
    m[meta_key::kLogLevel] = level;
    RpcError e = failure(meta(m));
    CHECK(e.code() == ErrorCode::kInvalidParams);
    CHECK(std::string(e.what()).find("must be one of debug, info") != std::string::npos);
  }
}

TEST_CASE("a non-object clientInfo is ignored, never required") {
  json m = valid_meta();
  m[meta_key::kClientInfo] = "me";
  json params = meta(m);
  CHECK(read_envelope(params).client_info == nullptr);
}
