#include "tool_filter.h"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

using namespace tally::bridge;

TEST_CASE("glob patterns are case-insensitive with * only") {
  CHECK(glob_match("delete_*", "DELETE_offer"));
  CHECK(glob_match("*secret*", "rotate_offer_postback_secret"));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("pause_*", "unpause_offer"));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
  CHECK(glob_match("echo", "Echo"));
}

TEST_CASE("tools/list responses lose the hidden tools, other fields intact") {
  ToolFilter f({"delete_*", "ECHO"});
  std::string out;
  REQUIRE(f.filter_tools_list(
      R"({"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":"echo"},{"name":"list_cards"},{"name":"delete_card"}],"nextCursor":"c"}})",
      out));
  auto j = nlohmann::json::parse(out);
  CHECK(j["result"]["tools"].size() == 1);
  CHECK(j["result"]["tools"][0]["name"] == "list_cards");
  CHECK(j["result"]["nextCursor"] == "c");
  CHECK(j["id"] == 3);
  CHECK_FALSE(f.filter_tools_list(R"({"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":"list_cards"}]}})", out));
  CHECK(out.empty());
}

TEST_CASE("the tool name of a call") {
  CHECK(ToolFilter::tool_name_of_call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}})") == "echo");
  CHECK(ToolFilter::tool_name_of_call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})").empty());
}
