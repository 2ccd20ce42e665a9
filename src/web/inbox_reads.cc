// The inbox's GET pages: drafts, one draft (with its preview), accounts, people,
// transactions, charts, and the live-update probe.
#include <algorithm>

#include "ledger/attachment_content.h"
#include "web/attachment_pages.h"
#include "web/inbox.h"
#include "web/ledger_pages.h"
#include "web/page_response.h"
#include "web/page_work.h"

namespace tally::web {

using mcp::json;

void Inbox::serve_read(const http::Request& request, std::shared_ptr<http::Reply> reply,
                       app::CallExecutor& executor, const Session& session, PageContext ctx) {
  const std::string& path = request.path;
  app::Runtime* rt = &runtime_;
  const std::string prefix = "/inbox/drafts/";
  if (path == "/inbox/changes") {
    reply->send(
        http::Response{200,
                       {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}},
                       json{{"version", data_version()}}.dump()});
    return;
  }
  auto render = [reply](std::optional<json> r) {
    if (r)
      reply->send(page(200, (*r)["html"].get<std::string>()));
    else
      reply->send(refusal(500, "The ledger could not be read."));
  };
  if (path == "/inbox" || path == "/inbox/") {
    ctx.live_version =
        data_version();  // read before the page: a change in between only reloads once more
    submit_page(
        executor, false, session.who,
        [ctx](mcp::CallScope* scope) -> std::optional<json> {
          return json{{"html", inbox_page(scope_store(scope), ctx)}};
        },
        render);
    return;
  }
  if (path.rfind(prefix, 0) == 0 && path.find('/', prefix.size()) == std::string::npos) {
    std::string draft_id = path.substr(prefix.size());
    // The preview writes and rolls back, so this read runs on the writer.
    submit_page(
        executor, true, session.who,
        [ctx, draft_id](mcp::CallScope* scope) -> std::optional<json> {
          return json{{"html", draft_page(scope_store(scope), ctx, draft_id, nullptr, "")}};
        },
        render);
    return;
  }
  if (path == "/inbox/accounts" || path == "/inbox/people") {
    bool accounts = path == "/inbox/accounts";
    submit_page(
        executor, false, session.who,
        [ctx, accounts](mcp::CallScope* scope) -> std::optional<json> {
          store::Store& st = scope_store(scope);
          return json{{"html", accounts ? accounts_page(st, ctx) : people_page(st, ctx)}};
        },
        render);
    return;
  }
  if (path == "/inbox/charts") {
    std::string asked = form_value(parse_form(request.query), "months");
    int months = 12;
    if (asked.size() >= 1 && asked.size() <= 3 &&
        asked.find_first_not_of("0123456789") == std::string::npos)
      months = std::clamp(std::stoi(asked), 1, 120);
    submit_page(
        executor, false, session.who,
        [ctx, months](mcp::CallScope* scope) -> std::optional<json> {
          return json{{"html", charts_page(scope_store(scope), ctx, months)}};
        },
        render);
    return;
  }
  if (path == "/inbox/transactions") {
    Form query = parse_form(request.query);
    submit_page(
        executor, false, session.who,
        [rt, ctx, query](mcp::CallScope* scope) -> std::optional<json> {
          auto out =
              run_tool(*rt, scope, "ledger_list_transactions", transaction_filter_args(query));
          return json{
              {"html", transactions_page(scope_store(scope), ctx, query, out.result, out.error)}};
        },
        render);
    return;
  }
  const std::string txn_prefix = "/inbox/transactions/";
  if (path.rfind(txn_prefix, 0) == 0 && path.find('/', txn_prefix.size()) == std::string::npos) {
    std::string txn_id = path.substr(txn_prefix.size());
    submit_page(
        executor, false, session.who,
        [ctx, txn_id](mcp::CallScope* scope) -> std::optional<json> {
          return json{{"html", transaction_page(scope_store(scope), ctx, txn_id)}};
        },
        render);
    return;
  }
  const std::string file_prefix = "/inbox/attachments/";
  if (path.rfind(file_prefix, 0) == 0) {
    std::string sha = path.substr(file_prefix.size());
    auto not_found = html_page(
        "Not found", "<h1>Attachment not found</h1><p><a href=\"/inbox\">Inbox</a></p>", &ctx);
    submit_page(
        executor, false, session.who,
        [sha](mcp::CallScope* scope) -> std::optional<json> {
          auto r = attachment_download(scope_store(scope), sha);
          if (!r) return json{{"missing", true}};
          // The page callbacks carry JSON, which holds text: the bytes travel as base64.
          json headers = json::array();
          for (const auto& [k, v] : r->headers) headers.push_back({k, v});
          return json{{"headers", std::move(headers)}, {"body", ledger::base64_encode(r->body)}};
        },
        [reply, not_found](std::optional<json> r) {
          if (!r) {
            reply->send(refusal(500, "The ledger could not be read."));
            return;
          }
          if (r->contains("missing")) {
            reply->send(page(404, not_found));
            return;
          }
          http::Response out{
              200, {}, ledger::base64_decode((*r)["body"].get<std::string>()).value_or("")};
          for (const auto& h : (*r)["headers"])
            out.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
          reply->send(std::move(out));
        });
    return;
  }
  reply->send(page(
      404, html_page("Not found", "<h1>Not found</h1><p><a href=\"/inbox\">Inbox</a></p>", &ctx)));
  return;
}

}  // namespace tally::web
