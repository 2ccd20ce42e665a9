#include <doctest/doctest.h>

#include "mcp/message_parser.h"

using namespace tally::mcp;

TEST_CASE("fractional numbers keep their source text by JSON pointer") {
  std::string err;
  auto p = parse_line(R"({"params":{"arguments":{"amount":10.005,"n":3,"list":[1.10,{"x":2.50}]}}})", err);
  REQUIRE(p);
  CHECK(*p->decimals.find("/params/arguments/amount") == "10.005");
  CHECK(*p->decimals.find("/params/arguments/list/0") == "1.10");
  CHECK(*p->decimals.find("/params/arguments/list/1/x") == "2.50");
  CHECK(p->decimals.find("/params/arguments/n") == nullptr);
  CHECK(p->value["params"]["arguments"]["n"] == 3);
}

TEST_CASE("a batch element's lexemes are re-keyed to the element") {
  std::string err;
  auto p = parse_line(R"([{"a":1.5},{"a":2.25}])", err);
  REQUIRE(p);
  auto second = p->decimals.under("/1");
  CHECK(*second.find("/a") == "2.25");
  CHECK(second.find("/0/a") == nullptr);
  CHECK(*p->decimals.under("/0").find("/a") == "1.5");
}

TEST_CASE("exponents and large numbers keep their text too") {
  std::string err;
  auto p = parse_line(R"({"a":1e2,"b":0.1000000000000000055511151231257827})", err);
  REQUIRE(p);
  CHECK(*p->decimals.find("/a") == "1e2");
  CHECK(*p->decimals.find("/b") == "0.1000000000000000055511151231257827");
}

TEST_CASE("malformed input, bad UTF-8 and hostile nesting are refused") {
  std::string err;
  CHECK_FALSE(parse_line("{", err));
  CHECK_FALSE(parse_line("{\"a\":\"\xff\"}", err));
  CHECK(err.find("UTF-8") != std::string::npos);
  CHECK_FALSE(parse_line(std::string(65, '[') + std::string(65, ']'), err));
  CHECK(err == "nesting deeper than 64 levels");
  CHECK(parse_line(std::string(64, '[') + std::string(64, ']'), err));
  CHECK_FALSE(parse_line("{} {}", err));
}
