#include "web/inbox.h"

#include <algorithm>

#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"
#include "http/host_origin.h"
#include "ledger/drafts.h"
#include "mcp/json_text.h"
#include "mcp/protocol_version.h"
#include "web/html.h"
#include "web/inbox_pages.h"
#include "web/inbox_token.h"
#include "web/ledger_pages.h"

namespace tally::web {

namespace {

using mcp::json;

constexpr const char* kCookie = "tally_inbox";
constexpr auto kSessionLife = std::chrono::hours(12);

http::Headers page_headers() {
  return {{"Content-Type", "text/html; charset=utf-8"},
          {"Content-Security-Policy",
           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; "
           "form-action 'self'; "
           "frame-ancestors 'none'; base-uri 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "same-origin"},
          {"X-Frame-Options", "DENY"},
          {"Cache-Control", "no-store"}};
}

http::Response page(unsigned status, std::string html) {
  return http::Response{status, page_headers(), std::move(html)};
}

http::Response see_other(const std::string& location, http::Headers extra = {}) {
  http::Headers h = page_headers();
  h.emplace_back("Location", location);
  for (auto& e : extra) h.push_back(std::move(e));
  return http::Response{303, std::move(h), ""};
}

http::Response refusal(unsigned status, const std::string& message) {
  return page(status, html_page("Refused",
                                "<h1>Refused</h1><p>" + escape(message) +
                                    "</p><p><a href=\"/inbox\">Back to the inbox</a></p>",
                                nullptr));
}

store::Store& scope_store(mcp::CallScope* scope) {
  return dynamic_cast<app::StoreScope&>(*scope).store;
}

/// Runs page work on the executor. The answer travels as {"result": …}, so a
/// write whose group commit failed arrives as nullopt (never as a success).
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

/// Runs a tool as the page's user; {ok, text (the error), result}.
struct ToolOutcome {
  bool ok = false;
  std::string error;
  json result;
};
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

/// The changes an edit form asks for, as extrack_update_transaction_draft's arguments.
json edit_changes(const Form& form, const std::string& draft_id, const std::string& kind) {
  json c{{"draftId", draft_id}};
  auto text = [&](const char* name, bool clearable) {
    auto it = form.find(name);
    if (it == form.end() || it->second.empty()) return;
    const std::string& v = it->second.front();
    if (v.empty()) {
      if (clearable) c[name] = nullptr;
    } else {
      c[name] = v;
    }
  };
  text("title", false);
  text("date", false);
  for (const char* amount : {"expenseAmount", "incomeAmount", "totalAmount", "amount"})
    text(amount, false);
  text("accountId", false);
  text("debitAccountId", false);
  text("creditAccountId", false);
  text("categoryName", true);
  text("payee", true);
  text("externalReference", true);
  text("type", false);
  text("personId", false);
  if (auto allow = form.find("allowOverpayment"); allow != form.end() && kind == "repayment")
    c["allowOverpayment"] = !allow->second.empty() && allow->second.back() == "1";
  // Switching between expense and income: the amount goes to the new type's field.
  if (c.contains("type") && c["type"] != kind) {
    const char* from = kind == "income" ? "incomeAmount" : "expenseAmount";
    const char* to = c["type"] == "income" ? "incomeAmount" : "expenseAmount";
    if (c.contains(from)) {
      c[to] = c[from];
      if (std::string(from) != to) c.erase(from);
    }
  }
  if (c.contains("type") && c["type"] == kind) c.erase("type");
  if (auto tags = form.find("tags"); tags != form.end() && !tags->second.empty()) {
    json list = json::array();
    std::string rest = tags->second.front();
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string tag = rest.substr(0, comma);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
      auto first = tag.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      list.push_back(tag.substr(first, tag.find_last_not_of(' ') - first + 1));
    }
    c["tags"] = list;  // [] clears them
  }
  if (kind == "expense" || kind == "split_expense") {
    json shares = json::array();
    auto people = form.find("person");
    auto amounts = form.find("share");
    if (people != form.end())
      for (std::size_t i = 0; i < people->second.size(); ++i) {
        const std::string& who = people->second[i];
        std::string share =
            amounts != form.end() && i < amounts->second.size() ? amounts->second[i] : "";
        if (who.empty() && share.empty()) continue;
        shares.push_back({{"personId", who}, {"amount", share}});
      }
    c[kind == "expense" ? "splits" : "allocations"] = shares;
  }
  if (c.contains("type") && c["type"] == "income") c.erase("splits");  // an income carries no IOUs
  return c;
}

}  // namespace

Inbox::Inbox(app::Runtime& runtime, Gate& gate, app::Principal local)
    : runtime_(runtime), gate_(gate), local_(std::move(local)) {
  available_ = runtime.registry().find("extrack_update_transaction_draft") != nullptr;
  watch_db_ = std::make_unique<SQLite::Database>(runtime.db().getFilename(), SQLite::OPEN_READONLY);
  watch_db_->setBusyTimeout(5000);
}

std::optional<http::Response> Inbox::admit(const http::Head& head, bool origin_ok) const {
  if (head.method != "GET" && head.method != "HEAD" && head.method != "POST") {
    http::Response r = refusal(405, "The inbox takes GET and POST only.");
    r.headers.emplace_back("Allow", "GET, HEAD, POST");
    return r;
  }
  auto origin = head.header("origin");
  if (origin && !origin_ok) {
    // A form on this very site (by the Host the browser used) is not cross-site.
    auto host = head.header("host");
    auto mine = http::normalize_origin(std::string(head.tls ? "https://" : "http://") +
                                       std::string(host.value_or("")));
    auto theirs = http::normalize_origin(*origin);
    if (!mine || !theirs || *mine != *theirs)
      return refusal(403, "Forbidden: a page on another site cannot use the inbox.");
  }
  return std::nullopt;
}

std::optional<std::string> Inbox::session_id(const http::Request& request) {
  auto header = request.header("cookie");
  if (!header) return std::nullopt;
  auto sid = cookie_value(*header, kCookie);
  if (!sid) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(*sid);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires < std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return *sid;
}

void Inbox::set_flash(const std::string& sid, std::string message, bool error) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  it->second.flash = std::move(message);
  it->second.flash_error = error;
}

void Inbox::sign_in(const http::Request& request, const std::shared_ptr<http::Reply>& reply) {
  std::string key = form_value(parse_form(request.body), "key");
  while (!key.empty() && (key.back() == ' ' || key.back() == '\n' || key.back() == '\r'))
    key.pop_back();
  while (!key.empty() && key.front() == ' ') key.erase(0, 1);
  if (key.empty()) {
    reply->send(page(400, sign_in_page("Paste an API key.")));
    return;
  }
  http::Head head = request;
  std::erase_if(head.headers, [](const auto& h) { return h.first == "authorization"; });
  head.headers.emplace_back("authorization", "Bearer " + key);
  auth::AuthOutcome who = gate_.who(head);
  std::string problem;
  if (who.anonymous)
    problem = "This ledger has no API keys yet; create one with: tally keys create --name browser";
  else if (who.status != 200)
    problem = "That key is not valid for this ledger (it may have been revoked).";
  else if (who.oauth)
    problem = "Sign in with an API key; OAuth tokens do not open the inbox.";
  else if (who.credential.read_only)
    problem = "That key is read-only; the inbox needs a key that may write.";
  else if (!who.credential.toolsets.empty() &&
           ("," + who.credential.toolsets + ",").find(",ledger,") == std::string::npos)
    problem = "That key does not reach the ledger toolset.";
  if (!problem.empty()) {
    reply->log_field("inbox", "sign-in refused");
    reply->send(page(401, sign_in_page(problem)));
    return;
  }
  const auth::Credential& c = who.credential;
  app::Principal principal{c.workspace_id, c.workspace, c.brand};
  principal.origin = json{{"keyId", c.id}, {"via", "inbox"}};
  reply->log_field("key", c.id);
  std::string cookie = start_session(std::move(principal), request.tls, c.id);
  reply->send(see_other("/inbox", {{"Set-Cookie", cookie}}));
}

long long Inbox::data_version() {
  std::lock_guard lock(watch_mu_);
  return watch_db_->execAndGet("PRAGMA data_version").getInt64();
}

bool Inbox::key_valid(const std::string& key_id) {
  std::lock_guard lock(watch_mu_);
  SQLite::Statement q(*watch_db_, "SELECT revoked_at IS NULL FROM api_key WHERE id = ?");
  q.bind(1, key_id);
  return q.executeStep() && q.getColumn(0).getInt() == 1;
}

std::string Inbox::start_session(app::Principal who, bool tls, std::string key_id) {
  Session s;
  s.who = std::move(who);
  s.key_id = std::move(key_id);
  s.csrf = random_hex(32);
  s.expires = std::chrono::steady_clock::now() + kSessionLife;
  std::string sid = random_hex(32);
  {
    std::lock_guard lock(mu_);
    // Expired sessions go when a new one starts, so the map never only grows.
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(sessions_, [now](const auto& entry) { return entry.second.expires < now; });
    sessions_.emplace(sid, std::move(s));
  }
  return std::string(kCookie) + "=" + sid +
         "; Path=/inbox; HttpOnly; SameSite=Strict; Max-Age=43200" + (tls ? "; Secure" : "");
}

void Inbox::open_link(const http::Request& request, std::shared_ptr<http::Reply> reply,
                      app::CallExecutor& executor) {
  std::string token = form_value(parse_form(request.query), "token");
  bool tls = request.tls;
  // Redeemed on the writer: the token is deleted as it is used.
  submit_page(
      executor, true, local_,
      [token](mcp::CallScope* scope) -> std::optional<json> {
        auto ws = redeem_inbox_token(scope_store(scope).db, token);
        if (!ws) return json::object();
        return json{{"ws", ws->id}, {"name", ws->name}};
      },
      [this, reply, tls](std::optional<json> r) {
        if (!r || !r->contains("ws")) {
          reply->log_field("inbox", "link refused");
          reply->send(
              page(401, sign_in_page("That sign-in link was used already or has expired; run "
                                     "`tally inbox` again, or sign in with an API key.")));
          return;
        }
        app::Principal who{(*r)["ws"].get<std::int64_t>(), (*r)["name"].get<std::string>(), ""};
        who.origin = json{{"via", "tally inbox"}};
        reply->send(see_other("/inbox", {{"Set-Cookie", start_session(std::move(who), tls)}}));
      });
}

void Inbox::handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
                   app::CallExecutor& executor) {
  const std::string& path = request.path;
  const bool post = request.method == "POST";
  if (path == "/inbox/assets/inbox.css") {
    reply->send(http::Response{200,
                               {{"Content-Type", "text/css; charset=utf-8"},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Cache-Control", "max-age=300"}},
                               inbox_css()});
    return;
  }
  if (path == "/inbox/assets/inbox.js") {
    reply->send(http::Response{200,
                               {{"Content-Type", "text/javascript; charset=utf-8"},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Cache-Control", "max-age=300"}},
                               inbox_js()});
    return;
  }
  if (path == "/inbox/open" && !post) {
    open_link(request, std::move(reply), executor);
    return;
  }
  if (path == "/inbox/sign-in") {
    if (post)
      sign_in(request, reply);
    else
      reply->send(page(200, sign_in_page("")));
    return;
  }
  auto sid = session_id(request);
  if (sid) {
    std::string key_id;
    {
      std::lock_guard lock(mu_);
      key_id = sessions_.at(*sid).key_id;
    }
    if (!key_id.empty() && !key_valid(key_id)) {  // revoked since: the session ends with it
      std::lock_guard lock(mu_);
      sessions_.erase(*sid);
      sid.reset();
    }
  }
  if (!sid) {
    if (post)
      reply->send(refusal(403, "Sign in first: this form needs a session."));
    else
      reply->send(see_other("/inbox/sign-in"));
    return;
  }
  Session session;
  {
    std::lock_guard lock(mu_);
    Session& s = sessions_.at(*sid);
    session = s;
    if (!post && path != "/inbox/changes") {  // a flash shows once, on the next page
      s.flash.clear();
      s.flash_error = false;
    }
  }
  PageContext ctx{session.csrf, session.flash, session.flash_error};
  app::Runtime* rt = &runtime_;
  std::string id = *sid;

  if (!post) {
    const std::string prefix = "/inbox/drafts/";
    if (path == "/inbox/changes") {
      reply->send(
          http::Response{200,
                         {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}},
                         json{{"version", data_version()}}.dump()});
      return;
    }
    if (path == "/inbox" || path == "/inbox/") {
      ctx.live_version =
          data_version();  // read before the page: a change in between only reloads once more
      submit_page(
          executor, false, session.who,
          [ctx](mcp::CallScope* scope) -> std::optional<json> {
            return json{{"html", inbox_page(scope_store(scope), ctx)}};
          },
          [reply](std::optional<json> r) {
            if (r)
              reply->send(page(200, (*r)["html"].get<std::string>()));
            else
              reply->send(refusal(500, "The ledger could not be read."));
          });
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
          [reply](std::optional<json> r) {
            if (r)
              reply->send(page(200, (*r)["html"].get<std::string>()));
            else
              reply->send(refusal(500, "The ledger could not be read."));
          });
      return;
    }
    auto render = [reply](std::optional<json> r) {
      if (r)
        reply->send(page(200, (*r)["html"].get<std::string>()));
      else
        reply->send(refusal(500, "The ledger could not be read."));
    };
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
    reply->send(page(
        404,
        html_page("Not found", "<h1>Not found</h1><p><a href=\"/inbox\">Inbox</a></p>", &ctx)));
    return;
  }

  // Every change: the session's CSRF token, or nothing happens.
  Form form = parse_form(request.body);
  if (!same_secret(form_value(form, "csrf"), session.csrf)) {
    reply->log_field("inbox", "csrf refused");
    reply->send(
        refusal(403,
                "This form is not from your inbox session (the CSRF token is missing or wrong); "
                "nothing was changed. Reload the inbox and try again."));
    return;
  }
  if (path == "/inbox/sign-out") {
    {
      std::lock_guard lock(mu_);
      sessions_.erase(id);
    }
    reply->send(see_other(
        "/inbox/sign-in",
        {{"Set-Cookie",
          std::string(kCookie) + "=; Path=/inbox; HttpOnly; SameSite=Strict; Max-Age=0"}}));
    return;
  }
  auto flash_then = [this, reply, id](const std::string& location) {
    return [this, reply, id, location](std::optional<json> r) {
      if (!r) {
        set_flash(id, "The ledger could not be written; nothing was changed.", true);
      } else {
        set_flash(id, (*r)["flash"].get<std::string>(), (*r)["error"].get<bool>());
      }
      reply->send(see_other(location));
    };
  };
  if (path == "/inbox/bulk") {
    std::string action = form_value(form, "action");
    std::vector<std::string> ids = form.count("id") ? form.at("id") : std::vector<std::string>{};
    if ((action != "post" && action != "delete") || ids.empty()) {
      set_flash(id,
                ids.empty() ? "Select at least one draft first."
                            : "Choose Post selected or Delete selected.",
                true);
      reply->send(see_other("/inbox"));
      return;
    }
    submit_page(
        executor, true, session.who,
        [rt, action, ids](mcp::CallScope* scope) -> std::optional<json> {
          // Each draft in its own transaction: one refusal does not undo the others.
          std::string done, failed;
          int ok = 0;
          for (const auto& d : ids) {
            auto out = run_tool(*rt, scope,
                                action == "post" ? "extrack_post_transaction_draft"
                                                 : "extrack_delete_transaction_draft",
                                json{{"draftId", d}});
            if (out.ok) {
              ++ok;
              done += (done.empty() ? "" : ", ") + d;
            } else {
              failed += " " + d + ": " + out.error;
            }
          }
          std::string verb = action == "post" ? "Posted" : "Deleted";
          std::string msg = verb + " " + std::to_string(ok) + " of " + std::to_string(ids.size()) +
                            (done.empty() ? "." : " (" + done + ").");
          if (!failed.empty())
            msg += " Not " + std::string(action == "post" ? "posted" : "deleted") + ":" + failed;
          return json{{"flash", msg}, {"error", !failed.empty()}};
        },
        flash_then("/inbox"));
    return;
  }
  const std::string txn_prefix = "/inbox/transactions/";
  if (path.rfind(txn_prefix, 0) == 0 && path.size() > txn_prefix.size() + 5 &&
      path.compare(path.size() - 5, 5, "/void") == 0) {
    std::string txn_id = path.substr(txn_prefix.size(), path.size() - txn_prefix.size() - 5);
    json args{{"transactionId", txn_id}};
    if (std::string reason = form_value(form, "reason"); !reason.empty()) args["reason"] = reason;
    submit_page(
        executor, true, session.who,
        [rt, args](mcp::CallScope* scope) -> std::optional<json> {
          auto out = run_tool(*rt, scope, "ledger_void_transaction", args);
          if (!out.ok) return json{{"flash", "Not voided: " + out.error}, {"error", true}};
          std::string by =
              out.result.contains("reversal") ? out.result["reversal"].value("id", "") : "";
          return json{{"flash", "Voided: the reversal is posted as " + by + "."}, {"error", false}};
        },
        flash_then("/inbox/transactions/" + txn_id));
    return;
  }
  const std::string prefix = "/inbox/drafts/";
  if (path.rfind(prefix, 0) == 0) {
    std::string rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    std::string draft_id = rest.substr(0, slash);
    std::string verb = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (verb == "post" || verb == "delete") {
      submit_page(
          executor, true, session.who,
          [rt, verb, draft_id](mcp::CallScope* scope) -> std::optional<json> {
            auto d = ledger::find_draft(scope_store(scope), draft_id);
            std::string title = d ? "\"" + d->title + "\"" : draft_id;
            auto out = run_tool(*rt, scope,
                                verb == "post" ? "extrack_post_transaction_draft"
                                               : "extrack_delete_transaction_draft",
                                json{{"draftId", draft_id}});
            if (!out.ok)
              return json{{"flash", "Not " + std::string(verb == "post" ? "posted" : "deleted") +
                                        ": " + title + ": " + out.error},
                          {"error", true}};
            std::string msg =
                verb == "post" ? "Posted " + title + " as " + out.result.value("transactionId", "")
                               : "Deleted " + title;
            return json{{"flash", msg + "."}, {"error", false}};
          },
          flash_then("/inbox"));
      return;
    }
    if (verb == "edit") {
      submit_page(
          executor, true, session.who,
          [rt, form, draft_id, ctx](mcp::CallScope* scope) -> std::optional<json> {
            auto d = ledger::find_draft(scope_store(scope), draft_id);
            if (!d) return json{{"redirect", "/inbox/drafts/" + draft_id}};
            auto out = run_tool(*rt, scope, "extrack_update_transaction_draft",
                                edit_changes(form, draft_id, d->kind));
            if (out.ok) return json{{"redirect", "/inbox/drafts/" + draft_id}};
            return json{{"html", draft_page(scope_store(scope), ctx, draft_id, &form, out.error)}};
          },
          [this, reply, id](std::optional<json> r) {
            if (!r) {
              reply->send(refusal(500, "The ledger could not be written; nothing was changed."));
            } else if (r->contains("redirect")) {
              set_flash(id, "Saved.", false);
              reply->send(see_other((*r)["redirect"].get<std::string>()));
            } else {
              reply->send(page(422, (*r)["html"].get<std::string>()));
            }
          });
      return;
    }
  }
  reply->send(refusal(404, "No such inbox action."));
}

}  // namespace tally::web
