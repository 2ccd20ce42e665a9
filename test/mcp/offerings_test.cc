// Prompts, resources, completion and the input_required round trip, through the
// Dispatcher in-process (both eras), as the stdio and HTTP transports use it.
#include <doctest/doctest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "mcp/dispatcher.h"
#include "mcp/era.h"
#include "mcp/input.h"

using namespace tally::mcp;

namespace {

class Collect final : public Sink {
 public:
  void send(const json& message) override {
    std::lock_guard lock(mu_);
    sent.push_back(message);
  }
  void send_result(const json& id, std::string_view line) override {
    send(make_result(id, json::parse(line)));
  }
  std::vector<json> sent;
  std::mutex mu_;
};

json modern_meta(json caps = {{"elicitation", json::object()}, {"sampling", json::object()}}) {
  return json{{meta_key::kProtocolVersion, "2026-07-28"},
              {meta_key::kClientCapabilities, std::move(caps)}};
}

struct Fixture {
  ToolRegistry tools;
  PromptRegistry prompts;
  ResourceRegistry resources;
  std::unique_ptr<Dispatcher> d;
  Collect sink;
  Session session;
  int next_id = 1;

  Fixture(bool with_offerings = true) {
    tools.add(ToolSpec{
        .name = "greet",
        .title = "",
        .description = "Asks a name, then a colour.",
        .input_schema = json{{"type", "object"}},
        .output_schema = nullptr,
        .annotations = {.read_only = true},
        .handler = [](const Args&, CallContext& ctx) {
          json a =
              ask(ctx, {{"name", {{"method", "elicitation/create"}, {"params", json::object()}}}});
          json b = ask(
              ctx, {{"colour", {{"method", "elicitation/create"}, {"params", json::object()}}}});
          return ToolResult::blocks(
              json::array({{{"type", "text"},
                            {"text", a["name"]["content"]["v"].get<std::string>() + " likes " +
                                         b["colour"]["content"]["v"].get<std::string>()}}}));
        }});
    if (with_offerings) {
      prompts.add({.name = "hello",
                   .arguments = {{.name = "who",
                                  .required = true,
                                  .complete =
                                      [](const std::string& v, const json&, CallContext&) {
                                        std::vector<std::string> out;
                                        for (std::string s : {"alice", "albert", "bob"})
                                          if (s.rfind(v, 0) == 0) out.push_back(s);
                                        return out;
                                      }}},
                   .handler = [](const json& a, CallContext&) {
                     return json{
                         {"messages",
                          {{{"role", "user"},
                            {"content",
                             {{"type", "text"}, {"text", "hi " + a["who"].get<std::string>()}}}}}}};
                   }});
      resources.add(
          {.uri = "test://one",
           .name = "one",
           .mime_type = "text/plain",
           .handler = [](const std::string& uri, CallContext&) {
             return json::array({{{"uri", uri}, {"mimeType", "text/plain"}, {"text", "1"}}});
           }});
      resources.add_template(
          {.uri_template = "test://item/{id}/data",
           .name = "item",
           .handler = [](const std::string& uri, const std::map<std::string, std::string>& v,
                         CallContext&) {
             if (v.at("id") == "missing") throw ResourceNotFound{};
             return json::array({{{"uri", uri}, {"text", v.at("id")}}});
           }});
    }
    d = std::make_unique<Dispatcher>(DispatchOptions{}, tools, Offerings{&prompts, &resources});
  }

  json call(const std::string& method, json params = json::object()) {
    json message{
        {"jsonrpc", "2.0"}, {"id", next_id++}, {"method", method}, {"params", std::move(params)}};
    auto answer = d->process(message, DecimalLexemes{}, session, sink, Binding{});
    REQUIRE(answer.has_value());
    return *answer;
  }
  json modern(const std::string& method, json params = json::object(), json meta = modern_meta()) {
    params["_meta"] = std::move(meta);
    return call(method, std::move(params));
  }
  void initialize() {
    call("initialize", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}});
  }
};

}  // namespace

TEST_CASE("templates match one path segment per variable") {
  auto v = match_template("test://template/{id}/data", "test://template/123/data");
  REQUIRE(v.has_value());
  CHECK(v->at("id") == "123");
  CHECK_FALSE(match_template("test://template/{id}/data", "test://template/1/2/data"));
  CHECK_FALSE(match_template("test://template/{id}/data", "test://template//data"));
  CHECK_FALSE(match_template("test://template/{id}/data", "test://template/1/data/x"));
}

TEST_CASE("registries refuse duplicates") {
  PromptRegistry p;
  p.add({.name = "a", .handler = [](const json&, CallContext&) { return json::object(); }});
  CHECK_THROWS_AS(p.add({.name = "a"}), std::invalid_argument);
  ResourceRegistry r;
  r.add({.uri = "x://1", .name = "one"});
  CHECK_THROWS_AS(r.add({.uri = "x://1", .name = "again"}), std::invalid_argument);
}

TEST_CASE("capabilities are declared only for what is registered") {
  Fixture bare(false);
  json init = bare.call("initialize", {{"protocolVersion", "2025-11-25"}});
  CHECK_FALSE(init["result"]["capabilities"].contains("prompts"));
  CHECK_FALSE(init["result"]["capabilities"].contains("resources"));
  CHECK_FALSE(init["result"]["capabilities"].contains("completions"));
  CHECK(bare.call("prompts/list")["result"]["prompts"].empty());

  Fixture f;
  json caps = f.call("initialize", {{"protocolVersion", "2025-11-25"}})["result"]["capabilities"];
  CHECK(caps["prompts"] == json{{"listChanged", false}});
  CHECK(caps["resources"]["subscribe"] == true);
  CHECK(caps.contains("completions"));
  json discovered = f.modern("server/discover")["result"]["capabilities"];
  CHECK(discovered.contains("prompts"));
  CHECK_FALSE(discovered["resources"].contains("subscribe"));  // subscriptions/listen in 2026-07-28
}

TEST_CASE("legacy prompts, resources, subscriptions and completion") {
  Fixture f;
  f.initialize();
  json listed = f.call("prompts/list")["result"];
  CHECK(listed["prompts"][0]["arguments"][0] == json{{"name", "who"}, {"required", true}});
  CHECK_FALSE(listed.contains("ttlMs"));
  CHECK(f.call("prompts/get",
               {{"name", "hello"},
                {"arguments", {{"who", "ann"}}}})["result"]["messages"][0]["content"]["text"] ==
        "hi ann");
  CHECK(f.call("prompts/get", {{"name", "hello"}})["error"]["code"] == -32602);
  CHECK(f.call("prompts/get", {{"name", "nope"}})["error"]["code"] == -32602);
  CHECK(f.call("resources/read",
               {{"uri", "test://item/7/data"}})["result"]["contents"][0]["text"] == "7");
  json missing = f.call("resources/read", {{"uri", "test://item/missing/data"}});
  CHECK(missing["error"]["code"] == -32602);
  CHECK(missing["error"]["data"]["uri"] == "test://item/missing/data");
  CHECK(f.call("resources/templates/list")["result"]["resourceTemplates"][0]["uriTemplate"] ==
        "test://item/{id}/data");
  CHECK(f.call("resources/subscribe", {{"uri", "test://one"}})["result"] == json::object());
  CHECK(f.session.subscriptions.count("test://one") == 1);
  CHECK(f.call("resources/unsubscribe", {{"uri", "test://one"}})["result"] == json::object());
  CHECK(f.session.subscriptions.empty());
  CHECK(f.call("resources/subscribe", {{"uri", "test://none"}})["error"]["code"] == -32602);
  json done =
      f.call("completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "hello"}}},
                                     {"argument", {{"name", "who"}, {"value", "al"}}}})["result"];
  CHECK(done["completion"]["values"] == json::array({"alice", "albert"}));
  CHECK(done["completion"]["total"] == 2);
  CHECK(done["completion"]["hasMore"] == false);
}

TEST_CASE("modern lists and reads carry caching hints; subscribe is gone") {
  Fixture f;
  json listed = f.modern("prompts/list")["result"];
  CHECK(listed["resultType"] == "complete");
  CHECK(listed.contains("ttlMs"));
  CHECK(listed["cacheScope"] == "public");
  json read = f.modern("resources/read", {{"uri", "test://one"}})["result"];
  CHECK(read["ttlMs"] == 0);
  CHECK(read["cacheScope"] == "public");
  json nf = f.modern("resources/read", {{"uri", "test://nonexistent"}});
  CHECK(nf["error"]["code"] == -32602);
  CHECK(nf["error"]["data"]["uri"] == "test://nonexistent");
  CHECK(f.modern("resources/subscribe", {{"uri", "test://one"}})["error"]["code"] == -32601);
}

TEST_CASE("a modern call that asks gets input_required rounds with a sealed state") {
  Fixture f;
  json r1 = f.modern("tools/call", {{"name", "greet"}})["result"];
  CHECK(r1["resultType"] == "input_required");
  CHECK(r1["inputRequests"].contains("name"));
  REQUIRE(r1["requestState"].is_string());

  json r2 =
      f.modern("tools/call",
               {{"name", "greet"},
                {"inputResponses", {{"name", {{"action", "accept"}, {"content", {{"v", "Ann"}}}}}}},
                {"requestState", r1["requestState"]}})["result"];
  CHECK(r2["resultType"] == "input_required");
  CHECK(r2["inputRequests"].contains("colour"));
  CHECK(r2["requestState"] != r1["requestState"]);

  // Only the last answer is sent: the first rides in the state.
  json r3 = f.modern(
      "tools/call",
      {{"name", "greet"},
       {"inputResponses", {{"colour", {{"action", "accept"}, {"content", {{"v", "blue"}}}}}}},
       {"requestState", r2["requestState"]}})["result"];
  CHECK(r3["resultType"] == "complete");
  CHECK(r3["content"][0]["text"] == "Ann likes blue");

  std::string tampered = r2["requestState"].get<std::string>() + "x";
  CHECK(f.modern("tools/call", {{"name", "greet"}, {"requestState", tampered}})["error"]["code"] ==
        -32602);
  CHECK(f.modern("tools/call", {{"name", "greet"}, {"inputResponses", nullptr}})["error"]["code"] ==
        -32602);
  CHECK(f.modern("tools/call", {{"name", "greet"},
                                {"inputResponses", {{"name", 5}}}})["error"]["code"] == -32602);
}

TEST_CASE("a legacy call that asks sends a server-to-client request") {
  Fixture f;
  f.call("initialize",
         {{"protocolVersion", "2025-11-25"}, {"capabilities", {{"elicitation", json::object()}}}});
  json message{
      {"jsonrpc", "2.0"}, {"id", 99}, {"method", "tools/call"}, {"params", {{"name", "greet"}}}};
  std::optional<json> answer;
  std::thread runner(
      [&] { answer = f.d->process(message, DecimalLexemes{}, f.session, f.sink, Binding{}); });
  // Answer each elicitation as it appears on the sink.
  const char* replies[] = {"Ann", "blue"};
  for (int i = 0; i < 2; ++i) {
    json request;
    while (request.is_null()) {
      std::this_thread::yield();
      std::lock_guard lock(f.sink.mu_);
      if (f.sink.sent.size() > static_cast<std::size_t>(i)) request = f.sink.sent[i];
    }
    CHECK(request["method"] == "elicitation/create");
    json reply{{"jsonrpc", "2.0"},
               {"id", request["id"]},
               {"result", {{"action", "accept"}, {"content", {{"v", replies[i]}}}}}};
    f.d->process(reply, DecimalLexemes{}, f.session, f.sink, Binding{});
  }
  runner.join();
  REQUIRE(answer.has_value());
  CHECK((*answer)["result"]["content"][0]["text"] == "Ann likes blue");
}
