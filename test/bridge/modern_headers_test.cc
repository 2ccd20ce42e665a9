// Header derivation for 2026-07-28 requests (protocol-2026.md §B1, §C2; SEP-2243).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "modern_headers.h"

using namespace tally::bridge;
using nlohmann::json;

TEST_CASE("plain visible ASCII goes as is; anything else as the base64 sentinel") {
  CHECK(encode_header_value("us-west1") == "us-west1");
  CHECK(encode_header_value("us west 1") == "us west 1");
  CHECK(encode_header_value("") == "");
  CHECK(encode_header_value(" padded ") == "=?base64?IHBhZGRlZCA=?=");
  CHECK(encode_header_value("line1\nline2") == "=?base64?bGluZTEKbGluZTI=?=");
  CHECK(encode_header_value("\tindented") == "=?base64?CWluZGVudGVk?=");
  CHECK(encode_header_value("Hello, \xe4\xb8\x96\xe7\x95\x8c") == "=?base64?SGVsbG8sIOS4lueVjA==?=");
  // A value that looks like the sentinel is encoded too, so the server decodes it back.
  CHECK(encode_header_value("=?base64?abc?=") == "=?base64?PT9iYXNlNjQ/YWJjPz0=?=");
}

TEST_CASE("x-mcp-header designations are read, and invalid ones refuse the tool") {
  auto tool = [](json props) { return json{{"name", "t"}, {"inputSchema", {{"type", "object"}, {"properties", props}}}}; };
  ParamHeaders out;
  std::string why;
  CHECK(read_param_headers(tool({{"region", {{"type", "string"}, {"x-mcp-header", "Region"}}},
                                 {"query", {{"type", "string"}}}}),
                           out, why));
  CHECK(out == ParamHeaders{{"Region", "region"}});
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "string"}, {"x-mcp-header", ""}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "number"}, {"x-mcp-header", "N"}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "object"}, {"x-mcp-header", "O"}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "string"}, {"x-mcp-header", "My Region"}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "string"}, {"x-mcp-header", "A:B"}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"v", {{"type", "string"}, {"x-mcp-header", "R\xc3\xa9gion"}}}}), out, why));
  CHECK_FALSE(read_param_headers(tool({{"a", {{"type", "string"}, {"x-mcp-header", "MyField"}}},
                                       {"b", {{"type", "string"}, {"x-mcp-header", "myfield"}}}}),
                                 out, why));
  json result = {{"tools", {tool({{"v", {{"type", "number"}, {"x-mcp-header", "N"}}}}),
                            json{{"name", "ok"}, {"inputSchema", {{"type", "object"}}}}}}};
  auto kept = screen_tools(result);
  CHECK(result["tools"].size() == 1);
  CHECK(result["tools"][0]["name"] == "ok");
  CHECK(kept.empty());
}
