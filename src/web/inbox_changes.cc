// The inbox's POST actions, each through the tool an assistant would call: post,
// delete, edit, bulk, void, sign out. The CSRF check ran before (inbox.cc).
#include "ledger/drafts.h"
#include "web/draft_edit.h"
#include "web/inbox.h"
#include "web/page_response.h"
#include "web/page_work.h"

namespace tally::web {

using mcp::json;

void Inbox::serve_change(const http::Request& request, std::shared_ptr<http::Reply> reply,
                         app::CallExecutor& executor, const Session& session, const std::string& id,
                         const Form& form, const PageContext& ctx) {
  const std::string& path = request.path;
  app::Runtime* rt = &runtime_;
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
