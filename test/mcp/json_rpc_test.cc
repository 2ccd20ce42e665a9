#include <doctest/doctest.h>

#include "mcp/json_rpc.h"

using namespace tally::mcp;

TEST_CASE("ids are strings or integers only") {
  CHECK(is_valid_id(json("a")));
  CHECK(is_valid_id(json(7)));
  CHECK(is_valid_id(json(-7)));
  CHECK_FALSE(is_valid_id(json(nullptr)));
  CHECK_FALSE(is_valid_id(json(1.5)));
  CHECK_FALSE(is_valid_id(json(true)));
  CHECK_FALSE(is_valid_id(json::object()));
  CHECK_FALSE(is_valid_id(json::array()));
}

TEST_CASE("messages are compact single lines") {
  CHECK(to_line(make_result(1, json::object())) == R"({"id":1,"jsonrpc":"2.0","result":{}})");
  CHECK(to_line(make_error(nullptr, ErrorCode::kParseError, "Parse error")) ==
        R"({"error":{"code":-32700,"message":"Parse error"},"id":null,"jsonrpc":"2.0"})");
  json with_newline = make_result("x", {{"text", "a\nb"}});
  CHECK(to_line(with_newline).find('\n') == std::string::npos);
}

TEST_CASE("invalid UTF-8 from storage is replaced, not thrown") {
  json bad = make_result(1, {{"text", std::string("caf\xC3", 4)}});
  std::string line;
  CHECK_NOTHROW(line = to_line(bad));
  CHECK(line.find("\xEF\xBF\xBD") != std::string::npos);
}
