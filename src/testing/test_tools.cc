#include "testing/test_tools.h"

#include "app/call_store.h"
#include "testing/conformance_offerings.h"

#include <chrono>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "mcp/schema.h"

namespace tally::testing {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

// A 1×1 red PNG and a 16-sample silent WAV.
constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
constexpr const char* kWav =
    "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

json text(const std::string& t) { return json{{"type", "text"}, {"text", t}}; }

void pause_ms(mcp::CallContext& ctx, int ms) {
  for (int waited = 0; waited < ms; waited += 10) {
    ctx.check_cancelled();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

mcp::ToolSpec plain(std::string name, std::string description, mcp::Handler handler,
                    std::vector<s::Field> params = {}) {
  return mcp::ToolSpec{.name = std::move(name),
                       .title = "",
                       .description = std::move(description),
                       .input_schema = s::object_schema(params),
                       .output_schema = nullptr,
                       .annotations = {.read_only = true, .idempotent = true},
                       .handler = std::move(handler)};
}

std::vector<mcp::ToolSpec> conformance_tools() {
  std::vector<mcp::ToolSpec> t;
  t.push_back(plain("test_simple_text", "Returns a simple text response.", [](auto&, auto&) {
    return ToolResult::blocks(json::array({text("This is a simple text response for testing.")}));
  }));
  t.push_back(plain("test_image_content", "Returns a 1x1 PNG image.", [](auto&, auto&) {
    return ToolResult::blocks(
        json::array({json{{"type", "image"}, {"data", kPng}, {"mimeType", "image/png"}}}));
  }));
  t.push_back(plain("test_audio_content", "Returns a short WAV clip.", [](auto&, auto&) {
    return ToolResult::blocks(
        json::array({json{{"type", "audio"}, {"data", kWav}, {"mimeType", "audio/wav"}}}));
  }));
  t.push_back(plain("test_embedded_resource", "Returns an embedded text resource.", [](auto&, auto&) {
    return ToolResult::blocks(json::array({json{
        {"type", "resource"},
        {"resource",
         {{"uri", "test://embedded-resource"},
          {"mimeType", "text/plain"},
          {"text", "This is an embedded resource content."}}}}}));
  }));
  t.push_back(plain("test_multiple_content_types", "Returns text, an image and a resource.",
                    [](auto&, auto&) {
                      return ToolResult::blocks(json::array(
                          {text("Multiple content types test:"),
                           json{{"type", "image"}, {"data", kPng}, {"mimeType", "image/png"}},
                           json{{"type", "resource"},
                                {"resource",
                                 {{"uri", "test://mixed-content-resource"},
                                  {"mimeType", "application/json"},
                                  {"text", R"({"test":"data","value":123})"}}}}}));
                    }));
  t.push_back(plain("test_tool_with_logging", "Sends three log messages while it runs.",
                    [](auto&, mcp::CallContext& ctx) {
                      ctx.log(mcp::LogLevel::kInfo, "test", "Tool execution started");
                      pause_ms(ctx, 50);
                      ctx.log(mcp::LogLevel::kInfo, "test", "Tool processing data");
                      pause_ms(ctx, 50);
                      ctx.log(mcp::LogLevel::kInfo, "test", "Tool execution completed");
                      return ToolResult::blocks(json::array({text("Tool with logging executed successfully")}));
                    }));
  t.push_back(plain("test_error_handling", "Always fails.", [](auto&, auto&) -> ToolResult {
    throw mcp::ToolError("This tool intentionally returns an error for testing");
  }));
  t.push_back(plain("test_tool_with_progress", "Reports progress 0, 50, 100.",
                    [](auto&, mcp::CallContext& ctx) {
                      ctx.progress(0, 100, "");
                      pause_ms(ctx, 50);
                      ctx.progress(50, 100, "");
                      pause_ms(ctx, 50);
                      ctx.progress(100, 100, "");
                      return ToolResult::blocks(json::array({text("Tool with progress executed successfully")}));
                    }));
  t.push_back(plain(
      "test_sampling", "Asks the client's model to answer a prompt.",
      [](const mcp::Args& a, mcp::CallContext& ctx) {
        json result = ctx.request_client(
            "sampling/createMessage",
            {{"messages", json::array({{{"role", "user"},
                                        {"content", {{"type", "text"}, {"text", a.str("prompt")}}}}})},
             {"maxTokens", 100}});
        std::string answer = result.contains("content") && result["content"].is_object()
                                 ? result["content"].value("text", std::string())
                                 : std::string();
        return ToolResult::blocks(json::array({text("LLM response: " + answer)}));
      },
      {s::string("prompt").required()}));
  t.push_back(plain(
      "test_elicitation", "Asks the user for a username and e-mail address.",
      [](const mcp::Args& a, mcp::CallContext& ctx) {
        json result = ctx.request_client(
            "elicitation/create",
            {{"message", a.str("message")},
             {"requestedSchema",
              {{"type", "object"},
               {"properties",
                {{"username", {{"type", "string"}, {"description", "User's response"}}},
                 {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
               {"required", {"username", "email"}}}}});
        return ToolResult::blocks(json::array({text("User response: " + result.dump())}));
      },
      {s::string("message").required()}));
  t.push_back(plain(
      "test_elicitation_sep1034_defaults", "Elicits values whose schema has defaults.",
      [](auto&, mcp::CallContext& ctx) {
        json schema{
            {"type", "object"},
            {"properties",
             {{"name", {{"type", "string"}, {"default", "John Doe"}}},
              {"age", {{"type", "integer"}, {"default", 30}}},
              {"score", {{"type", "number"}, {"default", 95.5}}},
              {"status",
               {{"type", "string"}, {"enum", {"active", "inactive", "pending"}}, {"default", "active"}}},
              {"verified", {{"type", "boolean"}, {"default", true}}}}}};
        json result = ctx.request_client("elicitation/create",
                                         {{"message", "Please review your details"}, {"requestedSchema", schema}});
        return ToolResult::blocks(json::array({text("Elicitation completed: action=" +
                                                    result.value("action", std::string()) +
                                                    ", content=" + result.value("content", json::object()).dump())}));
      }));
  t.push_back(plain(
      "test_elicitation_sep1330_enums", "Elicits all five enum schema variants.",
      [](auto&, mcp::CallContext& ctx) {
        json schema{
            {"type", "object"},
            {"properties",
             {{"untitledSingle", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}},
              {"titledSingle",
               {{"type", "string"},
                {"oneOf",
                 {{{"const", "value1"}, {"title", "First Option"}},
                  {{"const", "value2"}, {"title", "Second Option"}},
                  {{"const", "value3"}, {"title", "Third Option"}}}}}},
              {"legacyEnum",
               {{"type", "string"},
                {"enum", {"opt1", "opt2", "opt3"}},
                {"enumNames", {"Option One", "Option Two", "Option Three"}}}},
              {"untitledMulti",
               {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}}},
              {"titledMulti",
               {{"type", "array"},
                {"items",
                 {{"anyOf",
                   {{{"const", "value1"}, {"title", "First Choice"}},
                    {{"const", "value2"}, {"title", "Second Choice"}},
                    {{"const", "value3"}, {"title", "Third Choice"}}}}}}}}}}};
        json result = ctx.request_client("elicitation/create",
                                         {{"message", "Please pick options"}, {"requestedSchema", schema}});
        return ToolResult::blocks(json::array({text("Elicitation completed: action=" +
                                                    result.value("action", std::string()) +
                                                    ", content=" + result.value("content", json::object()).dump())}));
      }));
  return t;
}

}  // namespace

app::Toolset test_toolset() {
  app::Toolset set;
  set.name = "test";
  set.summary = "test-only tools (conformance suite, cancellation, progress)";
  set.migrations = [] {
    return std::vector<store::Migration>{
        {"test", 1,
         "CREATE TABLE test_mark (id INTEGER PRIMARY KEY, workspace_id INTEGER NOT NULL, note TEXT "
         "NOT NULL) STRICT;"}};
  };
  set.tools = [] {
    std::vector<mcp::ToolSpec> tools = conformance_tools();
    for (auto& t : input_required_tools()) tools.push_back(std::move(t));
    tools.push_back(mcp::ToolSpec{
        .name = "test_slow_write",
        .title = "Slow write (test)",
        .description = "Writes a mark in a transaction, then waits `seconds` (reporting progress "
                       "every 100 ms) before committing. Cancelling it rolls the mark back.",
        .input_schema = s::object_schema({s::number("seconds").min(0).max(60).def(1),
                                          s::string("note").def("mark").max_length(100)}),
        .output_schema = nullptr,
        .annotations = {.destructive = false},
        .handler =
            [](const mcp::Args& a, mcp::CallContext& ctx) {
              store::Store& st = app::store_of(ctx);
              store::Transaction tx(st.db);
              SQLite::Statement insert(st.db, "INSERT INTO test_mark (workspace_id, note) VALUES (?, ?)");
              insert.bind(1, st.workspace_id);
              insert.bind(2, a.str("note"));
              insert.exec();
              int steps = static_cast<int>(a.raw()["seconds"].get<double>() * 10);
              for (int i = 0; i < steps; ++i) {
                ctx.progress(i, steps, "waiting");
                pause_ms(ctx, 100);
              }
              ctx.check_cancelled();
              tx.commit();
              return ToolResult::of({{"written", true}, {"note", a.str("note")}});
            }});
    tools.push_back(mcp::ToolSpec{
        .name = "test_count_marks",
        .title = "Count marks (test)",
        .description = "Counts the marks test_slow_write committed.",
        .input_schema = s::object_schema({}),
        .output_schema = nullptr,
        .annotations = {.read_only = true, .idempotent = true},
        .handler =
            [](const mcp::Args&, mcp::CallContext& ctx) {
              store::Store& st = app::store_of(ctx);
              SQLite::Statement q(st.db, "SELECT count(*) FROM test_mark WHERE workspace_id = ?");
              q.bind(1, st.workspace_id);
              q.executeStep();
              return ToolResult::of({{"count", q.getColumn(0).getInt64()}});
            }});
    return tools;
  };
  return set;
}

}  // namespace tally::testing
