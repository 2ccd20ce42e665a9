#include "ledger/flow_reports.h"

#include <algorithm>
#include <map>

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/flow_rollup.h"
#include "ledger/period.h"
#include "ledger/period_totals.h"
#include "ledger/report_json.h"
#include "ledger/report_tools.h"
#include "ledger/spend_rollup.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolResult;

namespace {

using report::array_of;
using report::money;
using report::money_out;
using report::obj;
using report::period_json;
using report::period_schema;
using report::str;

// The months (YYYY-MM) `p` touches, each clipped to `p`.
std::vector<Period> months_of(const Period& p) {
  std::vector<Period> out;
  for (std::string first = p.start.substr(0, 8) + "01"; first <= p.end;
       first = util::add_months(first, 1)) {
    std::string last = util::add_days(util::add_months(first, 1), -1);
    out.push_back({std::max(first, p.start), std::min(last, p.end), first.substr(0, 7)});
  }
  return out;
}

// --- spending by ------------------------------------------------------------

struct Group {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> months;
};
using Groups = std::map<std::string, std::map<std::string, Group>>;  // currency → key → group

void add(Groups& g, const std::string& currency, const std::string& key, const std::string& month,
         std::int64_t v) {
  Group& grp = g[currency][key];
  grp.total = store::checked_add(grp.total, v);
  grp.months[month] = store::checked_add(grp.months[month], v);
}

// The spending the income statement counts on this basis: expense accounts'
// sums from the running totals (accrual), or the cash basis's expense lines.
std::vector<AccountSum> spending_sums(store::Store& st, const Period& p, bool cash) {
  if (!cash) return sums_between(st, p.start, p.end, {"expense"});
  std::vector<AccountSum> out = cash_basis_sums(st, p.start, p.end);
  std::erase_if(out, [](const AccountSum& a) { return a.type != "expense"; });
  return out;
}

// Per category and month.
Groups by_category(store::Store& st, const Period& p, bool cash) {
  Groups g;
  for (const Period& m : months_of(p))
    for (const auto& a : spending_sums(st, m, cash))
      add(g, a.currency, a.category.value_or(a.name), m.label, a.net);
  return g;
}

// By the account that paid (the transaction's first asset or liability
// posting, not Lent, of the opposite sign), by tag (a transaction counts under
// each of its tags) or by person (each person the bill was split with), from
// the spending rollup: expense postings (accrual), or on the cash basis the
// postings of expense, payable and tax accounts in transactions through a
// cash-like account (as cash_basis_sums says).
Groups by_key(store::Store& st, const Period& p, const std::string& group_by, bool cash) {
  std::string name, join;
  if (group_by == "account") {
    name = "coalesce(b.name, '(no account)')";
    join = " LEFT JOIN account b ON b.seq = f.key";
  } else if (group_by == "tag") {
    name = "CASE WHEN f.key = '' THEN '(no tag)' ELSE f.key END";
  } else {  // person
    name = "coalesce(pe.name, '(no one)')";
    join = " LEFT JOIN person pe ON pe.id = f.key";
  }
  store::Prepared q = st.prepared("SELECT f.month, f.currency, " + name + ", sum(" +
                                  (cash ? "f.cash_minor" : "f.accrual_minor") + ") FROM " +
                                  spend_rows_sql() + " f" + join + " GROUP BY 1, 2, 3");
  bind_spend_rows(q, st.workspace_id, group_by, p.start, p.end);
  Groups g;
  while (q.executeStep())
    add(g, q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(0).getString(),
        q.getColumn(3).getInt64());
  return g;
}

// By payee (else the description), from the flow rollup: every posting of an
// expense account (accrual), or on the cash basis the postings of expense,
// payable and tax accounts in transactions through a cash-like account.
Groups by_payee(store::Store& st, const Period& p, bool cash) {
  store::Prepared q = st.prepared(
      "SELECT f.month, a.currency, f.payee, " +
      std::string(cash ? "sum(f.cash_debit_minor + f.cash_credit_minor)" : "sum(f.net_minor)") +
      " FROM " + flow_rows_sql() + " f JOIN account a ON a.seq = f.account_seq WHERE " +
      (cash ? "(a.type = 'expense' OR a.subtype IN ('payable', 'tax'))" : "a.type = 'expense'") +
      " GROUP BY 1, 2, 3");
  bind_flow_rows(q, st.workspace_id, p.start, p.end);
  Groups g;
  while (q.executeStep())
    add(g, q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(0).getString(),
        q.getColumn(3).getInt64());
  return g;
}

json months_json(const std::map<std::string, std::int64_t>& months, const std::string& currency) {
  json list = json::array();
  for (const auto& [m, v] : months)
    if (v != 0) list.push_back({{"month", m}, {"amount", money(v, currency)}});
  return list;
}

ToolResult spending_by(store::Store& st, const mcp::Args& a) {
  Period p = period_from_args(a, st.today());
  std::string group_by = a.str("groupBy");
  bool per_month = a.boolean("perMonth");
  auto limit = static_cast<std::size_t>(a.integer("limit"));
  bool cash = a.str("basis") == "cash";
  Groups groups = group_by == "category" ? by_category(st, p, cash)
                  : group_by == "payee"  ? by_payee(st, p, cash)
                                         : by_key(st, p, group_by, cash);
  bool overlapping = group_by == "tag" || group_by == "person";
  std::map<std::string, std::int64_t> totals;  // the income statement's expenses, per currency
  for (const auto& x : spending_sums(st, p, cash))
    totals[x.currency] = store::checked_add(totals[x.currency], x.net);
  for (const auto& [code, v] : totals)
    if (v != 0) groups[code];  // a currency whose groups cancel out still shows its total

  json currencies = json::array();
  for (const auto& [code, keyed] : groups) {
    std::vector<std::pair<std::string, const Group*>> order;
    std::int64_t total = totals[code];
    for (const auto& [k, g] : keyed)
      if (g.total != 0)
        order.emplace_back(k, &g);  // a refund that cancels the spending shows nothing
    if (order.empty() && total == 0) continue;
    std::stable_sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
      return x.second->total > y.second->total;
    });
    json list = json::array();
    Group other;
    std::size_t others = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Group& g = *order[i].second;
      if (i < limit) {
        json row{{"name", order[i].first}, {"amount", money(g.total, code)}};
        if (per_month) row["months"] = months_json(g.months, code);
        list.push_back(std::move(row));
      } else {
        ++others;
        other.total = store::checked_add(other.total, g.total);
        for (const auto& [m, v] : g.months)
          other.months[m] = store::checked_add(other.months[m], v);
      }
    }
    json c{{"currency", code}, {"total", money(total, code)}, {"groups", list}};
    if (others > 0) {
      json row{{"groups", others}, {"amount", money(other.total, code)}};
      if (per_month) row["months"] = months_json(other.months, code);
      c["other"] = std::move(row);
    }
    currencies.push_back(std::move(c));
  }
  json out{{"period", period_json(p)},
           {"groupBy", group_by},
           {"basis", cash ? "cash" : "accrual"},
           {"currencies", currencies}};
  if (overlapping) out["overlapping"] = true;
  return ToolResult::of(std::move(out));
}

// --- cash flow ----------------------------------------------------------------

struct Flow {
  std::int64_t in = 0, out = 0;
  void add(const Flow& f) {
    in = store::checked_add(in, f.in);
    out = store::checked_add(out, f.out);
  }
};

struct CurrencyFlow {
  Flow total;
  std::map<std::string, Flow> months;
  std::map<std::string, Flow> categories;
};

json flow_json(const Flow& f, const std::string& code) {
  return {{"moneyIn", money(f.in, code)},
          {"moneyOut", money(f.out, code)},
          {"net", money(f.in - f.out, code)}};
}

// A transaction's effect on the cash-like accounts, seen from its other
// postings: an expense posting of 40 is 40 out, an income posting of −100 is
// 100 in. Transfers between two cash-like accounts have no other posting, so
// they move nothing in or out.
ToolResult cash_flow(store::Store& st, const mcp::Args& a) {
  Period p = period_from_args(a, st.today());
  // The flow rollup's cash columns, per month and account: debits are money
  // out of the cash-like accounts, credits money in.
  store::Prepared q = st.prepared(
      "SELECT f.month, a.currency, a.type, a.subtype, coalesce(c.name, a.name), "
      "-sum(f.cash_credit_minor), sum(f.cash_debit_minor) FROM " +
      flow_rows_sql() +
      " f JOIN account a ON a.seq = f.account_seq LEFT JOIN category c ON c.id = a.category_id "
      "GROUP BY 1, a.seq HAVING sum(f.cash_credit_minor) <> 0 OR sum(f.cash_debit_minor) <> 0");
  bind_flow_rows(q, st.workspace_id, p.start, p.end);
  std::map<std::string, CurrencyFlow> by_currency;
  while (q.executeStep()) {
    CurrencyFlow& cf = by_currency[q.getColumn(1).getString()];
    Flow f{q.getColumn(5).getInt64(), q.getColumn(6).getInt64()};
    std::string type = q.getColumn(2).getString(), subtype = q.getColumn(3).getString();
    std::string name = type == "income" || type == "expense" ? q.getColumn(4).getString()
                       : subtype == "lent" ? "Lending: " + q.getColumn(4).getString()
                                           : q.getColumn(4).getString();
    cf.total.add(f);
    cf.months[q.getColumn(0).getString()].add(f);
    cf.categories[name].add(f);
  }
  json currencies = json::array();
  for (const auto& [code, cf] : by_currency) {
    json months = json::array(), categories = json::array();
    for (const auto& [m, f] : cf.months) {
      json j = flow_json(f, code);
      j["month"] = m;
      months.push_back(std::move(j));
    }
    std::vector<std::pair<std::string, Flow>> cats(cf.categories.begin(), cf.categories.end());
    std::stable_sort(cats.begin(), cats.end(), [](const auto& x, const auto& y) {
      return std::max(x.second.in, x.second.out) > std::max(y.second.in, y.second.out);
    });
    for (const auto& [name, f] : cats) {
      json j = flow_json(f, code);
      j["category"] = name;
      categories.push_back(std::move(j));
    }
    json c = flow_json(cf.total, code);
    c["currency"] = code;
    c["months"] = months;
    c["categories"] = categories;
    currencies.push_back(std::move(c));
  }
  return ToolResult::of(json{{"period", period_json(p)},
                             {"accounts", "bank, cash, wallet, savings and credit_card accounts"},
                             {"currencies", currencies}});
}

// --- schemas ----------------------------------------------------------------

json spending_schema() {
  json months = array_of(
      obj({{"month", str()}, {"amount", money_out("spending that month")}}, {"month", "amount"}));
  json group =
      obj({{"name", {{"type", "string"}, {"description", "the category, payee or paying account"}}},
           {"amount", money_out("spending in the period (refunds subtract)")},
           {"months", months}},
          {"name", "amount"});
  json other =
      obj({{"groups", {{"type", "integer"}, {"description", "how many groups past the limit"}}},
           {"amount", money_out("their spending, summed")},
           {"months", months}},
          {"groups", "amount"});
  json currency = obj({{"currency", str()},
                       {"total", money_out("all spending; equals the income statement's expenses")},
                       {"groups", array_of(group)},
                       {"other", other}},
                      {"currency", "total", "groups"});
  return obj({{"period", period_schema()},
              {"groupBy", str()},
              {"basis", {{"type", "string"}, {"enum", {"accrual", "cash"}}}},
              {"overlapping",
               {{"type", "boolean"},
                {"description",
                 "tag and person: a transaction counts under each of its groups, so groups can add "
                 "up to more than total"}}},
              {"currencies", array_of(currency)}},
             {"period", "groupBy", "basis", "currencies"});
}

json cash_flow_schema() {
  json flow = obj({{"moneyIn", money_out("into the cash-like accounts")},
                   {"moneyOut", money_out("out of them")},
                   {"net", money_out("moneyIn − moneyOut")}},
                  {"moneyIn", "moneyOut", "net"});
  json month = flow;
  month["properties"]["month"] = str();
  month["required"].push_back("month");
  json category = flow;
  category["properties"]["category"] = {
      {"type", "string"}, {"description", "category, Lending: Lent:<person>, or another account"}};
  category["required"].push_back("category");
  json currency = flow;
  currency["properties"]["currency"] = str();
  currency["properties"]["months"] = array_of(month);
  currency["properties"]["categories"] = array_of(category);
  for (const char* k : {"currency", "months", "categories"}) currency["required"].push_back(k);
  return obj({{"period", period_schema()}, {"accounts", str()}, {"currencies", array_of(currency)}},
             {"period", "accounts", "currencies"});
}

}  // namespace

std::vector<mcp::ToolSpec> flow_report_tools() {
  std::vector<mcp::ToolSpec> tools;
  std::vector<s::Field> sb = period_fields();
  sb.push_back(
      s::enumeration("basis", {"accrual", "cash"})
          .def("accrual")
          .describe(
              "as ledger_income_statement: cash counts only money through bank, cash, wallet, "
              "savings and card accounts"));
  sb.push_back(
      s::enumeration("groupBy", {"category", "payee", "account", "tag", "person"})
          .def("category")
          .describe("payee: the payee, else the description; account: the account that paid; tag "
                    "and person (the people "
                    "a bill was split with) may count a transaction under several groups"));
  sb.push_back(s::boolean("perMonth").def(false).describe("also break each group down by month"));
  sb.push_back(s::integer("limit").min(1).max(100).def(10).describe(
      "groups shown; the rest are summed as other"));
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_spending_by",
      .title = "Spending by category, payee, account, tag or person",
      .description =
          "Spending (expense postings, refunds subtracting) in a period per currency, grouped and "
          "largest first: the top `limit` groups, the rest summed as `other`. Its total equals the "
          "income statement's expenses; transfers and lending are never spending.",
      .input_schema = s::object_schema(sb),
      .output_schema = spending_schema(),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return spending_by(app::store_of(ctx), a);
      }});

  tools.push_back(mcp::ToolSpec{.name = "ledger_cash_flow",
                                .title = "Cash flow",
                                .description =
                                    "Money into and out of the cash-like accounts (bank, cash, "
                                    "wallet, savings, credit card) in a "
                                    "period, per currency, per month and by category (lending "
                                    "shows as Lending: Lent:<person>). "
                                    "Transfers between those accounts move nothing in or out.",
                                .input_schema = s::object_schema(period_fields()),
                                .output_schema = cash_flow_schema(),
                                .annotations = mcp::kRead,
                                .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
                                  return cash_flow(app::store_of(ctx), a);
                                }});
  return tools;
}

}  // namespace tally::ledger
