// JsonText must write exactly what nlohmann's compact dump writes for the same
// values, and to_line must splice a raw structuredContent only where it belongs.
#include "mcp/json_text.h"

#include <doctest/doctest.h>

#include "mcp/json_rpc.h"

using namespace tally::mcp;

namespace {
std::string nl(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

TEST_CASE("strings are escaped as nlohmann escapes them") {
  using namespace std::string_literals;
  const std::string samples[] = {"plain",
                                 "",
                                 "quote \" and backslash \\",
                                 "tab\tnewline\nreturn\rback\bform\f",
                                 "nul \0 and \x01 \x1f \x7f"s,  // 15 bytes (a length of 17 read past the literal: ASan)
                                 "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xb0",
                                 "bad \xff byte",
                                 "truncated \xe2\x82",
                                 "overlong \xc0\xaf",
                                 "surrogate \xed\xa0\x80",
                                 "past U+10FFFF \xf4\x90\x80\x80"};
  for (const auto& s : samples) {
    JsonText t;
    t.string(s);
    CHECK(t.str() == nl(json(s)));
  }
}

TEST_CASE("string_of_json writes what string writes, for JSON texts and anything else") {
  using namespace std::string_literals;
  const std::string samples[] = {R"({"a":"b \" c","n":[1,2.5,null],"p":"C:\\x"})",
                                 "{}",
                                 "",
                                 "{\n  \"pretty\": true\n}",  // whitespace JSON allows: falls back
                                 "{\"name\":\"caf\xc3\xa9\"}",
                                 "bad \xff byte",
                                 "nul \0 and \x01"s};
  for (const auto& s : samples) {
    JsonText fast, general;
    fast.begin_array().string("first").string_of_json(s).end_array();
    general.begin_array().string("first").string(s).end_array();
    CHECK(fast.str() == general.str());
    CHECK(fast.str() == nl(json::array({"first", s})));
  }
}

TEST_CASE("containers, keys, numbers and literals match a compact dump") {
  JsonText t;
  t.begin_object()
      .key("a")
      .integer(-9223372036854775807LL - 1)
      .key("b")
      .begin_array()
      .integer(1)
      .null()
      .boolean(true)
      .boolean(false)
      .begin_array()
      .end_array()
      .begin_object()
      .end_object()
      .end_array()
      .key("c")
      .raw_value("12.5")
      .key("d")
      .begin_object()
      .key("x")
      .string("y")
      .end_object()
      .end_object();
  json expected = {{"a", INT64_MIN},
                   {"b", {1, nullptr, true, false, json::array(), json::object()}},
                   {"c", 12.5},
                   {"d", {{"x", "y"}}}};
  CHECK(t.str() == nl(expected));
  CHECK(json::parse(t.str()) == expected);
}

TEST_CASE("to_line writes a raw structuredContent as its text, alone and in a batch") {
  const std::string page = R"({"count":1,"rows":[{"note":"a \"q\""}]})";
  json result = {{"content", json::array({{{"type", "text"}, {"text", page}}})},
                 {"structuredContent", raw_json(page)}};
  json response = make_result(7, result);
  json plain =
      make_result(7, {{"content", result["content"]}, {"structuredContent", json::parse(page)}});
  CHECK(to_line(response) == to_line(plain));
  CHECK(json::parse(to_line(response)) == plain);

  json batch = json::array({response, make_error(8, ErrorCode::kMethodNotFound, "no"), plain});
  json plain_batch = json::array({plain, make_error(8, ErrorCode::kMethodNotFound, "no"), plain});
  CHECK(to_line(batch) == to_line(plain_batch));
}

TEST_CASE("a raw value anywhere else is ordinary data, and expand_raw parses it back") {
  json v = raw_json("{\"k\":1}");
  REQUIRE(raw_text(v) != nullptr);
  CHECK(expand_raw(v) == json{{"k", 1}});
  CHECK(expand_raw(json{{"k", 1}}) == json{{"k", 1}});
  CHECK(raw_text(json{{"tally-raw-json", "x"}}) == nullptr);
  // Not under result.structuredContent: dumped as the object it is, never spliced.
  json notification = make_notification("x", {{"structuredContent", v}});
  CHECK(to_line(notification) == nl(notification));
  json error_data = make_error(1, ErrorCode::kInvalidParams, "bad", {{"structuredContent", v}});
  CHECK(to_line(error_data) == nl(error_data));
}
