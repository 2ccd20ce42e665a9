#include "ledger/ledger_tools.h"
#include "app/call_store.h"

#include <map>

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "ledger/accounts.h"
#include "ledger/categories.h"
#include "ledger/people.h"
#include "ledger/dry_run.h"
#include "ledger/tool_support.h"
#include "ledger/transactions.h"
#include "ledger/undo.h"
#include "ledger/valuation.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

ToolResult create_account_tool(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  NewAccount spec;
  spec.name = a.str("name");
  spec.type = a.str("type");
  spec.subtype = a.str("subtype");
  spec.currency = a.has("currency") ? require_currency(a.str("currency"), "currency") : base_currency(st);
  Account acc = create_account(st, spec);
  note_created_account(st, acc.id);  // ledger_undo closes it while it has no postings
  json out = account_json(acc, 0);
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult close_account_tool(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Account acc = require_account(st, a.str("accountId"), "accountId");
  std::int64_t balance = account_balance(st, acc.seq);
  if (acc.open()) {
    if (acc.subtype == "lent")
      throw ToolError("Account \"" + acc.name + "\" tracks what a person owes you; it stays open.");
    if (acc.category_id)
      throw ToolError("Account \"" + acc.name + "\" backs a category; it stays open.");
    if (balance != 0) {
      auto c = *store::find_currency(acc.currency);
      throw ToolError("Account \"" + acc.name + "\" has a balance of " +
                      store::format_minor(credit_normal(acc.type) ? -balance : balance, c.exponent) + " " +
                      acc.currency + "; move it to another account (a transfer) before closing.");
    }
    acc.closed_on = st.today();
    SQLite::Statement close(st.db, "UPDATE account SET closed_on = ? WHERE seq = ?");
    close.bind(1, *acc.closed_on);
    close.bind(2, acc.seq);
    close.exec();
  }
  json out = account_json(acc, balance);
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult balances_tool(store::Store& st, const mcp::Args& a) {
  std::optional<std::string> as_of = a.opt_str("asOf");
  store::Transaction tx(st.db, store::Transaction::Kind::read);
  std::vector<Account> accounts;
  if (a.has("accountIds")) {
    auto ids = a.strings("accountIds");
    for (std::size_t i = 0; i < ids.size(); ++i)
      accounts.push_back(require_account(st, ids[i], "accountIds[" + std::to_string(i) + "]"));
  } else {
    SQLite::Statement q(st.db, "SELECT id FROM account WHERE ws = ? ORDER BY type, name_fold, currency");
    q.bind(1, st.workspace_id);
    std::vector<std::string> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    for (const auto& id : ids) accounts.push_back(*find_account(st, id));
  }
  json list = json::array();
  // Per currency, raw (debit +) sums by type: the trial balance.
  std::map<std::string, std::map<std::string, std::int64_t>> by_currency;
  auto valuation = valuation_arg(a);
  std::optional<Valuer> valuer;
  std::string value_date = valuation && valuation->date ? *valuation->date : as_of.value_or(st.today());
  if (valuation) valuer.emplace(st, valuation->currency);
  std::map<std::string, Fraction> valued;  // by type, display sign
  for (const auto& acc : accounts) {
    std::int64_t balance = as_of ? account_balance_as_of(st, acc.seq, *as_of) : account_balance(st, acc.seq);
    json line = account_json(acc, balance);
    if (valuer) {
      std::int64_t shown = credit_normal(acc.type) ? -balance : balance;
      if (auto v = valuer->value(shown, acc.currency, value_date)) {
        line["value"] = valuer->money(*v);
        valued[acc.type] = add(valued[acc.type], *v);
      }
    }
    list.push_back(std::move(line));
    auto& sums = by_currency[acc.currency];
    sums[acc.type] = store::checked_add(sums[acc.type], balance);
  }
  json out{{"accounts", list}};
  if (as_of) out["asOf"] = *as_of;
  if (valuer) {
    json v = valuer->summary("every balance converted at the newest price on or before " + value_date +
                                 " (hledger --value=end," + valuer->currency() + "), rounded once, half to even",
                             value_date);
    if (valuer->complete() && !a.has("accountIds")) {
      json totals{{"assets", valuer->money(valued["asset"])},
                  {"liabilities", valuer->money(valued["liability"])},
                  {"equity", valuer->money(valued["equity"])},
                  {"income", valuer->money(valued["income"])},
                  {"expenses", valuer->money(valued["expense"])}};
      v["totals"] = totals;
    }
    out["valuation"] = v;
  }
  if (!a.has("accountIds")) {
    json totals = json::array();
    for (auto& [code, sums] : by_currency) {
      auto c = *store::find_currency(code);
      std::int64_t assets = sums["asset"], liabilities = -sums["liability"], equity = -sums["equity"],
                   income = -sums["income"], expenses = sums["expense"];
      totals.push_back({{"currency", code},
                        {"assets", store::money_json(assets, c)},
                        {"liabilities", store::money_json(liabilities, c)},
                        {"equity", store::money_json(equity, c)},
                        {"income", store::money_json(income, c)},
                        {"expenses", store::money_json(expenses, c)},
                        {"balanced", assets - liabilities == equity + income - expenses}});
    }
    out["totals"] = totals;
  }
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult list_transactions_tool(store::Store& st, const mcp::Args& a) {
  TxnFilter f;
  f.limit = static_cast<int>(a.integer("limit"));
  f.start_date = a.opt_str("startDate");
  f.end_date = a.opt_str("endDate");
  if (f.start_date && f.end_date && *f.start_date > *f.end_date)
    throw ToolError("startDate (" + *f.start_date + ") is after endDate (" + *f.end_date + ")");
  if (auto c = a.opt_str("cursor")) {
    f.before = decode_cursor(*c);
    if (!f.before) throw ToolError("cursor: not a cursor this tool returned");
  }
  store::Transaction tx(st.db, store::Transaction::Kind::read);
  if (a.has("accountId")) f.account_seq = require_account(st, a.str("accountId"), "accountId").seq;
  if (a.has("personId")) {
    Person p = require_person(st, a.str("personId"), "personId");
    f.by_person = true;
    SQLite::Statement q(st.db, "SELECT seq FROM account WHERE ws = ? AND person_id = ? AND subtype = 'lent'");
    q.bind(1, st.workspace_id);
    q.bind(2, p.id);
    while (q.executeStep()) f.person_account_seqs.push_back(q.getColumn(0).getInt64());
  }
  TxnPage page = list_transactions(st, f);
  json out{{"transactions", page.transactions}, {"total", page.total}, {"truncated", page.truncated}};
  if (page.next_cursor) out["nextCursor"] = *page.next_cursor;
  tx.commit();
  return ToolResult::of(std::move(out));
}

}  // namespace

std::vector<mcp::ToolSpec> ledger_tools() {
  std::vector<mcp::ToolSpec> tools;
  json account_schema = account_output_schema();

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_create_account",
      .title = "Create an account",
      .description = "Create an account (bank, card, cash, savings, opening balances …) in one currency. For "
                     "spending and earning, prefer categories (ledger_create_category), which make their own "
                     "income/expense accounts; people's Lent accounts are made when a draft posts.",
      .input_schema = s::object_schema(
          {s::string("name").required().min_length(1).max_length(200).describe("e.g. \"Chase Checking\""),
           s::enumeration("type", {"asset", "liability", "equity", "income", "expense"}).required(),
           s::enumeration("subtype", {"bank", "cash", "savings", "wallet", "credit_card", "receivable", "payable",
                                      "tax", "opening", "general"})
               .def("general"),
           s::string("currency").min_length(3).max_length(3).describe("ISO 4217; default: the workspace's currency")}),
      .output_schema = account_schema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return create_account_tool(*sp, a, ctx); }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_create_person",
      .title = "Add a person",
      .description = "Add a person you split bills with or lend to. Names are unique, any case.",
      .input_schema = s::object_schema({s::string("name").required().min_length(1).max_length(120)}),
      .output_schema = person_output_schema(),
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db);
        json out = person_json(*sp, create_person(*sp, a.str("name")));
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(std::move(out));
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_create_category",
      .title = "Create a category",
      .description = "Create an expense or income category, backed by an Expenses:<name> or Income:<name> account "
                     "(one per currency, made on first use). Names are unique per kind, any case.",
      .input_schema = s::object_schema({s::string("name").required().min_length(1).max_length(120),
                                        s::enumeration("kind", {"expense", "income"}).required()}),
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"id", {{"type", "string"}}},
                          {"name", {{"type", "string"}}},
                          {"kind", {{"type", "string"}}},
                          {"accountId", {{"type", "string"}, {"description", "its account in the workspace currency"}}}}},
                        {"required", {"id", "name", "kind", "accountId"}}},
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db);
        std::string currency = base_currency(*sp);
        Category c = create_category(*sp, a.str("name"), a.str("kind"), currency);
        json out{{"id", c.id}, {"name", c.name}, {"kind", c.kind}, {"accountId", category_account(*sp, c, currency).id}};
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(std::move(out));
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_close_account",
      .title = "Close an account",
      .description = "Close an account with a zero balance. Closed accounts keep their history, take no new "
                     "postings and leave extrack_get_context; they are never deleted. Closing twice is a no-op.",
      .input_schema = s::object_schema({s::string("accountId").required().min_length(1).max_length(64)}),
      .output_schema = account_schema,
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return close_account_tool(*sp, a, ctx); }});

  json money_total = store::money_schema(kMoneyWording, "display-signed total");
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_get_balances",
      .title = "Get balances",
      .description = "Balances of the given accounts, or of every account with per-currency totals (assets, "
                     "liabilities, equity, income, expenses; `balanced` checks assets − liabilities = equity + "
                     "income − expenses). Liability, equity and income balances show credit as positive. "
                     "asOf (YYYY-MM-DD) counts postings dated on or before it. valuation: {currency, date} adds each "
                     "balance's `value` in that currency at the price on or before the date, and converted totals.",
      .input_schema = s::object_schema(
          {s::array("accountIds", json{{"type", "string"}}).min_items(1).max_items(200),
           s::date("asOf").describe("YYYY-MM-DD; default: everything posted"),
           valuation_field("YYYY-MM-DD of the prices; default asOf, else today")}),
      .output_schema = object_output(
          {{"asOf", {{"type", "string"}}},
           {"accounts", {{"type", "array"}, {"items", valued_account_schema(account_schema)}}},
           {"valuation", valued_totals_schema({"assets", "liabilities", "equity", "income", "expenses"})},
           {"totals",
            {{"type", "array"},
             {"items", object_output({{"currency", {{"type", "string"}}},
                                      {"assets", money_total},
                                      {"liabilities", money_total},
                                      {"equity", money_total},
                                      {"income", money_total},
                                      {"expenses", money_total},
                                      {"balanced", {{"type", "boolean"}}}},
                                     {"currency", "assets", "liabilities", "equity", "income", "expenses", "balanced"})}}}},
          {"accounts"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return balances_tool(*sp, a); }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_list_transactions",
      .title = "List transactions",
      .description = "Posted transactions with their postings, newest first, optionally for one account or one "
                     "person (their Lent accounts) and a date range (inclusive). Pass nextCursor back as cursor "
                     "for the next page; total counts every match.",
      .input_schema = s::object_schema(
          {s::string("accountId").min_length(1).max_length(64),
           s::string("personId").min_length(1).max_length(64),
           s::date("startDate"),
           s::date("endDate"),
           s::integer("limit").min(1).max(500).def(50),
           s::string("cursor").min_length(1).max_length(64).describe("nextCursor of the previous page")}),
      .output_schema = object_output(
          {{"transactions", {{"type", "array"}, {"items", transaction_output_schema()}}},
           {"total", {{"type", "integer"}, {"description", "transactions matching the filters, all pages"}}},
           {"truncated", {{"type", "boolean"}, {"description", "more pages follow"}}},
           {"nextCursor", {{"type", "string"}}}},
          {"transactions", "total", "truncated"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return list_transactions_tool(*sp, a); }});

  tools.push_back(with_dry_run(mcp::ToolSpec{
      .name = "ledger_void_transaction",
      .title = "Void a transaction",
      .description = "Void a posted transaction by posting its exact reversal (postings are never edited or "
                     "deleted). Dated today, or on the original date if that is later. A transaction reconciled "
                     "against a statement (ledger_reconcile_account) is refused unless force: true and a reason.",
      .input_schema = s::object_schema({s::string("transactionId").required().min_length(1).max_length(64),
                                        s::string("reason").min_length(1).max_length(200),
                                        s::boolean("force").def(false).describe(
                                            "void even a reconciled transaction (needs a reason)")}),
      .output_schema = object_output({{"voidedTransactionId", {{"type", "string"}}},
                                      {"reversal", transaction_output_schema()}},
                                     {"voidedTransactionId", "reversal"}),
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db);
        std::string id = a.str("transactionId");
        std::string reversal = void_transaction(*sp, id, a.has("reason") ? a.str("reason") : "", a.boolean("force"));
        json out{{"voidedTransactionId", id}, {"reversal", transaction_json(*sp, reversal)}};
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(std::move(out));
      }}));
  return tools;
}

}  // namespace tally::ledger
