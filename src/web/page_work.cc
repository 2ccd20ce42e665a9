#include "web/page_work.h"

#include "app/call_store.h"
#include "mcp/json_text.h"
#include "mcp/protocol_version.h"

namespace tally::web {

using mcp::json;

namespace {

/// In-process calls from the pages: drafts they stage or edit say "inbox".
class PageContextCall final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string& method, json) override {
    throw mcp::ToolError("the inbox has no client to send " + method + " to.");
  }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return info_; }

 private:
  json empty_ = json::object();
  json info_ = {{"name", "tally-inbox"}, {"version", "1"}};
};

}  // namespace

store::Store& scope_store(mcp::CallScope* scope) {
  return dynamic_cast<app::StoreScope&>(*scope).store;
}

void submit_page(app::CallExecutor& executor, bool write, app::Principal who,
                 std::function<std::optional<json>(mcp::CallScope*)> work,
                 std::function<void(std::optional<json>)> done) {
  executor.submit(
      write, std::move(who),
      [work = std::move(work)](mcp::CallScope* scope) -> std::optional<json> {
        auto answer = work(scope);
        if (!answer) return std::nullopt;
        return json{{"result", std::move(*answer)}};
      },
      [done = std::move(done)](std::optional<json> r) {
        if (r && r->contains("result"))
          done(std::move((*r)["result"]));
        else
          done(std::nullopt);
      });
}

ToolOutcome run_tool(app::Runtime& rt, mcp::CallScope* scope, const std::string& name,
                     const json& args) {
  const mcp::ToolSpec* spec = rt.registry().find(name);
  if (!spec) return {false, "this server does not serve " + name, nullptr};
  PageContextCall ctx;
  ctx.scope = scope;
  json r = mcp::expand_result(rt.registry().call(*spec, args, {}, "", ctx, mcp::kLatestVersion));
  if (r.value("isError", false)) {
    std::string text =
        r.contains("content") && !r["content"].empty() ? r["content"][0].value("text", "") : "";
    return {false, text, nullptr};
  }
  return {true, "", r.value("structuredContent", json::object())};
}

}  // namespace tally::web
