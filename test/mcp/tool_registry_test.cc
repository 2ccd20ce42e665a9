#include <doctest/doctest.h>

#include "mcp/json_text.h"
#include "mcp/schema.h"
#include "mcp/tool_registry.h"

using namespace tally::mcp;
namespace s = tally::mcp::schema;

namespace {
class NullContext final : public CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string&, json) override { return nullptr; }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return empty_; }
  json empty_ = json::object();
};

ToolSpec echo_tool(std::string name) {
  return ToolSpec{.name = std::move(name),
                  .title = "Echo",
                  .description = "Echoes an amount.",
                  .input_schema = s::object_schema({s::decimal("amount").required()}),
                  .output_schema = json{{"type", "object"}, {"properties", {{"amount", {{"type", "string"}}}}}},
                  .annotations = {.read_only = true, .idempotent = true},
                  .handler = [](const Args& a, CallContext&) {
                    if (a.decimal_text("amount") == "0") throw ToolError("Amount must not be zero.");
                    return ToolResult::of({{"amount", a.decimal_text("amount")}});
                  }};
}
}  // namespace

TEST_CASE("names are checked and unique") {
  ToolRegistry r;
  r.add(echo_tool("echo"));
  CHECK_THROWS_AS(r.add(echo_tool("echo")), std::invalid_argument);
  CHECK_THROWS_AS(r.add(echo_tool("bad name")), std::invalid_argument);
  CHECK_THROWS_AS(r.add(echo_tool(std::string(129, 'a'))), std::invalid_argument);
}

TEST_CASE("a call's fraction reaches the handler as its source text") {
  ToolRegistry r;
  r.add(echo_tool("echo"));
  std::string err;
  auto line = parse_line(R"({"arguments":{"amount":0.10}})", err);
  NullContext ctx;
  json out = r.call(*r.find("echo"), line->value["arguments"], line->decimals, "/arguments", ctx,
                    Version::k2025_11_25);
  CHECK(out["structuredContent"]["amount"] == "0.10");
  CHECK(out["content"][0]["text"] == "{\"amount\":\"0.10\"}");
  CHECK_FALSE(out.contains("isError"));
}

TEST_CASE("tool errors and validation failures are isError results") {
  ToolRegistry r;
  r.add(echo_tool("echo"));
  NullContext ctx;
  DecimalLexemes none;
  json out = r.call(*r.find("echo"), {{"amount", "0"}}, none, "", ctx, Version::k2025_11_25);
  CHECK(out["isError"] == true);
  CHECK(out["content"][0]["text"] == "Amount must not be zero.");
  out = r.call(*r.find("echo"), json::object(), none, "", ctx, Version::k2025_11_25);
  CHECK(out["content"][0]["text"] == "amount: is required");
}

TEST_CASE("older versions get no structuredContent, outputSchema or title") {
  ToolRegistry r;
  r.add(echo_tool("echo"));
  NullContext ctx;
  DecimalLexemes none;
  json out = r.call(*r.find("echo"), {{"amount", "1"}}, none, "", ctx, Version::k2025_03_26);
  CHECK_FALSE(out.contains("structuredContent"));
  json entry = ToolRegistry::describe(*r.find("echo"), Version::k2025_03_26);
  CHECK_FALSE(entry.contains("outputSchema"));
  CHECK_FALSE(entry.contains("title"));
  CHECK(entry["annotations"]["title"] == "Echo");
  CHECK(ToolRegistry::describe(*r.find("echo"), Version::k2024_11_05).contains("annotations") == false);
}

TEST_CASE("output is checked against outputSchema when asked") {
  ToolRegistry r;
  ToolSpec t = echo_tool("echo");
  t.output_schema = json{{"type", "object"}, {"properties", {{"amount", {{"type", "integer"}}}}}};
  r.add(std::move(t));
  r.set_check_output(true);
  NullContext ctx;
  DecimalLexemes none;
  CHECK_THROWS_AS(r.call(*r.find("echo"), {{"amount", "1"}}, none, "", ctx, Version::k2025_11_25), std::logic_error);
}

TEST_CASE("pages cover every tool once, in order") {
  ToolRegistry r;
  for (int i = 0; i < 7; ++i) r.add(echo_tool("t" + std::to_string(i)));
  std::vector<std::string> names;
  json cursor;
  for (int pages = 0; pages < 10; ++pages) {
    json page = r.list(Version::k2025_11_25, cursor, 3);
    for (const auto& t : page["tools"]) names.push_back(t["name"]);
    if (!page.contains("nextCursor")) break;
    cursor = page["nextCursor"];
  }
  CHECK(names == std::vector<std::string>{"t0", "t1", "t2", "t3", "t4", "t5", "t6"});
  CHECK_THROWS_AS(r.list(Version::k2025_11_25, "tally-page-99", 3), RpcError);
  CHECK_THROWS_AS(r.list(Version::k2025_11_25, 5, 3), RpcError);
  CHECK_FALSE(r.list(Version::k2025_11_25, nullptr, 0).contains("nextCursor"));
}

TEST_CASE("a result written as text is sent as the same line a json result makes") {
  const json page = {{"count", 2}, {"rows", {{{"note", "a \"quoted\"\nline"}}, {{"note", nullptr}}}}};
  auto tool = [&](bool as_text) {
    return ToolSpec{.name = as_text ? "as_text" : "as_json",
                    .title = "Page",
                    .description = "A page.",
                    .input_schema = s::object_schema({}),
                    .output_schema = json{{"type", "object"}},
                    .annotations = {.read_only = true, .idempotent = true},
                    .handler = [&page, as_text](const Args&, CallContext&) {
                      return as_text ? ToolResult::of_text(page.dump()) : ToolResult::of(page);
                    }};
  };
  ToolRegistry r;
  r.add(tool(true));
  r.add(tool(false));
  NullContext ctx;
  DecimalLexemes none;
  for (Version v : {Version::k2025_11_25, Version::k2025_03_26}) {
    json text = r.call(*r.find("as_text"), json::object(), none, "", ctx, v);
    json plain = r.call(*r.find("as_json"), json::object(), none, "", ctx, v);
    CHECK(to_line(make_result(1, text)) == to_line(make_result(1, plain)));
    CHECK(expand_result(text) == plain);
  }
}
