#include "web/inbox_pages.h"

#include <set>

#include <SQLiteCpp/Statement.h>
#include <vector>

#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "ledger/draft_posting.h"
#include "ledger/drafts.h"
#include "ledger/people.h"
#include "ledger/preview.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "store/transaction.h"
#include "web/attachment_pages.h"
#include "web/money_html.h"

namespace tally::web {

namespace {

using ledger::Draft;

std::string money(std::int64_t minor, const std::string& currency) {
  return money_html(minor, currency);
}

std::string account_name(store::Store& st, const std::optional<std::string>& id) {
  if (!id) return "";
  auto a = ledger::find_account(st, *id);
  return a ? a->name : *id;
}

std::string person_name(store::Store& st, const std::string& id) {
  auto p = ledger::find_person(st, id);
  return p ? p->name : id;
}

const char* kind_label(const std::string& kind) {
  if (kind == "split_expense") return "Split expense";
  if (kind == "lend") return "Lend";
  if (kind == "repayment") return "Repayment";
  if (kind == "income") return "Income";
  if (kind == "transfer") return "Transfer";
  return "Expense";
}

std::string hidden_csrf(const PageContext& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.csrf) + "\">";
}

/// Warnings a person should see before posting: possible duplicates, overpayment,
/// and anything the ledger would refuse now (an account closed since, …).
std::vector<std::string> warnings_of(store::Store& st, const Draft& d) {
  std::vector<std::string> out;
  try {
    auto plan = ledger::plan_draft(st, d, ledger::PlanMode::kCheck, false);
    out = plan.warnings;
  } catch (const mcp::ToolError& e) {
    out.push_back(std::string("Posting would fail: ") + e.what());
  }
  auto twins = ledger::look_alike_drafts(st, d);
  if (!twins.empty())
    out.push_back("Possible duplicate of " + std::to_string(twins.size()) + " other pending draft" +
                  (twins.size() == 1 ? "" : "s") + " with the same title, amount and date.");
  return out;
}

/// Type, title, date, amount, account, category, people, source: what a row and the detail page
/// show.
std::string facts(store::Store& st, const Draft& d) {
  std::string h = "<dl class=\"facts\">";
  auto row = [&h](const std::string& term, const std::string& value_html) {
    h += "<div><dt>" + term + "</dt><dd>" + value_html + "</dd></div>";
  };
  row("Type", escape(kind_label(d.kind)));
  row("Date", "<time datetime=\"" + escape(d.date) + "\">" + escape(d.date) + "</time>");
  if (d.income_currency) {  // a transfer across currencies: what leaves, and what arrives
    row("Amount", money(d.expense_minor, d.currency));
    row("Arrives as", money(d.income_minor, *d.income_currency));
  } else {
    row("Amount", money(d.amount(), d.currency));
  }
  if (d.kind == "transfer") {
    row("From", escape(account_name(st, d.credit_account_id)));
    row("To", escape(account_name(st, d.debit_account_id)));
  } else {
    row("Account", escape(account_name(st, d.account_id)));
  }
  if (d.kind != "transfer" && d.kind != "lend" && d.kind != "repayment")
    row("Category", escape(d.category_name.value_or(ledger::kUncategorized)));
  if (d.person_id) row("Person", escape(person_name(st, *d.person_id)));
  if (!d.ious.empty() && d.kind != "lend") {
    std::string people = "<ul class=\"people\">";
    for (const auto& i : d.ious)
      people += "<li>" + escape(person_name(st, i.person_id)) + " owes " +
                money(i.amount_minor, d.currency) + "</li>";
    row("People", people + "</ul>");
  }
  if (d.payee) row("Payee", escape(*d.payee));
  row("Source", escape(d.source));
  return h + "</dl>";
}

std::string warnings_html(const std::vector<std::string>& warnings) {
  if (warnings.empty()) return "";
  std::string h = "<ul class=\"warnings\">";
  for (const auto& w : warnings) h += "<li>" + escape(w) + "</li>";
  return h + "</ul>";
}

std::string flash_html(const PageContext& ctx) {
  if (ctx.flash.empty()) return "";
  return std::string("<p class=\"flash") + (ctx.flash_error ? " error" : "") +
         "\" role=\"status\">" + escape(ctx.flash) + "</p>";
}

/// The name of the field a tool message is about: its prefix ("splits[1].amount: …"
/// → splits), else the first field it names ("Category not found: categoryName …").
std::string field_of(const std::string& message) {
  static const char* fields[] = {
      "title",       "date",      "expenseAmount",  "incomeAmount",    "totalAmount",
      "amount",      "accountId", "categoryName",   "payee",           "splits",
      "allocations", "type",      "debitAccountId", "creditAccountId", "externalReference",
      "tags",        "personId"};
  auto end = message.find_first_of(":[. ");
  std::string prefix = end == std::string::npos ? "" : message.substr(0, end);
  for (const char* f : fields)
    if (prefix == f) return prefix;
  std::size_t best = std::string::npos;
  std::string found;
  for (const char* f : fields) {
    auto at = message.find(std::string(f) + " ");
    if (at != std::string::npos && at < best) {
      best = at;
      found = f;
    }
  }
  return found;
}

std::string input(const std::string& label, const std::string& name, const std::string& value,
                  const std::string& type, const std::string& error_field, const std::string& error,
                  const std::string& extra = "") {
  std::string id = "f-" + name;
  std::string h = "<p class=\"field\"><label for=\"" + id + "\">" + escape(label) +
                  "</label><input id=\"" + id + "\" name=\"" + escape(name) + "\" type=\"" + type +
                  "\" value=\"" + escape(value) + "\"" + extra;
  bool bad = error_field == name;
  if (bad) h += " aria-invalid=\"true\" aria-describedby=\"" + id + "-error\"";
  h += ">";
  if (bad) h += "<span class=\"field-error\" id=\"" + id + "-error\">" + escape(error) + "</span>";
  return h + "</p>";
}

/// Money is paid from or into an open asset or liability account (not a Lent
/// one); a transfer may also move equity.
std::string account_select(store::Store& st, const std::string& name, const std::string& label,
                           const std::string& chosen, const std::string& error_field,
                           const std::string& error, bool transfer) {
  SQLite::Statement q(st.db, std::string("SELECT id, name, currency FROM account WHERE ws = ? AND "
                                         "closed_on IS NULL AND category_id IS NULL AND subtype <> "
                                         "'lent' AND type IN ('asset', 'liability'") +
                                 (transfer ? ", 'equity'" : "") + ") ORDER BY name_fold, currency");
  q.bind(1, st.workspace_id);
  const std::string id_attr = "f-" + name;
  bool bad = error_field == name;
  std::string h = "<p class=\"field\"><label for=\"" + id_attr + "\">" + escape(label) +
                  "</label><select id=\"" + id_attr + "\" name=\"" + name + "\" required";
  if (bad) h += " aria-invalid=\"true\" aria-describedby=\"" + id_attr + "-error\"";
  h += ">";
  bool found = false;
  while (q.executeStep()) {
    std::string id = q.getColumn(0).getString();
    found = found || id == chosen;
    h += "<option value=\"" + escape(id) + "\"" + (id == chosen ? " selected" : "") + ">" +
         escape(q.getColumn(1).getString()) + " (" + escape(q.getColumn(2).getString()) +
         ")</option>";
  }
  if (!found && !chosen.empty())  // closed or unknown since: keep it visible, posting will say why
    h += "<option value=\"" + escape(chosen) + "\" selected>" + escape(chosen) + "</option>";
  h += "</select>";
  if (bad)
    h += "<span class=\"field-error\" id=\"" + id_attr + "-error\">" + escape(error) + "</span>";
  return h + "</p>";
}

/// The amount field each kind of draft is edited through (the create tools' names).
const char* amount_field(const Draft& d) {
  if (d.kind == "split_expense") return "totalAmount";
  if (d.kind == "lend" || d.kind == "repayment") return "amount";
  if (d.kind == "income") return "incomeAmount";
  return "expenseAmount";
}

std::string edit_form(store::Store& st, const PageContext& ctx, const Draft& d, const Form* typed,
                      const std::string& error) {
  auto exponent = store::find_currency(d.currency)->exponent;
  auto value = [&](const std::string& name, const std::string& stored) {
    return typed ? form_value(*typed, name) : stored;
  };
  std::string bad = field_of(error);
  if (bad == "allocations") bad = "splits";
  std::string h = "<section aria-labelledby=\"edit-h\"><h2 id=\"edit-h\">Edit</h2>";
  h += "<form method=\"post\" action=\"/inbox/drafts/" + escape(d.id) + "/edit\" class=\"edit\">" +
       hidden_csrf(ctx);
  h += input("Title", "title", value("title", d.title), "text", bad, error,
             " required maxlength=\"200\"");
  h += input("Date", "date", value("date", d.date), "date", bad, error, " required");
  const char* amount = amount_field(d);
  // A transfer across currencies has two amounts, one per account's currency
  // (their sum means nothing).
  h += input("Amount (" + d.currency + ")", amount,
             value(amount, store::format_minor(d.income_currency ? d.expense_minor : d.amount(),
                                               exponent)),
             "text", bad, error, " required inputmode=\"decimal\"");
  if (d.income_currency)
    h += input("Amount received (" + *d.income_currency + ")", "incomeAmount",
               value("incomeAmount",
                     store::format_minor(d.income_minor,
                                         store::find_currency(*d.income_currency)->exponent)),
               "text", bad, error, " required inputmode=\"decimal\"");
  if (d.kind == "expense" || d.kind == "income") {
    // Between expense and income only: a transfer names two accounts instead of one.
    std::string chosen = value("type", d.kind);
    h +=
        "<p class=\"field\"><label for=\"f-type\">Type</label><select id=\"f-type\" name=\"type\">";
    for (const char* k : {"expense", "income"})
      h += std::string("<option value=\"") + k + "\"" + (chosen == k ? " selected" : "") + ">" +
           kind_label(k) + "</option>";
    h += "</select></p>";
  }
  if (d.kind == "transfer") {
    h += account_select(st, "creditAccountId", "From account",
                        value("creditAccountId", d.credit_account_id.value_or("")), bad, error,
                        true);
    h += account_select(st, "debitAccountId", "To account",
                        value("debitAccountId", d.debit_account_id.value_or("")), bad, error, true);
  } else {
    h += account_select(st, "accountId", "Account", value("accountId", d.account_id.value_or("")),
                        bad, error, false);
  }
  if (d.kind != "transfer" && d.kind != "lend" && d.kind != "repayment")
    h += input("Category", "categoryName", value("categoryName", d.category_name.value_or("")),
               "text", bad, error, " list=\"categories\"");
  h += input("Payee", "payee", value("payee", d.payee.value_or("")), "text", bad, error,
             " maxlength=\"200\"");
  if (d.kind == "lend" || d.kind == "repayment") {
    std::string chosen = value("personId", d.person_id.value_or(""));
    std::string pid = "f-personId";
    h += "<p class=\"field\"><label for=\"" + pid + "\">Person</label><select id=\"" + pid +
         "\" name=\"personId\" required";
    if (bad == "personId") h += " aria-invalid=\"true\" aria-describedby=\"f-personId-error\"";
    h += ">";
    for (const auto& p : ledger::list_persons(st))
      h += "<option value=\"" + escape(p.id) + "\"" + (p.id == chosen ? " selected" : "") + ">" +
           escape(p.name) + "</option>";
    h += "</select>";
    if (bad == "personId")
      h += "<span class=\"field-error\" id=\"f-personId-error\">" + escape(error) + "</span>";
    h += "</p>";
  }
  if (d.kind == "repayment") {
    bool allow =
        typed ? typed->count("allowOverpayment") && typed->at("allowOverpayment").back() == "1"
              : d.allow_overpayment;
    // The hidden 0 is sent when the box is unticked; a ticked box adds a 1 after it.
    h += "<p class=\"field\"><input type=\"hidden\" name=\"allowOverpayment\" value=\"0\"><input "
         "type=\"checkbox\" id=\"f-allowOverpayment\" name=\"allowOverpayment\" value=\"1\"" +
         std::string(allow ? " checked" : "") +
         "> <label for=\"f-allowOverpayment\">Allow more than they owe (their Lent balance goes "
         "negative)</label></p>";
  }
  if (d.kind != "lend" && d.kind != "repayment")
    h += input("External reference", "externalReference",
               value("externalReference", d.external_ref.value_or("")), "text", bad, error,
               " maxlength=\"200\"");
  std::string tags;
  for (const auto& t : d.tags) tags += (tags.empty() ? "" : ", ") + t;
  h += input("Tags (comma-separated)", "tags", value("tags", tags), "text", bad, error, "");
  if (d.kind == "expense" || d.kind == "split_expense") {
    h += "<fieldset><legend>What each person owes you</legend>";
    std::size_t rows =
        typed ? (typed->count("person") ? typed->at("person").size() : 0) : d.ious.size();
    for (std::size_t i = 0; i <= rows; ++i) {  // one spare row to add someone
      std::string person, share;
      if (typed) {
        if (i < rows) {
          person = typed->at("person")[i];
          share =
              typed->count("share") && i < typed->at("share").size() ? typed->at("share")[i] : "";
        }
      } else if (i < d.ious.size()) {
        person = d.ious[i].person_id;
        share = store::format_minor(d.ious[i].amount_minor, exponent);
      }
      std::string n = std::to_string(i);
      h += "<p class=\"share\"><label for=\"p-" + n + "\">Person</label><select id=\"p-" + n +
           "\" name=\"person\">";
      h += "<option value=\"\">(nobody)</option>";
      for (const auto& p : ledger::list_persons(st))
        h += "<option value=\"" + escape(p.id) + "\"" + (p.id == person ? " selected" : "") + ">" +
             escape(p.name) + "</option>";
      h += "</select><label for=\"s-" + n + "\">Owes</label><input id=\"s-" + n +
           "\" name=\"share\" type=\"text\" inputmode=\"decimal\" value=\"" + escape(share) +
           "\"></p>";
    }
    if (bad == "splits")
      h += "<p class=\"field-error\" id=\"f-splits-error\">" + escape(error) + "</p>";
    h += "</fieldset>";
  }
  static const std::set<std::string> shown{"title",
                                           "date",
                                           "expenseAmount",
                                           "incomeAmount",
                                           "totalAmount",
                                           "amount",
                                           "accountId",
                                           "categoryName",
                                           "payee",
                                           "splits",
                                           "debitAccountId",
                                           "creditAccountId",
                                           "externalReference",
                                           "tags",
                                           "personId"};
  if (!error.empty() && !shown.count(bad))
    h += "<p class=\"field-error\" role=\"alert\">" + escape(error) + "</p>";
  h += "<datalist id=\"categories\">";
  for (const auto& c : ledger::list_categories(st))
    h += "<option value=\"" + escape(c.name) + "\">";
  h += "</datalist>";
  h += "<p><button type=\"submit\">Save changes</button></p></form></section>";
  return h;
}

std::string preview_html(store::Store& st, const Draft& d) {
  std::string h =
      "<section aria-labelledby=\"preview-h\"><h2 id=\"preview-h\">What posting will write</h2>";
  try {
    store::Transaction undo(st.db);  // the preview's writes roll back with it
    ledger::Preview p = ledger::preview(st, d.id, false);
    h += "<table class=\"postings\"><thead><tr><th scope=\"col\">Account</th><th scope=\"col\" "
         "class=\"money\">"
         "Amount</th></tr></thead><tbody>";
    for (const auto& one : p.postings)
      h += "<tr><td>" + escape(one.account_name) +
           (one.account_id.empty() ? " <small>(new)</small>" : "") +
           (one.memo.empty() ? "" : "<br><small>" + escape(one.memo) + "</small>") +
           "</td><td class=\"money\">" + money(one.amount_minor, one.currency) + "</td></tr>";
    h += "</tbody></table>";
    if (!p.lent.empty()) {
      h += "<table class=\"lent\"><caption>Lent balances (what each person owes "
           "you)</caption><thead><tr>"
           "<th scope=\"col\">Person</th><th scope=\"col\" class=\"money\">Now</th><th "
           "scope=\"col\" class=\"money\">"
           "After posting</th></tr></thead><tbody>";
      for (const auto& c : p.lent)
        h += "<tr><td>" + escape(c.person_name) + "</td><td class=\"money\">" +
             money(c.before_minor, c.currency) + "</td><td class=\"money\">" +
             money(c.after_minor, c.currency) + "</td></tr>";
      h += "</tbody></table>";
    }
  } catch (const mcp::ToolError& e) {
    h += "<p class=\"warnings\" role=\"alert\">Posting would be refused: " + escape(e.what()) +
         "</p>";
  }
  return h + "</section>";
}

}  // namespace

std::string html_page(const std::string& title, const std::string& main,
                      const PageContext* signed_in) {
  std::string h =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      escape(title) +
      " · Tally</title><link rel=\"stylesheet\" href=\"/inbox/assets/inbox.css\">"
      "<script src=\"/inbox/assets/inbox.js\" defer></script></head><body><header><nav "
      "aria-label=\"Tally\">"
      "<a href=\"/inbox\">Inbox</a>";
  if (signed_in)
    h += "<a href=\"/inbox/accounts\">Accounts</a><a href=\"/inbox/people\">People</a>"
         "<a href=\"/inbox/transactions\">Transactions</a><a href=\"/inbox/charts\">Charts</a>"
         "<form method=\"post\" action=\"/inbox/sign-out\" class=\"inline\">" +
         hidden_csrf(*signed_in) + "<button type=\"submit\">Sign out</button></form>";
  h += "</nav></header><main";
  if (signed_in && signed_in->live_version >= 0)
    h += " data-version=\"" + std::to_string(signed_in->live_version) + "\"";
  return h + ">" + main + "</main></body></html>";
}

std::string sign_in_page(const std::string& error, const std::string& guard_field) {
  std::string h =
      "<h1>Sign in to the inbox</h1><p>Paste an API key with write access to this ledger "
      "(<code>tally keys create --name browser</code> makes one).</p>"
      "<form method=\"post\" action=\"/inbox/sign-in\"><input type=\"hidden\" name=\"signin\" "
      "value=\"" +
      escape(guard_field) +
      "\"><p class=\"field\"><label for=\"key\">API "
      "key</label>"
      "<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required";
  if (!error.empty()) h += " aria-invalid=\"true\" aria-describedby=\"key-error\"";
  h += ">";
  if (!error.empty())
    h += "<span class=\"field-error\" id=\"key-error\">" + escape(error) + "</span>";
  h += "</p><p><button type=\"submit\">Sign in</button></p></form>";
  return html_page("Sign in", h, nullptr);
}

std::string inbox_page(store::Store& st, const PageContext& ctx) {
  bool more = false;
  auto drafts = ledger::recent_drafts(st, 100, std::nullopt, more);
  std::string h = "<h1>Inbox</h1>" + flash_html(ctx);
  if (drafts.empty()) {
    h += "<p>Nothing is waiting: no pending drafts.</p>";
    return html_page("Inbox", h, &ctx);
  }
  h += "<p>" + std::to_string(ledger::count_drafts(st)) + " pending draft" +
       (drafts.size() == 1 ? "" : "s") + ", newest first" +
       (more ? " (the 100 newest shown)" : "") + ".</p>";
  h += "<form method=\"post\" action=\"/inbox/bulk\">" + hidden_csrf(ctx);
  std::string day;
  for (const auto& d : drafts) {
    std::string staged = d.created_at.substr(0, 10);
    if (staged != day) {
      if (!day.empty()) h += "</section>";
      day = staged;
      h += "<section class=\"day\" aria-labelledby=\"day-" + escape(day) + "\"><h2 id=\"day-" +
           escape(day) + "\">Staged <time datetime=\"" + escape(day) + "\">" + escape(day) +
           "</time></h2>";
    }
    std::string id = escape(d.id);
    h += "<article class=\"draft\" aria-labelledby=\"t-" + id + "\"><h3 id=\"t-" + id + "\">";
    h += "<input type=\"checkbox\" name=\"id\" value=\"" + id + "\" id=\"c-" + id +
         "\" aria-label=\"Select " + escape(d.title) + "\"> ";
    h += "<a href=\"/inbox/drafts/" + id + "\">" + escape(d.title) + "</a></h3>";
    h += facts(st, d) + warnings_html(warnings_of(st, d));
    h += "<p class=\"actions\"><button type=\"submit\" formaction=\"/inbox/drafts/" + id +
         "/post\">Post</button> <a href=\"/inbox/drafts/" + id +
         "\">Edit</a> <button type=\"submit\" formaction=\"/inbox/drafts/" + id +
         "/delete\" class=\"danger\">Delete</button></p></article>";
  }
  h += "</section><p class=\"bulk\"><button type=\"submit\" name=\"action\" value=\"post\">Post "
       "selected</button> "
       "<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\">Delete "
       "selected</button></p></form>";
  return html_page("Inbox", h, &ctx);
}

std::string draft_page(store::Store& st, const PageContext& ctx, const std::string& draft_id,
                       const Form* typed, const std::string& error) {
  auto d = ledger::find_draft(st, draft_id);
  if (!d) {
    std::string h = "<h1>Draft not found</h1>" + flash_html(ctx);
    if (auto txn = ledger::posted_transaction(st, draft_id))
      h += "<p>It was posted as transaction <code>" + escape(*txn) + "</code>.</p>";
    else
      h += "<p>No pending draft has the id <code>" + escape(draft_id) +
           "</code>; it may have been deleted.</p>";
    return html_page("Draft not found", h + "<p><a href=\"/inbox\">Back to the inbox</a></p>",
                     &ctx);
  }
  std::string id = escape(d->id);
  std::string h = "<h1>" + escape(d->title) + "</h1>" + flash_html(ctx) + facts(st, *d) +
                  warnings_html(warnings_of(st, *d));
  h += preview_html(st, *d);
  h += attachments_html(st, ledger::AttachTarget{"", d->id});
  h +=
      "<form method=\"post\" action=\"/inbox/drafts/" + id + "/post\" class=\"inline\">" +
      hidden_csrf(ctx) +
      "<button type=\"submit\">Post</button></form> <form method=\"post\" action=\"/inbox/drafts/" +
      id + "/delete\" class=\"inline\">" + hidden_csrf(ctx) +
      "<button type=\"submit\" class=\"danger\">Delete</button></form>";
  h += edit_form(st, ctx, *d, typed, error);
  return html_page(d->title, h, &ctx);
}

const std::string& inbox_js() {
  // Live updates (issue 18): poll the ledger's data_version and reload the list
  // when another process (an assistant) or this one changed it, unless the person
  // is in the middle of selecting. Dates and money are shown in the browser's
  // locale. Money stays exact: the minor-unit integer becomes a decimal string,
  // which Intl.NumberFormat formats as a decimal (no float); a browser that would
  // round strings through a float keeps the server's text.
  static const std::string js = R"js('use strict';
(function () {
  var lang = navigator.language || undefined;
  document.querySelectorAll('time[datetime]').forEach(function (t) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t.dateTime)) return;
    var d = new Date(t.dateTime + 'T00:00:00');
    if (!isNaN(d)) t.textContent = d.toLocaleDateString(lang, { year: 'numeric', month: 'short', day: 'numeric' });
  });
  var exact = false;
  try { exact = new Intl.NumberFormat('en-US', { useGrouping: false }).format('9007199254740993') === '9007199254740993'; } catch (e) {}
  function decimal(minor, exponent) {
    var negative = minor.charAt(0) === '-';
    var digits = negative ? minor.slice(1) : minor;
    while (digits.length <= exponent) digits = '0' + digits;
    var cut = digits.length - exponent;
    return (negative ? '-' : '') + digits.slice(0, cut) + (exponent ? '.' + digits.slice(cut) : '');
  }
  if (exact) document.querySelectorAll('data.money[data-currency]').forEach(function (m) {
    var minor = m.getAttribute('value') || '';
    var exponent = Number(m.getAttribute('data-exponent'));
    if (!/^-?\d+$/.test(minor) || !(exponent >= 0 && exponent <= 4)) return;
    try {
      var f = new Intl.NumberFormat(lang, { style: 'currency', currency: m.getAttribute('data-currency'),
        minimumFractionDigits: exponent, maximumFractionDigits: exponent });
      m.title = m.textContent;
      m.textContent = f.format(decimal(minor, exponent));
    } catch (e) {}
  });
  var main = document.querySelector('main[data-version]');
  if (!main) return;
  var version = main.getAttribute('data-version');
  function busy() {
    var a = document.activeElement;
    return document.querySelector('input[type=checkbox]:checked') || (a && a.form && a.type !== 'submit');
  }
  function tick() {
    fetch('/inbox/changes', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (j && String(j.version) !== version && !busy()) { location.reload(); return; }
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
)js";
  return js;
}

const std::string& inbox_css() {
  static const std::string css =
      R"css(:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ccc;--accent:#0b57d0;--bad:#a00}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#141414;--muted:#bbb;--line:#444;--accent:#8ab4f8;--bad:#f88}}
*{box-sizing:border-box}body{margin:0;font:16px/1.45 "DejaVu Sans",system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem}h2{font-size:1.15rem}h3{font-size:1rem;margin:.2rem 0}
a{color:var(--accent)}:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.draft{border:1px solid var(--line);border-radius:.4rem;padding:.6rem;margin:.6rem 0;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.2rem 1rem;margin:.4rem 0}
.facts dt{font-size:.8rem;color:var(--muted)}.facts dd{margin:0}.people{margin:0;padding-left:1rem}
.money{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.warnings{color:var(--bad)}.flash{padding:.5rem;border:1px solid var(--line)}.flash.error,.field-error{color:var(--bad)}
.field-error{display:block;font-size:.9rem}.inline{display:inline}
button{font:inherit;padding:.35rem .8rem;border:1px solid var(--accent);border-radius:.3rem;background:var(--bg);color:var(--accent);cursor:pointer}
button.danger{border-color:var(--bad);color:var(--bad)}
.field label,.share label{display:block;font-size:.9rem}input,select{font:inherit;max-width:100%;padding:.25rem}
.field input,.field select{width:100%}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.25rem;text-align:left;overflow-wrap:anywhere}
th.money,td.money{text-align:right}svg.chart{width:100%;height:auto;max-width:48rem}.scroll{overflow-x:auto;max-width:100%}.numbers th,.numbers td{white-space:nowrap;overflow-wrap:normal}fieldset{border:1px solid var(--line);max-width:100%;min-width:0}
)css";
  return css;
}

}  // namespace tally::web
