#include <doctest/doctest.h>

#include "mcp/schema.h"

namespace s = tally::mcp::schema;
using tally::mcp::json;

namespace {
json tool_schema() {
  return s::object_schema({
      s::string("title").required().min_length(1).max_length(5),
      s::integer("limit").min(1).max(500).def(50),
      s::enumeration("type", {"earn", "redeem"}),
      s::date("date"),
      s::datetime("before"),
      s::decimal("amount"),
      s::boolean("flag").def(false),
      s::string("note").nullable(),
      s::array("splits", s::object_schema({s::string("personId").required(), s::decimal("amount").required()}))
          .min_items(1),
  });
}

std::string problem(json args) {
  auto p = s::validate(tool_schema(), args);
  return p ? *p : "";
}
}  // namespace

TEST_CASE("the schema shows every limit as JSON Schema keywords") {
  json sch = tool_schema();
  CHECK(sch["type"] == "object");
  CHECK(sch["additionalProperties"] == false);
  CHECK(sch["required"] == json::array({"title"}));
  CHECK(sch["properties"]["limit"] == json({{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}}));
  CHECK(sch["properties"]["type"]["enum"] == json::array({"earn", "redeem"}));
  CHECK(sch["properties"]["note"]["type"] == json::array({"string", "null"}));
}

TEST_CASE("valid arguments pass and get their defaults") {
  json args = {{"title", "ok"}};
  CHECK_FALSE(s::validate(tool_schema(), args));
  CHECK(args["limit"] == 50);
  CHECK(args["flag"] == false);
  CHECK_FALSE(args.contains("type"));
}

TEST_CASE("each rule names the field and what was wrong") {
  CHECK(problem(json::object()) == "title: is required");
  CHECK(problem({{"title", 5}}) == "title: must be a string (got integer 5)");
  CHECK(problem({{"title", ""}}) == "title: must not be empty");
  CHECK(problem({{"title", "toolong"}}) == "title: must be at most 5 characters (got 7)");
  CHECK(problem({{"title", "ünï"}}) == "");  // characters, not bytes
  CHECK(problem({{"title", "a"}, {"limit", 900}}) == "limit: must be at most 500 (got 900)");
  CHECK(problem({{"title", "a"}, {"limit", 0}}) == "limit: must be at least 1 (got 0)");
  CHECK(problem({{"title", "a"}, {"limit", 10.5}}) == "limit: must be a whole number (got 10.5)");
  CHECK(problem({{"title", "a"}, {"limit", "5"}}) == "limit: must be an integer (got string \"5\")");
  CHECK(problem({{"title", "a"}, {"type", "gift"}}) == "type: must be one of \"earn\", \"redeem\" (got \"gift\")");
  CHECK(problem({{"title", "a"}, {"date", "2025-02-30"}}) ==
        "date: \"2025-02-30\" is not a real calendar date (expected YYYY-MM-DD)");
  CHECK(problem({{"title", "a"}, {"date", "2024-02-29"}}) == "");
  CHECK(problem({{"title", "a"}, {"before", "yesterday"}}).rfind("before: \"yesterday\" is not an ISO 8601 date-time", 0) == 0);
  CHECK(problem({{"title", "a"}, {"amount", true}}) == "amount: must be a string or a number (got boolean true)");
  CHECK(problem({{"title", "a"}, {"extra", 1}}).rfind("extra: is not a parameter here (expected ", 0) == 0);
  CHECK(problem({{"title", "a"}, {"splits", json::array()}}) == "splits: must have at least 1 item");
  CHECK(problem({{"title", "a"}, {"splits", {{{"amount", "1"}}}}}) == "splits[0].personId: is required");
  CHECK(problem({{"title", "a"}, {"note", nullptr}}) == "");
}

TEST_CASE("10.0 counts as an integer and is stored as one") {
  json args = {{"title", "a"}, {"limit", 10.0}};
  CHECK_FALSE(s::validate(tool_schema(), args));
  CHECK(args["limit"].is_number_integer());
}
