#include "ledger/accounts.h"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "util/fold.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/text.h"

namespace tally::ledger {

namespace {

constexpr const char* kColumns =
    "seq, id, name, type, subtype, currency, person_id, category_id, closed_on, created_at";

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

Account read_account(SQLite::Statement& q) {
  Account a;
  a.seq = q.getColumn(0).getInt64();
  a.id = q.getColumn(1).getString();
  a.name = q.getColumn(2).getString();
  a.type = q.getColumn(3).getString();
  a.subtype = q.getColumn(4).getString();
  a.currency = q.getColumn(5).getString();
  a.person_id = opt_text(q.getColumn(6));
  a.category_id = opt_text(q.getColumn(7));
  a.closed_on = opt_text(q.getColumn(8));
  a.created_at = q.getColumn(9).getString();
  return a;
}

}  // namespace

std::optional<Account> find_account(store::Store& st, const std::string& id) {
  store::Prepared q = st.prepared(std::string("SELECT ") + kColumns + " FROM account WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

Account require_account(store::Store& st, const std::string& id, const std::string& param) {
  auto a = find_account(st, id);
  if (!a) throw mcp::ToolError("Account not found: " + param + " \"" + id + "\"");
  return *a;
}

std::optional<Account> find_account_by_name(store::Store& st, const std::string& name,
                                            const std::string& currency) {
  store::Prepared q = st.prepared(std::string("SELECT ") + kColumns +
                                 " FROM account WHERE ws = ? AND name_fold = ? AND currency = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, util::fold_name(name));
  q.bind(3, currency);
  if (!q.executeStep()) return std::nullopt;
  return read_account(q);
}

Account create_account(store::Store& st, const NewAccount& spec) {
  std::string name = util::tidy_name(spec.name);
  if (auto problem = util::name_problem(name); !problem.empty()) throw mcp::ToolError("name: " + problem);
  bool known_type = false, known_subtype = false;
  for (const char* t : kAccountTypes) known_type = known_type || spec.type == t;
  for (const char* t : kAccountSubtypes) known_subtype = known_subtype || spec.subtype == t;
  if (!known_type)
    throw mcp::ToolError("type: \"" + spec.type + "\" is not one of asset, liability, equity, income, expense");
  if (!known_subtype)
    throw mcp::ToolError("subtype: \"" + spec.subtype + "\" is not one of bank, cash, savings, wallet, credit_card, "
                         "lent, receivable, payable, tax, opening, general");
  if (!store::find_currency(spec.currency))
    throw mcp::ToolError("currency: \"" + spec.currency + "\" is not an ISO 4217 currency code");
  if (auto existing = find_account_by_name(st, name, spec.currency))
    throw mcp::ToolError("An account named \"" + existing->name + "\" in " + spec.currency +
                         " already exists (" + existing->id + ").");
  Account a;
  a.id = st.ids.next("acc");
  a.name = name;
  a.type = spec.type;
  a.subtype = spec.subtype;
  a.currency = spec.currency;
  a.person_id = spec.person_id;
  a.category_id = spec.category_id;
  a.created_at = st.clock.now_iso();
  store::Prepared ins = st.prepared("INSERT INTO account (id, ws, name, name_fold, type, subtype, currency, person_id, "
                        "category_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, a.id);
  ins.bind(2, st.workspace_id);
  ins.bind(3, a.name);
  ins.bind(4, util::fold_name(a.name));
  ins.bind(5, a.type);
  ins.bind(6, a.subtype);
  ins.bind(7, a.currency);
  if (a.person_id) ins.bind(8, *a.person_id);
  if (a.category_id) ins.bind(9, *a.category_id);
  ins.bind(10, a.created_at);
  ins.exec();
  a.seq = st.db.getLastInsertRowid();
  return a;
}

std::int64_t account_balance(store::Store& st, std::int64_t account_seq) {
  store::Prepared q = st.prepared("SELECT coalesce(sum(net_minor), 0) FROM account_month WHERE account_seq = ?");
  q.bind(1, account_seq);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::int64_t account_balance_as_of(store::Store& st, std::int64_t account_seq, const std::string& as_of) {
  // Whole months from the running totals, then the as-of month's postings (index range).
  std::string month = as_of.substr(0, 7);
  store::Prepared q = st.prepared("SELECT (SELECT coalesce(sum(net_minor), 0) FROM account_month "
                      "         WHERE account_seq = ?1 AND month < ?2) + "
                      "       (SELECT coalesce(sum(amount_minor), 0) FROM posting "
                      "         WHERE account_seq = ?1 AND date >= ?2 AND date <= ?3)");
  q.bind(1, account_seq);
  q.bind(2, month);
  q.bind(3, as_of);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::string base_currency(store::Store& st) {
  store::Prepared q = st.prepared("SELECT base_currency FROM ledger_settings WHERE ws = ?");
  q.bind(1, st.workspace_id);
  if (q.executeStep()) return q.getColumn(0).getString();
  return "USD";
}

bool credit_normal(const std::string& type) {
  return type == "liability" || type == "equity" || type == "income";
}

mcp::json account_json(const Account& a, std::int64_t balance_minor) {
  auto currency = store::find_currency(a.currency);
  mcp::json j{{"id", a.id},
              {"name", a.name},
              {"type", a.type},
              {"subtype", a.subtype},
              {"currency", a.currency},
              {"balance", store::money_json(credit_normal(a.type) ? -balance_minor : balance_minor, *currency)},
              {"closed", !a.open()}};
  if (a.person_id) j["personId"] = *a.person_id;
  if (a.category_id) j["categoryId"] = *a.category_id;
  if (a.closed_on) j["closedOn"] = *a.closed_on;
  return j;
}

mcp::json account_output_schema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}, {"description", "account id (acc_…)"}}},
            {"name", {{"type", "string"}}},
            {"type", {{"type", "string"}, {"enum", {"asset", "liability", "equity", "income", "expense"}}}},
            {"subtype", {{"type", "string"}}},
            {"currency", {{"type", "string"}}},
            {"balance", store::money_schema(kMoneyWording, "balance; liability, equity and income accounts show credit balances as positive")},
            {"closed", {{"type", "boolean"}}},
            {"personId", {{"type", "string"}, {"description", "the person a Lent account belongs to"}}},
            {"categoryId", {{"type", "string"}, {"description", "the category an income/expense account backs"}}},
            {"closedOn", {{"type", "string"}}}}},
          {"required", {"id", "name", "type", "subtype", "currency", "balance", "closed"}}};
}

}  // namespace tally::ledger
