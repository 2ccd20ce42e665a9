#include "web/ledger_pages.h"

#include <cctype>
#include <map>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/charts.h"
#include "ledger/people.h"
#include "ledger/transactions.h"
#include "store/currency.h"
#include "store/money.h"
#include "web/attachment_pages.h"
#include "web/money_html.h"

namespace tally::web {

namespace {

using mcp::json;

std::string money_of(const json& m) {
  return money_html(m.value("amountMinor", std::int64_t{0}), m.value("currency", ""));
}

std::string url_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct AccountRow {
  ledger::Account account;
  std::int64_t balance = 0;
};

std::vector<AccountRow> accounts_of(store::Store& st, bool with_categories) {
  SQLite::Statement q(st.db, std::string("SELECT id FROM account WHERE ws = ?") +
                                 (with_categories ? "" : " AND category_id IS NULL") +
                                 " ORDER BY type, name_fold, currency");
  q.bind(1, st.workspace_id);
  std::vector<std::string> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  std::vector<AccountRow> out;
  for (const auto& id : ids) {
    auto a = ledger::find_account(st, id);
    if (a) out.push_back(AccountRow{*a, ledger::account_balance(st, a->seq)});
  }
  return out;
}

std::string option_list(const std::vector<std::pair<std::string, std::string>>& items,
                        const std::string& chosen) {
  std::string h = "<option value=\"\">(any)</option>";
  for (const auto& item : items)
    h += "<option value=\"" + escape(item.first) + "\"" +
         (item.first == chosen ? " selected" : "") + ">" + escape(item.second) + "</option>";
  return h;
}

}  // namespace

std::string accounts_page(store::Store& st, const PageContext& ctx) {
  std::string h =
      "<h1>Accounts</h1>" +
      std::string(
          "<p>Balances in each account's currency; income and liability accounts show what "
          "they hold as positive.</p>");
  std::map<std::string, std::vector<AccountRow>> by_type;
  for (auto& row : accounts_of(st, true)) by_type[row.account.type].push_back(std::move(row));
  for (const char* type : ledger::kAccountTypes) {
    auto it = by_type.find(type);
    if (it == by_type.end()) continue;
    std::string title = type;
    title[0] = static_cast<char>(std::toupper(title[0]));
    h += "<section aria-labelledby=\"type-" + title + "\"><h2 id=\"type-" + title + "\">" +
         escape(title) +
         "</h2><table><thead><tr><th scope=\"col\">Account</th><th scope=\"col\" "
         "class=\"money\">Balance</th></tr>"
         "</thead><tbody>";
    for (const auto& row : it->second) {
      json j = ledger::account_json(row.account, row.balance);
      h += "<tr><td><a href=\"/inbox/transactions?account=" + url_escape(row.account.id) + "\">" +
           escape(row.account.name) + "</a>" +
           (row.account.open() ? "" : " <small>(closed)</small>") + "</td><td class=\"money\">" +
           money_of(j["balance"]) + "</td></tr>";
    }
    h += "</tbody></table></section>";
  }
  return html_page("Accounts", h, &ctx);
}

std::string people_page(store::Store& st, const PageContext& ctx) {
  std::string h = "<h1>People</h1>";
  auto people = ledger::list_persons(st);
  if (people.empty()) return html_page("People", h + "<p>No people yet.</p>", &ctx);
  h += "<table><thead><tr><th scope=\"col\">Person</th><th scope=\"col\" class=\"money\">Owes "
       "you</th>"
       "<th scope=\"col\" class=\"money\">You owe them</th></tr></thead><tbody>";
  for (const auto& p : people) {
    std::string owes, owed;
    for (const auto& o : ledger::owed_by(st, p.id)) {
      (o.minor > 0 ? owes : owed) +=
          money_html(o.minor > 0 ? o.minor : -o.minor, o.currency) + "<br>";
    }
    h += "<tr><td><a href=\"/inbox/transactions?person=" + url_escape(p.id) + "\">" +
         escape(p.name) + "</a></td><td class=\"money\">" + (owes.empty() ? "—" : owes) +
         "</td><td class=\"money\">" + (owed.empty() ? "—" : owed) + "</td></tr>";
  }
  return html_page("People", h + "</tbody></table>", &ctx);
}

json transaction_filter_args(const Form& query) {
  json a{{"limit", 50}};
  auto put = [&](const char* field, const char* arg) {
    std::string v = form_value(query, field);
    if (!v.empty()) a[arg] = v;
  };
  put("account", "accountId");
  put("person", "personId");
  put("start", "startDate");
  put("end", "endDate");
  put("cursor", "cursor");
  return a;
}

std::string transactions_page(store::Store& st, const PageContext& ctx, const Form& query,
                              const json& result, const std::string& error) {
  std::string h = "<h1>Transactions</h1>";
  std::vector<std::pair<std::string, std::string>> accounts, people;
  for (const auto& row : accounts_of(st, true))
    accounts.emplace_back(row.account.id, row.account.name);
  for (const auto& p : ledger::list_persons(st)) people.emplace_back(p.id, p.name);
  h += "<form method=\"get\" action=\"/inbox/transactions\" class=\"filters\"><p "
       "class=\"field\"><label "
       "for=\"q-account\">Account</label><select id=\"q-account\" name=\"account\">" +
       option_list(accounts, form_value(query, "account")) +
       "</select></p><p class=\"field\"><label for=\"q-person\">Person</label><select "
       "id=\"q-person\" "
       "name=\"person\">" +
       option_list(people, form_value(query, "person")) +
       "</select></p><p class=\"field\"><label for=\"q-start\">From</label><input id=\"q-start\" "
       "name=\"start\" "
       "type=\"date\" value=\"" +
       escape(form_value(query, "start")) +
       "\"></p><p class=\"field\"><label for=\"q-end\">To</label><input id=\"q-end\" name=\"end\" "
       "type=\"date\" "
       "value=\"" +
       escape(form_value(query, "end")) +
       "\"></p><p><button type=\"submit\">Filter</button></p></form>";
  if (!error.empty())
    return html_page("Transactions",
                     h + "<p class=\"field-error\" role=\"alert\">" + escape(error) + "</p>", &ctx);
  h += "<p>" + std::to_string(result.value("total", 0)) + " transaction" +
       (result.value("total", 0) == 1 ? "" : "s") + ", newest first.</p>";
  h += "<table class=\"txns\"><thead><tr><th scope=\"col\">Date</th><th "
       "scope=\"col\">Description</th><th "
       "scope=\"col\">Postings</th></tr></thead><tbody>";
  for (const auto& t : result.value("transactions", json::array())) {
    std::string postings;
    for (const auto& p : t["postings"])
      postings += escape(p.value("accountName", p.value("accountId", ""))) + " " +
                  money_of(p["amount"]) + "<br>";
    std::string id = t.value("id", "");
    h += "<tr><td><time datetime=\"" + escape(t.value("date", "")) + "\">" +
         escape(t.value("date", "")) + "</time></td><td><a href=\"/inbox/transactions/" +
         url_escape(id) + "\">" + escape(t.value("description", "")) + "</a>" +
         (t.contains("voidedByTransactionId") ? " <small>(voided)</small>" : "") + "</td><td>" +
         postings + "</td></tr>";
  }
  h += "</tbody></table>";
  if (result.value("truncated", false) && result.contains("nextCursor")) {
    std::string next =
        "/inbox/transactions?cursor=" + url_escape(result["nextCursor"].get<std::string>());
    for (const char* f : {"account", "person", "start", "end"}) {
      std::string v = form_value(query, f);
      if (!v.empty()) next += std::string("&") + f + "=" + url_escape(v);
    }
    h += "<p><a href=\"" + escape(next) + "\" rel=\"next\">Older transactions</a></p>";
  }
  return html_page("Transactions", h, &ctx);
}

std::string charts_page(store::Store& st, const PageContext& ctx, int months) {
  std::string h =
      "<h1>Charts</h1><form method=\"get\" action=\"/inbox/charts\" class=\"filters\"><p "
      "class=\"field\"><label for=\"months\">Months</label><select id=\"months\" name=\"months\">";
  for (int m : {3, 6, 12, 24, 60, 120})
    h += "<option value=\"" + std::to_string(m) + "\"" + (m == months ? " selected" : "") + ">" +
         std::to_string(m) + "</option>";
  h += "</select></p><p><button type=\"submit\">Show</button></p></form>";
  for (const char* kind : ledger::kChartKinds) {
    ledger::ChartData data = ledger::chart_data(st, kind, months, std::nullopt, std::nullopt);
    std::string title = ledger::chart_title(kind);
    h += "<section class=\"chart\" aria-labelledby=\"h-" + std::string(kind) + "\"><h2 id=\"h-" +
         kind + "\">" + escape(title) + "</h2>" + ledger::chart_svg(data, title);
    if (!data.series.empty()) {
      h += "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" + escape(title) +
           ": the numbers\"><table class=\"numbers\" data-kind=\"" + kind +
           "\"><thead><tr><th scope=\"col\">Month</th>";
      for (const auto& series : data.series)
        h += "<th scope=\"col\" class=\"money\">" +
             escape(series.name + " (" + series.currency + ")") + "</th>";
      h += "</tr></thead><tbody>";
      for (std::size_t m = 0; m < data.months.size(); ++m) {
        h += "<tr><th scope=\"row\">" + escape(data.months[m]) + "</th>";
        for (const auto& series : data.series) {
          auto c = store::find_currency(series.currency);
          h += "<td class=\"money\" data-minor=\"" + std::to_string(series.values[m]) + "\">" +
               escape(store::format_minor(series.values[m], c->exponent)) + "</td>";
        }
        h += "</tr>";
      }
      h += "</tbody></table></div>";
    }
    h += "</section>";
  }
  return html_page("Charts", h, &ctx);
}

std::string transaction_page(store::Store& st, const PageContext& ctx, const std::string& id) {
  json t = ledger::transaction_json(st, id);
  if (t.is_null())
    return html_page("Not found",
                     "<h1>Transaction not found</h1><p>No transaction has the id <code>" +
                         escape(id) + "</code>.</p>",
                     &ctx);
  std::string h = "<h1>" + escape(t.value("description", "")) + "</h1>";
  if (!ctx.flash.empty())
    h += std::string("<p class=\"flash") + (ctx.flash_error ? " error" : "") +
         "\" role=\"status\">" + escape(ctx.flash) + "</p>";
  h += "<dl class=\"facts\"><div><dt>Date</dt><dd><time datetime=\"" + escape(t.value("date", "")) +
       "\">" + escape(t.value("date", "")) + "</time></dd></div><div><dt>Id</dt><dd><code>" +
       escape(id) + "</code></dd></div><div><dt>Source</dt><dd>" + escape(t.value("source", "")) +
       "</dd></div>";
  if (t.contains("payee"))
    h += "<div><dt>Payee</dt><dd>" + escape(t["payee"].get<std::string>()) + "</dd></div>";
  h += "</dl><table class=\"postings\"><thead><tr><th scope=\"col\">Account</th><th scope=\"col\" "
       "class=\"money\">Amount</th></tr></thead><tbody>";
  for (const auto& p : t["postings"])
    h += "<tr><td>" + escape(p.value("accountName", p.value("accountId", ""))) +
         (p.contains("memo") && !p["memo"].get<std::string>().empty()
              ? "<br><small>" + escape(p["memo"].get<std::string>()) + "</small>"
              : "") +
         "</td><td class=\"money\">" + money_of(p["amount"]) + "</td></tr>";
  h += "</tbody></table>";
  h += attachments_html(st, ledger::AttachTarget{id, ""});
  if (t.contains("voidedByTransactionId")) {
    std::string by = t["voidedByTransactionId"].get<std::string>();
    h += "<p>Voided by <a href=\"/inbox/transactions/" + url_escape(by) + "\">" + escape(by) +
         "</a>.</p>";
  } else if (t.contains("reversesTransactionId")) {
    std::string of = t["reversesTransactionId"].get<std::string>();
    h += "<p>This reverses <a href=\"/inbox/transactions/" + url_escape(of) + "\">" + escape(of) +
         "</a>.</p>";
  } else {
    h += "<form method=\"post\" action=\"/inbox/transactions/" + escape(url_escape(id)) +
         "/void\"><input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.csrf) +
         "\"><p class=\"field\"><label for=\"reason\">Reason (optional)</label><input "
         "id=\"reason\" name=\"reason\" "
         "type=\"text\" maxlength=\"200\"></p><p><button type=\"submit\" "
         "class=\"danger\">Void</button> <small>posts "
         "the exact reversal; nothing is deleted</small></p></form>";
  }
  return html_page(t.value("description", "Transaction"), h, &ctx);
}

}  // namespace tally::web
