#include "ledger/drafts.h"

#include <cstdlib>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "util/fold.h"
#include "ledger/people.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace {

constexpr const char* kColumns =
    "id, kind, title, date, currency, expense_minor, income_minor, account_id, debit_account_id, "
    "credit_account_id, person_id, category_name, external_ref, allow_overpayment, created_at, payee, source";

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

void bind_opt(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) s.bind(i, *v);
  else s.bind(i);
}

Draft read_draft(store::Store& st, SQLite::Statement& q) {
  Draft d;
  d.id = q.getColumn(0).getString();
  d.kind = q.getColumn(1).getString();
  d.title = q.getColumn(2).getString();
  d.date = q.getColumn(3).getString();
  d.currency = q.getColumn(4).getString();
  d.expense_minor = q.getColumn(5).getInt64();
  d.income_minor = q.getColumn(6).getInt64();
  d.account_id = opt_text(q.getColumn(7));
  d.debit_account_id = opt_text(q.getColumn(8));
  d.credit_account_id = opt_text(q.getColumn(9));
  d.person_id = opt_text(q.getColumn(10));
  d.category_name = opt_text(q.getColumn(11));
  d.external_ref = opt_text(q.getColumn(12));
  d.allow_overpayment = q.getColumn(13).getInt() != 0;
  d.created_at = q.getColumn(14).getString();
  d.payee = opt_text(q.getColumn(15));
  d.source = q.getColumn(16).getString();
  if (d.kind == "transfer" && d.income_minor > 0 && d.debit_account_id) {
    SQLite::Statement c(st.db, "SELECT currency FROM account WHERE id = ? AND ws = ?");
    c.bind(1, *d.debit_account_id);
    c.bind(2, st.workspace_id);
    if (c.executeStep()) d.income_currency = c.getColumn(0).getString();
  }
  SQLite::Statement tags(st.db, "SELECT tag FROM txn_draft_tag WHERE draft_id = ? ORDER BY position");
  tags.bind(1, d.id);
  while (tags.executeStep()) d.tags.push_back(tags.getColumn(0).getString());
  SQLite::Statement ious(st.db, "SELECT person_id, amount_minor FROM txn_draft_iou WHERE draft_id = ? ORDER BY position");
  ious.bind(1, d.id);
  while (ious.executeStep()) d.ious.push_back(Iou{ious.getColumn(0).getString(), ious.getColumn(1).getInt64()});
  return d;
}

/// Writes the draft's row, tags and IOUs under its id.
void write_draft(store::Store& st, const Draft& d) {
  SQLite::Statement ins(st.db, std::string("INSERT INTO txn_draft (ws, ") + kColumns +
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, st.workspace_id);
  ins.bind(2, d.id);
  ins.bind(3, d.kind);
  ins.bind(4, d.title);
  ins.bind(5, d.date);
  ins.bind(6, d.currency);
  ins.bind(7, d.expense_minor);
  ins.bind(8, d.income_minor);
  bind_opt(ins, 9, d.account_id);
  bind_opt(ins, 10, d.debit_account_id);
  bind_opt(ins, 11, d.credit_account_id);
  bind_opt(ins, 12, d.person_id);
  bind_opt(ins, 13, d.category_name);
  bind_opt(ins, 14, d.external_ref);
  ins.bind(15, d.allow_overpayment ? 1 : 0);
  ins.bind(16, d.created_at);
  bind_opt(ins, 17, d.payee);
  ins.bind(18, d.source);
  ins.exec();
  SQLite::Statement tag(st.db, "INSERT INTO txn_draft_tag (draft_id, tag, position) VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < d.tags.size(); ++i) {
    tag.bind(1, d.id);
    tag.bind(2, d.tags[i]);
    tag.bind(3, static_cast<std::int64_t>(i));
    tag.exec();
    tag.reset();
  }
  SQLite::Statement iou(st.db,
                        "INSERT INTO txn_draft_iou (draft_id, person_id, position, amount_minor) VALUES (?, ?, ?, ?)");
  int position = 0;
  for (const auto& i : d.ious) {
    iou.bind(1, d.id);
    iou.bind(2, i.person_id);
    iou.bind(3, position++);
    iou.bind(4, i.amount_minor);
    iou.exec();
    iou.reset();
  }
}

}  // namespace

void insert_draft(store::Store& st, Draft& d) {
  d.id = st.ids.next("drf");
  d.created_at = st.clock.now_iso();
  write_draft(st, d);
}

void replace_draft(store::Store& st, const Draft& d) {
  delete_draft(st, d.id);  // tags and IOUs go with it (ON DELETE CASCADE)
  write_draft(st, d);
}

std::optional<Draft> find_draft(store::Store& st, const std::string& id) {
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns + " FROM txn_draft WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  return read_draft(st, q);
}

void delete_draft(store::Store& st, const std::string& id) {
  SQLite::Statement del(st.db, "DELETE FROM txn_draft WHERE id = ? AND ws = ?");
  del.bind(1, id);
  del.bind(2, st.workspace_id);
  del.exec();
}

std::vector<Draft> recent_drafts(store::Store& st, int limit, const std::optional<std::string>& before_id,
                                 bool& more) {
  // Ids sort by creation time (store/ids.h), so (ws, id) orders newest first.
  SQLite::Statement q(st.db, std::string("SELECT ") + kColumns +
                                 " FROM txn_draft WHERE ws = ?1 AND (?2 IS NULL OR id < ?2) "
                                 "ORDER BY id DESC LIMIT ?3");
  q.bind(1, st.workspace_id);
  bind_opt(q, 2, before_id);
  q.bind(3, limit + 1);
  std::vector<Draft> out;
  while (q.executeStep()) out.push_back(read_draft(st, q));
  more = static_cast<int>(out.size()) > limit;
  if (more) out.pop_back();
  return out;
}

std::int64_t count_drafts(store::Store& st) {
  SQLite::Statement q(st.db, "SELECT count(*) FROM txn_draft WHERE ws = ?");
  q.bind(1, st.workspace_id);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::optional<std::string> posted_transaction(store::Store& st, const std::string& draft_id) {
  SQLite::Statement q(st.db, "SELECT id FROM txn WHERE ws = ? AND source = 'extrack' AND source_ref = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, draft_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::vector<std::string> look_alike_drafts(store::Store& st, const Draft& d) {
  SQLite::Statement q(st.db,
                      "SELECT id, title FROM txn_draft WHERE ws = ? AND date = ? AND currency = ? "
                      "AND expense_minor = ? AND income_minor = ? AND id <> ? ORDER BY id DESC LIMIT 50");
  q.bind(1, st.workspace_id);
  q.bind(2, d.date);
  q.bind(3, d.currency);
  q.bind(4, d.expense_minor);
  q.bind(5, d.income_minor);
  q.bind(6, d.id);
  std::vector<std::string> out;
  std::string key = util::fold_name(d.title);
  while (q.executeStep())
    if (util::fold_name(q.getColumn(1).getString()) == key) out.push_back(q.getColumn(0).getString());
  return out;
}

std::string draft_source(const mcp::json& client_info) {
  std::string name;
  if (client_info.is_object() && client_info.contains("name") && client_info["name"].is_string())
    name = client_info["name"].get<std::string>();
  if (name == "tally-cli") {
    const char* user = std::getenv("USER");
    return std::string("cli:") + (user && *user ? user : "local");
  }
  if (name == "tally-inbox") return "inbox";
  if (name == "tally-schedule") return "schedule";  // a recurring transaction (issue 20)
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;  // no control characters
  if (out.size() > 120) {
    std::size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    out.resize(cut);
  }
  auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "unknown";
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

mcp::json draft_json(store::Store& st, const Draft& d) {
  auto currency = *store::find_currency(d.currency);
  mcp::json j{{"id", d.id}, {"type", d.kind}, {"status", "pending"}, {"title", d.title}, {"date", d.date},
              {"currency", d.currency}};
  if (d.account_id) j["accountId"] = *d.account_id;
  if (d.debit_account_id) j["debitAccountId"] = *d.debit_account_id;
  if (d.credit_account_id) j["creditAccountId"] = *d.credit_account_id;
  if (d.person_id) j["personId"] = *d.person_id;
  if (d.expense_minor > 0) j["expenseAmount"] = store::money_json(d.expense_minor, currency);
  if (d.income_minor > 0)
    j["incomeAmount"] = store::money_json(d.income_minor, *store::find_currency(d.income_currency.value_or(d.currency)));
  if (d.category_name) j["categoryName"] = *d.category_name;
  if (d.external_ref) j["externalReference"] = *d.external_ref;
  if (d.payee) j["payee"] = *d.payee;
  if (!d.tags.empty()) j["tags"] = d.tags;
  if (d.kind == "repayment") j["allowOverpayment"] = d.allow_overpayment;
  mcp::json splits = mcp::json::array();
  std::int64_t shared = 0;
  for (const auto& i : d.ious) {
    auto p = find_person(st, i.person_id);
    splits.push_back({{"personId", i.person_id},
                      {"personName", p ? p->name : std::string()},
                      {"amount", store::money_json(i.amount_minor, currency)}});
    shared += i.amount_minor;
  }
  j["splits"] = splits;
  if (d.kind == "expense" || d.kind == "split_expense")
    j["yourShare"] = store::money_json(d.expense_minor - shared, currency);
  j["createdAt"] = d.created_at;
  j["source"] = d.source;
  return j;
}

mcp::json draft_output_schema() {
  auto str = [](const char* d) { return mcp::json{{"type", "string"}, {"description", d}}; };
  return {{"type", "object"},
          {"properties",
           {{"id", str("draft id (drf_…)")},
            {"type", {{"type", "string"},
                      {"enum", {"expense", "income", "transfer", "split_expense", "lend", "repayment"}}}},
            {"status", str("pending until posted; a posted draft is removed")},
            {"title", str("what it was")},
            {"date", str("YYYY-MM-DD")},
            {"currency", str("ISO 4217 code of every amount in the draft")},
            {"accountId", str("paid-from (expense, split, lend), paid-into (income, repayment) account")},
            {"debitAccountId", str("transfer: the account that receives")},
            {"creditAccountId", str("transfer: the account that gives")},
            {"personId", str("lend/repayment: the person")},
            {"expenseAmount", store::money_schema(kMoneyWording, "money going out (expense, split, lend, transfer)")},
            {"incomeAmount", store::money_schema(kMoneyWording, "money coming in (income, repayment)")},
            {"categoryName", str("category to post to (Uncategorized when absent)")},
            {"externalReference", str("caller's reference, e.g. a receipt or bank id")},
            {"payee", str("who was paid (or paid you); kept on the transaction")},
            {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "tags, kept when posted"}}},
            {"allowOverpayment", {{"type", "boolean"}, {"description", "repayment may exceed what is owed"}}},
            {"splits",
             {{"type", "array"},
              {"description", "IOUs: what each person owes you from this draft"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"personId", str("person id")}, {"personName", str("their name")},
                  {"amount", store::money_schema(kMoneyWording, "their share")}}},
                {"required", {"personId", "personName", "amount"}}}}}},
            {"yourShare", store::money_schema(kMoneyWording, "expense minus the IOUs: the part that is your expense")},
            {"createdAt", str("ISO 8601 UTC")},
            {"source", str("who staged it: the MCP client's name, cli:<user>, inbox, or unknown (older drafts)")}}},
          {"required", {"id", "type", "status", "title", "date", "currency", "splits", "createdAt", "source"}}};
}

}  // namespace tally::ledger
