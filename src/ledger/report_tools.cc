#include "ledger/report_tools.h"

#include <algorithm>
#include <map>
#include <set>

#include <SQLiteCpp/Statement.h>

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/period.h"
#include "ledger/period_totals.h"
#include "ledger/report_json.h"
#include "ledger/valuation.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

using report::array_of;
using report::money;
using report::money_out;
using report::obj;
using report::period_json;
using report::period_schema;

// What an income statement leaves out, and why: these move money between your
// own accounts (or to a person who owes it back), so they are not earned or spent.
json excluded_json(bool cash) {
  json list = json::array(
      {{{"what", "transfers"},
        {"why",
         "moving money between your own accounts (bank, card, cash, savings) is neither income nor "
         "spending"}},
       {{"what", "lending and repayments"},
        {"why",
         "money lent is still yours (a Lent:<person> asset) until written off; a repayment returns "
         "it"}},
       {{"what", "the shares others owe on split bills"},
        {"why", "only your share of a split expense is spending; the rest is lent to the others"}},
       {{"what", "opening balances and other equity postings"},
        {"why", "they record what you already had, not what you earned"}}});
  if (cash)
    list.push_back(
        {{"what",
          "transactions that move no money through a bank, cash, wallet, savings or card account"},
         {"why",
          "cash basis: an invoice counts when it is paid (its receivable, collected), not when it "
          "is issued"}});
  return list;
}

// --- income statement -------------------------------------------------------

struct Line {
  std::string account_id;
  std::string name;
  std::int64_t current = 0;
  std::int64_t previous = 0;
};

struct Side {
  std::map<std::int64_t, Line> lines;  // by account seq
  std::int64_t current = 0;
  std::int64_t previous = 0;
};

struct CurrencyStatement {
  Side income;
  Side expenses;
};

void add_sums(std::map<std::string, CurrencyStatement>& out, const std::vector<AccountSum>& sums,
              bool previous) {
  for (const auto& a : sums) {
    CurrencyStatement& cs = out[a.currency];
    Side& side = a.type == "income" ? cs.income : cs.expenses;
    std::int64_t shown = a.type == "income" ? -a.net : a.net;  // income is credit-normal
    Line& line = side.lines[a.seq];
    line.account_id = a.id;
    line.name = a.category.value_or(a.name);
    (previous ? line.previous : line.current) =
        store::checked_add(previous ? line.previous : line.current, shown);
    (previous ? side.previous : side.current) =
        store::checked_add(previous ? side.previous : side.current, shown);
  }
}

json side_json(const Side& side, const std::string& currency, bool compare) {
  std::vector<const Line*> lines;
  for (const auto& [seq, line] : side.lines) lines.push_back(&line);
  std::stable_sort(lines.begin(), lines.end(), [](const Line* a, const Line* b) {
    return a->current != b->current ? a->current > b->current : a->name < b->name;
  });
  json list = json::array();
  for (const Line* l : lines) {
    json j{{"category", l->name},
           {"accountId", l->account_id},
           {"amount", money(l->current, currency)}};
    if (compare) {
      j["previous"] = money(l->previous, currency);
      j["change"] = money(l->current - l->previous, currency);
    }
    list.push_back(std::move(j));
  }
  json out{{"total", money(side.current, currency)}, {"categories", list}};
  if (compare) {
    out["previousTotal"] = money(side.previous, currency);
    out["change"] = money(side.current - side.previous, currency);
  }
  return out;
}

// Valued at each posting's own date (hledger --value=then): the postings of a
// day share one price, so each account's day sums are converted exactly and
// added; each figure is rounded once.
json valued_income(store::Store& st, const Period& p, const std::string& currency) {
  Valuer valuer(st, currency);
  struct ValuedLine {
    std::string account_id, name;
    Fraction value;
  };
  std::map<std::int64_t, ValuedLine> income, expenses;
  Fraction income_total, expense_total;
  SQLite::Statement q(
      st.db,
      "SELECT a.seq, a.id, coalesce(c.name, a.name), a.type, a.currency, p.date, "
      "sum(p.amount_minor) "
      "FROM posting p JOIN account a ON a.seq = p.account_seq "
      "LEFT JOIN category c ON c.id = a.category_id "
      "WHERE p.ws = ? AND p.date BETWEEN ? AND ? AND a.type IN ('income', 'expense') "
      "GROUP BY p.account_seq, p.date");
  q.bind(1, st.workspace_id);
  q.bind(2, p.start);
  q.bind(3, p.end);
  while (q.executeStep()) {
    bool is_income = q.getColumn(3).getString() == "income";
    std::int64_t net = q.getColumn(6).getInt64();
    auto v = valuer.value(is_income ? -net : net, q.getColumn(4).getString(),
                          q.getColumn(5).getString());
    if (!v) continue;
    ValuedLine& line = (is_income ? income : expenses)[q.getColumn(0).getInt64()];
    line.account_id = q.getColumn(1).getString();
    line.name = q.getColumn(2).getString();
    line.value = add(line.value, *v);
    (is_income ? income_total : expense_total) = add(is_income ? income_total : expense_total, *v);
  }
  json out = valuer.summary(
      "each posting converted at the newest price on or before its own date (hledger "
      "--value=then," +
          currency + "); each figure rounded once, half to even",
      std::nullopt);
  auto lines = [&](const std::map<std::int64_t, ValuedLine>& m) {
    json list = json::array();
    for (const auto& [seq, l] : m)
      list.push_back(
          {{"category", l.name}, {"accountId", l.account_id}, {"value", valuer.money(l.value)}});
    return list;
  };
  if (valuer.complete()) {
    out["totals"] = {
        {"income", valuer.money(income_total)},
        {"expenses", valuer.money(expense_total)},
        {"netIncome",
         valuer.money(add(income_total, Fraction{-expense_total.num, expense_total.den}))}};
    out["income"] = lines(income);
    out["expenses"] = lines(expenses);
  }
  return out;
}

ToolResult income_statement(store::Store& st, const mcp::Args& a) {
  Period p = period_from_args(a, st.today());
  std::string compare = a.str("compareTo");
  std::optional<Period> before;
  if (compare == "previous-period") before = previous_period(p);
  if (compare == "year-earlier") before = year_earlier(p);

  bool cash = a.str("basis") == "cash";
  auto sums = [&](const Period& range) {
    return cash ? cash_basis_sums(st, range.start, range.end)
                : sums_between(st, range.start, range.end, {"income", "expense"});
  };
  auto valuation = valuation_arg(a);
  if (valuation && cash)
    throw ToolError(
        "valuation: only the accrual basis is valued; leave basis at accrual or drop valuation");
  if (valuation && valuation->date)
    throw ToolError(
        "valuation.date: the income statement converts each posting at its own date; give only "
        "valuation.currency");
  std::map<std::string, CurrencyStatement> by_currency;
  add_sums(by_currency, sums(p), false);
  if (before) add_sums(by_currency, sums(*before), true);

  json currencies = json::array();
  for (const auto& [code, cs] : by_currency) {
    json c{{"currency", code},
           {"income", side_json(cs.income, code, before.has_value())},
           {"expenses", side_json(cs.expenses, code, before.has_value())},
           {"netIncome", money(cs.income.current - cs.expenses.current, code)}};
    if (before) c["previousNetIncome"] = money(cs.income.previous - cs.expenses.previous, code);
    currencies.push_back(std::move(c));
  }
  json out{{"period", period_json(p)},
           {"basis", cash ? "cash" : "accrual"},
           {"currencies", currencies},
           {"excluded", excluded_json(cash)}};
  if (before) out["comparison"] = period_json(*before);
  if (valuation) {
    out["valuation"] = valued_income(st, p, valuation->currency);
    // The comparison period is valued the same way, so `change` can be read in one currency.
    if (before) out["valuation"]["previous"] = valued_income(st, *before, valuation->currency);
  }
  return ToolResult::of(std::move(out));
}

// --- balance sheet ----------------------------------------------------------

struct Sheet {
  std::int64_t assets = 0, liabilities = 0, equity = 0, retained = 0;
  json asset_lines = json::array(), liability_lines = json::array(), equity_lines = json::array();
};

ToolResult balance_sheet(store::Store& st, const mcp::Args& a) {
  std::string as_of = a.opt_str("asOf").value_or(st.today());
  auto valuation = valuation_arg(a);
  std::optional<Valuer> valuer;
  std::string value_date = valuation && valuation->date ? *valuation->date : as_of;
  if (valuation) valuer.emplace(st, valuation->currency);
  Fraction v_assets, v_liabilities;
  std::map<std::string, Sheet> by_currency;
  for (const auto& acc : sums_between(st, "", as_of)) {
    Sheet& sh = by_currency[acc.currency];
    std::int64_t shown = credit_normal(acc.type) ? -acc.net : acc.net;
    json line{{"accountId", acc.id},
              {"name", acc.name},
              {"subtype", acc.subtype},
              {"balance", money(shown, acc.currency)}};
    if (valuer && (acc.type == "asset" || acc.type == "liability" || acc.type == "equity")) {
      if (auto v = valuer->value(shown, acc.currency, value_date)) {
        line["value"] = valuer->money(*v);
        if (acc.type == "asset") v_assets = add(v_assets, *v);
        if (acc.type == "liability") v_liabilities = add(v_liabilities, *v);
      }
    }
    if (acc.type == "asset") {
      sh.assets = store::checked_add(sh.assets, shown);
      sh.asset_lines.push_back(std::move(line));
    } else if (acc.type == "liability") {
      sh.liabilities = store::checked_add(sh.liabilities, shown);
      sh.liability_lines.push_back(std::move(line));
    } else if (acc.type == "equity") {
      sh.equity = store::checked_add(sh.equity, shown);
      sh.equity_lines.push_back(std::move(line));
    } else {
      sh.retained = store::checked_add(sh.retained, -acc.net);  // income − expenses to date
    }
  }
  json currencies = json::array();
  for (auto& [code, sh] : by_currency) {
    std::int64_t equity = store::checked_add(sh.equity, sh.retained);
    currencies.push_back(
        {{"currency", code},
         {"assets", {{"total", money(sh.assets, code)}, {"accounts", sh.asset_lines}}},
         {"liabilities",
          {{"total", money(sh.liabilities, code)}, {"accounts", sh.liability_lines}}},
         {"equity",
          {{"total", money(equity, code)},
           {"accounts", sh.equity_lines},
           {"retainedEarnings", money(sh.retained, code)}}},
         {"netWorth", money(sh.assets - sh.liabilities, code)},
         {"balanced", sh.assets == sh.liabilities + equity}});
  }
  json out{{"asOf", as_of}, {"currencies", currencies}};
  if (valuer) {
    json v = valuer->summary(
        "every asset, liability and equity balance converted at the newest price on or before " +
            value_date + " (hledger --value=end," + valuer->currency() +
            "), rounded once, half to even",
        value_date);
    if (valuer->complete())
      v["totals"] = {{"assets", valuer->money(v_assets)},
                     {"liabilities", valuer->money(v_liabilities)},
                     {"netWorth", valuer->money(add(
                                      v_assets, Fraction{-v_liabilities.num, v_liabilities.den}))}};
    out["valuation"] = v;
  }
  return ToolResult::of(std::move(out));
}

// --- net-worth series -------------------------------------------------------

struct Worth {
  std::int64_t assets = 0, liabilities = 0;
};

/// The point's assets, liabilities and net worth in one currency, when every
/// currency has a price on or before `date`; the valuer lists the rest.
json valued_worth(Valuer& valuer, const std::map<std::string, Worth>& w, const std::string& date) {
  Fraction assets, liabilities;
  bool complete = true;
  for (const auto& [code, v] : w) {
    auto a = valuer.value(v.assets, code, date), l = valuer.value(v.liabilities, code, date);
    if ((!a && v.assets != 0) || (!l && v.liabilities != 0)) complete = false;
    if (a) assets = add(assets, *a);
    if (l) liabilities = add(liabilities, *l);
  }
  json out{{"date", date}, {"complete", complete}};
  if (complete) {
    out["assets"] = valuer.money(assets);
    out["liabilities"] = valuer.money(liabilities);
    out["netWorth"] = valuer.money(add(assets, Fraction{-liabilities.num, liabilities.den}));
  }
  return out;
}

json worth_json(const std::map<std::string, Worth>& w) {
  json list = json::array();
  for (const auto& [code, v] : w)
    list.push_back({{"currency", code},
                    {"assets", money(v.assets, code)},
                    {"liabilities", money(v.liabilities, code)},
                    {"netWorth", money(v.assets - v.liabilities, code)}});
  return list;
}

ToolResult net_worth_series(store::Store& st, const mcp::Args& a) {
  int months = static_cast<int>(a.integer("months"));
  std::string today = st.today();
  std::string this_month = today.substr(0, 7);
  std::string first = util::add_months(this_month + "-01", -(months - 1)).substr(0, 7);

  struct Kind {
    bool asset;
    std::string currency;
  };
  std::map<std::int64_t, Kind> kinds;  // asset and liability accounts only
  {
    store::Prepared q = st.prepared(
        "SELECT seq, type, currency FROM account WHERE ws = ? AND type IN ('asset', 'liability')");
    q.bind(1, st.workspace_id);
    while (q.executeStep())
      kinds[q.getColumn(0).getInt64()] = {q.getColumn(1).getString() == "asset",
                                          q.getColumn(2).getString()};
  }
  std::map<std::string, Worth> running;
  auto add = [&](std::int64_t seq, std::int64_t raw) {
    auto k = kinds.find(seq);
    if (k == kinds.end()) return;
    Worth& w = running[k->second.currency];
    if (k->second.asset)
      w.assets = store::checked_add(w.assets, raw);
    else
      w.liabilities = store::checked_add(w.liabilities, -raw);
  };

  // Months before this one are whole months from the running totals; this month
  // stops at today, so the last point is the balance sheet's net worth today.
  std::string last_whole = util::add_months(this_month + "-01", -1).substr(0, 7);
  std::vector<MonthNet> nets = month_nets_through(st, last_whole);
  auto valuation = valuation_arg(a);
  std::optional<Valuer> valuer;
  if (valuation) valuer.emplace(st, valuation->currency);
  auto valued = [&](json& point, const std::string& date) {
    if (valuer) point["value"] = valued_worth(*valuer, running, valuation->date.value_or(date));
  };
  json points = json::array();
  std::size_t i = 0;
  for (std::string m = first; m <= last_whole; m = util::add_months(m + "-01", 1).substr(0, 7)) {
    for (; i < nets.size() && nets[i].month <= m; ++i) add(nets[i].seq, nets[i].net);
    std::string end = util::add_months(m + "-01", 1);
    json point{
        {"month", m}, {"date", util::add_days(end, -1)}, {"currencies", worth_json(running)}};
    valued(point, util::add_days(end, -1));
    points.push_back(std::move(point));
  }
  for (; i < nets.size(); ++i)
    add(nets[i].seq, nets[i].net);  // months before `first` when none were shown
  for (const auto& acc : sums_between(st, this_month + "-01", today, {"asset", "liability"}))
    add(acc.seq, acc.net);
  json last{{"month", this_month}, {"date", today}, {"currencies", worth_json(running)}};
  valued(last, today);
  points.push_back(std::move(last));
  json out{{"months", months}, {"points", points}};
  if (valuer)
    out["valuation"] = valuer->summary(
        valuation->date
            ? "every point converted at the newest price on or before " + *valuation->date
            : "each point converted at the newest price on or before its own date (hledger "
              "--value=end," +
                  valuer->currency() + " per period)",
        valuation->date);
  return ToolResult::of(std::move(out));
}

// --- schemas ----------------------------------------------------------------

json income_statement_schema() {
  json line =
      obj({{"category", {{"type", "string"}, {"description", "category name (or account name)"}}},
           {"accountId", {{"type", "string"}}},
           {"amount", money_out("amount in the period")},
           {"previous", money_out("amount in the comparison period")},
           {"change", money_out("amount − previous")}},
          {"category", "accountId", "amount"});
  json side = obj({{"total", money_out("sum of the categories")},
                   {"categories", array_of(line)},
                   {"previousTotal", money_out("total in the comparison period")},
                   {"change", money_out("total − previousTotal")}},
                  {"total", "categories"});
  json currency = obj({{"currency", {{"type", "string"}}},
                       {"income", side},
                       {"expenses", side},
                       {"netIncome", money_out("income − expenses")},
                       {"previousNetIncome", money_out("net income in the comparison period")}},
                      {"currency", "income", "expenses", "netIncome"});
  json excluded =
      obj({{"what", {{"type", "string"}}}, {"why", {{"type", "string"}}}}, {"what", "why"});
  json valued_line =
      obj({{"category", {{"type", "string"}}},
           {"accountId", {{"type", "string"}}},
           {"value", money_out("the category's postings, each converted at its date")}},
          {"category", "accountId", "value"});
  json valuation = valued_totals_schema({"income", "expenses", "netIncome"});
  valuation["properties"]["income"] = array_of(valued_line);
  valuation["properties"]["expenses"] = array_of(valued_line);
  valuation["properties"]["previous"] = valuation;  // the comparison period's, with compareTo
  return obj({{"period", period_schema()},
              {"valuation", valuation},
              {"basis", {{"type", "string"}, {"enum", {"accrual", "cash"}}}},
              {"comparison", period_schema()},
              {"currencies", array_of(currency)},
              {"excluded", array_of(excluded)}},
             {"period", "basis", "currencies", "excluded"});
}

json balance_sheet_schema() {
  json line =
      obj({{"accountId", {{"type", "string"}}},
           {"name", {{"type", "string"}}},
           {"subtype", {{"type", "string"}}},
           {"balance", money_out("balance; liabilities and equity show credit as positive")}},
          {"accountId", "name", "subtype", "balance"});
  line = valued_account_schema(line);
  json group = obj({{"total", money_out("sum of the accounts")}, {"accounts", array_of(line)}},
                   {"total", "accounts"});
  json equity = obj({{"total", money_out("equity accounts + retained earnings")},
                     {"accounts", array_of(line)},
                     {"retainedEarnings", money_out("income − expenses, all time to asOf")}},
                    {"total", "accounts", "retainedEarnings"});
  json currency =
      obj({{"currency", {{"type", "string"}}},
           {"assets", group},
           {"liabilities", group},
           {"equity", equity},
           {"netWorth", money_out("assets − liabilities")},
           {"balanced", {{"type", "boolean"}, {"description", "assets = liabilities + equity"}}}},
          {"currency", "assets", "liabilities", "equity", "netWorth", "balanced"});
  return obj({{"asOf", {{"type", "string"}}},
              {"currencies", array_of(currency)},
              {"valuation", valued_totals_schema({"assets", "liabilities", "netWorth"})}},
             {"asOf", "currencies"});
}

json net_worth_schema() {
  json worth = obj({{"currency", {{"type", "string"}}},
                    {"assets", money_out("assets at the date")},
                    {"liabilities", money_out("liabilities at the date")},
                    {"netWorth", money_out("assets − liabilities")}},
                   {"currency", "assets", "liabilities", "netWorth"});
  json value =
      obj({{"date", {{"type", "string"}, {"description", "the prices' date"}}},
           {"complete", {{"type", "boolean"}, {"description", "every currency had a price"}}},
           {"assets", money_out("converted assets")},
           {"liabilities", money_out("converted liabilities")},
           {"netWorth", money_out("converted assets − liabilities")}},
          {"date", "complete"});
  json point =
      obj({{"month", {{"type", "string"}}},
           {"date",
            {{"type", "string"}, {"description", "the month's last day; today for this month"}}},
           {"currencies", array_of(worth)},
           {"value", value}},
          {"month", "date", "currencies"});
  return obj({{"months", {{"type", "integer"}}},
              {"points", array_of(point)},
              {"valuation", valuation_schema()}},
             {"months", "points"});
}

}  // namespace

std::vector<s::Field> period_fields() {
  return {s::string("period").min_length(1).max_length(20).describe(
              std::string("one of ") + kPeriodForms + "; default this-month"),
          s::date("startDate").describe("YYYY-MM-DD, inclusive (instead of period)"),
          s::date("endDate").describe("YYYY-MM-DD, inclusive; default today")};
}

std::vector<mcp::ToolSpec> report_tools() {
  std::vector<mcp::ToolSpec> tools;

  std::vector<s::Field> is_fields = period_fields();
  is_fields.push_back(
      s::enumeration("basis", {"accrual", "cash"})
          .def("accrual")
          .describe("accrual: as posted (an invoice is income when issued); cash: when money "
                    "moves through a bank, cash, wallet, savings or card account"));
  is_fields.push_back(s::enumeration("compareTo", {"none", "previous-period", "year-earlier"})
                          .def("none")
                          .describe("add the comparison period's amounts and the change"));
  is_fields.push_back(valuation_field("not taken: each posting is converted at its own date"));
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_income_statement",
      .title = "Income statement",
      .description =
          "Income and expenses by category for a period, per currency, with net income; optionally "
          "compared with the previous period or the same period a year earlier. Accrual basis "
          "(the postings) or cash basis (money through bank, cash, wallet, savings and card "
          "accounts). Transfers, lending, repayments and others' shares of split bills are not "
          "income or spending; `excluded` says so. valuation: {currency} adds the period's figures "
          "in "
          "one currency, each posting converted at the price on or before its own date.",
      .input_schema = s::object_schema(is_fields),
      .output_schema = income_statement_schema(),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return income_statement(app::store_of(ctx), a);
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_balance_sheet",
      .title = "Balance sheet",
      .description =
          "Assets, liabilities and equity (equity accounts plus retained earnings) as of a date, "
          "per "
          "currency, with netWorth = assets − liabilities and `balanced` checking assets = "
          "liabilities + equity. Accounts with a zero balance are left out. valuation: {currency, "
          "date} adds each balance's value and converted totals at the price on or before the "
          "date.",
      .input_schema =
          s::object_schema({s::date("asOf").describe("YYYY-MM-DD, inclusive; default today"),
                            valuation_field("YYYY-MM-DD of the prices; default asOf")}),
      .output_schema = balance_sheet_schema(),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return balance_sheet(app::store_of(ctx), a);
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_net_worth_series",
      .title = "Net worth over time",
      .description =
          "Month-end assets, liabilities and net worth per currency for the last `months` months, "
          "oldest first; this month's point is today, so it equals ledger_balance_sheet's "
          "netWorth. valuation: {currency, date?} adds each point's converted net worth.",
      .input_schema =
          s::object_schema({s::integer("months").min(1).max(120).def(12),
                            valuation_field("YYYY-MM-DD of the prices for every point; default "
                                            "each point's own date")}),
      .output_schema = net_worth_schema(),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return net_worth_series(app::store_of(ctx), a);
      }});
  return tools;
}

}  // namespace tally::ledger
