// The protocol core in process, as both transports use it: one Dispatcher,
// a Session per client, answers returned or written to a Sink.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "mcp/dispatcher.h"
#include "mcp/schema.h"

using namespace tally::mcp;
namespace s = tally::mcp::schema;

namespace {

class CollectingSink final : public Sink {
 public:
  void send(const json& message) override {
    std::lock_guard lock(mu);
    sent.push_back(message);
  }
  void send_result(const json& id, std::string_view result) override {
    std::lock_guard lock(mu);
    sent.push_back(json{{"id", id}, {"jsonrpc", "2.0"}, {"result", json::parse(result)}});
  }
  std::mutex mu;
  std::vector<json> sent;
};

class Marker final : public CallScope {
 public:
  int calls = 0;
};

void add_tools(ToolRegistry& tools) {
    tools.add(ToolSpec{.name = "read_thing",
                       .title = "Read",
                       .description = "Reads.",
                       .input_schema = s::object_schema({}),
                       .annotations = {.read_only = true, .idempotent = true},
                       .handler = [](const Args&, CallContext& ctx) {
                         // The application's binding reaches the handler through the call.
                         if (auto* m = dynamic_cast<Marker*>(ctx.scope)) ++m->calls;
                         return ToolResult::of({{"ok", true}});
                       },
                       .toolset = "ledger"});
    tools.add(ToolSpec{.name = "write_thing",
                       .title = "Write",
                       .description = "Writes.",
                       .input_schema = s::object_schema({}),
                       .annotations = {},
                       .handler = [](const Args&, CallContext& ctx) {
                         ctx.check_cancelled();
                         return ToolResult::of({{"written", true}});
                       },
                       .toolset = "ledger"});
}

ToolRegistry& registry() {
  static ToolRegistry r;
  static const bool filled = (add_tools(r), true);
  (void)filled;
  return r;
}

json request(json id, const std::string& method, json params = json::object()) {
  return json{{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method}, {"params", std::move(params)}};
}

json call(json id, const std::string& tool) { return request(std::move(id), "tools/call", {{"name", tool}}); }

json modern(json params) {
  params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                     {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  return params;
}

}  // namespace

TEST_CASE("a legacy session: initialize, then list and call; the binding reaches the handler") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  CollectingSink sink;
  Marker marker;
  Binding binding{&marker, nullptr};
  auto init = d.process(request(1, "initialize", {{"protocolVersion", "2025-06-18"}}), {}, session, sink, binding);
  REQUIRE(init);
  CHECK((*init)["result"]["protocolVersion"] == "2025-06-18");
  auto listed = d.process(request(2, "tools/list"), {}, session, sink, binding);
  CHECK((*listed)["result"]["tools"].size() == 2);
  auto called = d.process(call(3, "read_thing"), {}, session, sink, binding);
  CHECK((*called)["result"]["structuredContent"]["ok"] == true);
  CHECK(marker.calls == 1);
}

TEST_CASE("a fresh session (a stateless HTTP request) needs initialize for legacy methods") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  CollectingSink sink;
  auto answer = d.process(call(1, "read_thing"), {}, session, sink, {});
  CHECK((*answer)["error"]["code"] == -32600);
  session.initialized = true;  // what the HTTP endpoint does from MCP-Protocol-Version
  answer = d.process(call(2, "read_thing"), {}, session, sink, {});
  CHECK((*answer)["result"]["structuredContent"]["ok"] == true);
}

TEST_CASE("a read-only view hides write tools from the list and the call") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  session.initialized = true;
  CollectingSink sink;
  ToolAccess read_only;
  read_only.read_only = true;
  Binding binding{nullptr, &read_only};
  auto listed = d.process(request(1, "tools/list"), {}, session, sink, binding);
  REQUIRE((*listed)["result"]["tools"].size() == 1);
  CHECK((*listed)["result"]["tools"][0]["name"] == "read_thing");
  auto refused = d.process(call(2, "write_thing"), {}, session, sink, binding);
  CHECK((*refused)["error"]["code"] == -32602);
  CHECK((*refused)["error"]["message"].get<std::string>().rfind("Unknown tool: write_thing", 0) == 0);
  CHECK(d.is_write_call(call(3, "write_thing")));
  CHECK_FALSE(d.is_write_call(call(4, "read_thing")));
}

TEST_CASE("modern lists are private when answers depend on the credential, and repeat byte-identically") {
  DispatchOptions options;
  options.private_lists = [] { return true; };
  Dispatcher d(options, registry());
  Session session;
  CollectingSink sink;
  CHECK_FALSE(d.process(request(1, "tools/list", modern({})), {}, session, sink, {}));
  CHECK_FALSE(d.process(request(2, "tools/list", modern({})), {}, session, sink, {}));
  REQUIRE(sink.sent.size() == 2);
  CHECK(sink.sent[0]["result"]["cacheScope"] == "private");
  CHECK(sink.sent[0]["result"] == sink.sent[1]["result"]);
}

TEST_CASE("a tool name with a NUL is named as sent, escaped, never cut at the NUL") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  session.initialized = true;
  CollectingSink sink;
  auto answer = d.process(call(1, std::string("read_thing\0x", 12)), {}, session, sink, {});
  std::string message = (*answer)["error"]["message"];
  CHECK(message.find("\\u0000") != std::string::npos);
  CHECK(message.find("Unknown tool: \"read_thing") == 0);
}

TEST_CASE("shutdown: a call that had not committed is answered, never left hanging") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  session.initialized = true;
  CollectingSink sink;
  d.stop();
  auto answer = d.process(call(1, "write_thing"), {}, session, sink, {});
  REQUIRE(answer);
  CHECK((*answer)["error"]["code"] == -32603);
  CHECK((*answer)["error"]["message"].get<std::string>().find("shutting down") != std::string::npos);
}

TEST_CASE("a client's cancellation silences the call; the id is free again") {
  Dispatcher d(DispatchOptions{}, registry());
  Session session;
  session.initialized = true;
  CollectingSink sink;
  REQUIRE(session.begin_call(1, true));
  session.cancel({{"requestId", 1}});
  CHECK_FALSE(d.process(call(1, "write_thing"), {}, session, sink, {}));
  CHECK(session.find_call(1) == nullptr);
}
