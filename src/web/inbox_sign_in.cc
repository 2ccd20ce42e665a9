// Becoming signed in: the sign-in form (guarded against login CSRF), an API key
// that may write the ledger, or a one-time `tally inbox` link.
#include "web/inbox.h"
#include "web/inbox_token.h"
#include "web/page_response.h"
#include "web/page_work.h"

namespace tally::web {

using mcp::json;

void Inbox::show_sign_in(const http::Head& request, const std::shared_ptr<http::Reply>& reply,
                         unsigned status, const std::string& error) {
  SignInGuard::Token token = guard_.issue(request);
  http::Response r = page(status, sign_in_page(error, token.field));
  if (token.set_cookie) r.headers.emplace_back("Set-Cookie", *token.set_cookie);
  reply->send(std::move(r));
}

void Inbox::sign_in(const http::Request& request, const std::shared_ptr<http::Reply>& reply) {
  Form form = parse_form(request.body);
  // Login CSRF: only the form this server gave this browser may sign it in.
  if (!guard_.admits(request, form_value(form, SignInGuard::kField))) {
    reply->log_field("inbox", "sign-in csrf refused");
    show_sign_in(request, reply, 403,
                 "This sign-in form did not come from this inbox (its token is missing, wrong or "
                 "expired); nobody was signed in. Paste the key again here.");
    return;
  }
  std::string key = form_value(form, "key");
  while (!key.empty() && (key.back() == ' ' || key.back() == '\n' || key.back() == '\r'))
    key.pop_back();
  while (!key.empty() && key.front() == ' ') key.erase(0, 1);
  if (key.empty()) {
    show_sign_in(request, reply, 400, "Paste an API key.");
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
    show_sign_in(request, reply, 401, problem);
    return;
  }
  const auth::Credential& c = who.credential;
  app::Principal principal{c.workspace_id, c.workspace, c.brand};
  principal.origin = json{{"keyId", c.id}, {"via", "inbox"}};
  reply->log_field("key", c.id);
  std::string cookie = start_session(std::move(principal), request.tls, c.id);
  reply->send(see_other("/inbox", {{"Set-Cookie", cookie}}));
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
      [this, reply, tls, head = static_cast<const http::Head&>(request)](std::optional<json> r) {
        if (!r || !r->contains("ws")) {
          reply->log_field("inbox", "link refused");
          show_sign_in(head, reply, 401,
                       "That sign-in link was used already or has expired; run `tally inbox` "
                       "again, or sign in with an API key.");
          return;
        }
        app::Principal who{(*r)["ws"].get<std::int64_t>(), (*r)["name"].get<std::string>(), ""};
        who.origin = json{{"via", "tally inbox"}};
        reply->send(see_other("/inbox", {{"Set-Cookie", start_session(std::move(who), tls)}}));
      });
}

}  // namespace tally::web
