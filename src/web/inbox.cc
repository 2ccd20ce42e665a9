#include "web/inbox.h"

#include "http/host_origin.h"
#include "web/page_response.h"

namespace tally::web {

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

void Inbox::handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
                   app::CallExecutor& executor) {
  const std::string& path = request.path;
  const bool post = request.method == "POST";
  if (path == "/inbox/assets/inbox.css") {
    reply->send(asset("text/css; charset=utf-8", inbox_css()));
    return;
  }
  if (path == "/inbox/assets/inbox.js") {
    reply->send(asset("text/javascript; charset=utf-8", inbox_js()));
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
      show_sign_in(request, reply, 200, "");
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
  if (!post) {
    serve_read(request, std::move(reply), executor, session, std::move(ctx));
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
  serve_change(request, std::move(reply), executor, session, *sid, form, ctx);
}

}  // namespace tally::web
