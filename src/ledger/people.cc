#include "ledger/people.h"

#include <SQLiteCpp/Statement.h>

#include "util/fold.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/text.h"

namespace tally::ledger {

std::optional<Person> find_person(store::Store& st, const std::string& id) {
  SQLite::Statement q(st.db, "SELECT id, name, created_at FROM person WHERE id = ? AND ws = ?");
  q.bind(1, id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  return Person{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

Person require_person(store::Store& st, const std::string& id, const std::string& param) {
  auto p = find_person(st, id);
  if (!p) throw mcp::ToolError("Person not found: " + param + " \"" + id + "\"");
  return *p;
}

Person create_person(store::Store& st, const std::string& raw_name) {
  std::string name = util::tidy_name(raw_name);
  if (auto problem = util::name_problem(name); !problem.empty()) throw mcp::ToolError("name: " + problem);
  SQLite::Statement dup(st.db, "SELECT id, name FROM person WHERE ws = ? AND name_fold = ?");
  dup.bind(1, st.workspace_id);
  dup.bind(2, util::fold_name(name));
  if (dup.executeStep())
    throw mcp::ToolError("A person named \"" + dup.getColumn(1).getString() + "\" already exists (" +
                         dup.getColumn(0).getString() + ").");
  Person p{st.ids.next("per"), name, st.clock.now_iso()};
  SQLite::Statement ins(st.db, "INSERT INTO person (id, ws, name, name_fold, created_at) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, p.id);
  ins.bind(2, st.workspace_id);
  ins.bind(3, p.name);
  ins.bind(4, util::fold_name(p.name));
  ins.bind(5, p.created_at);
  ins.exec();
  return p;
}

std::vector<Person> list_persons(store::Store& st) {
  SQLite::Statement q(st.db, "SELECT id, name, created_at FROM person WHERE ws = ? ORDER BY name_fold, id");
  q.bind(1, st.workspace_id);
  std::vector<Person> out;
  while (q.executeStep())
    out.push_back(Person{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::optional<Account> lent_account(store::Store& st, const std::string& person_id, const std::string& currency) {
  SQLite::Statement q(st.db,
                      "SELECT id FROM account WHERE ws = ? AND person_id = ? AND currency = ? AND subtype = 'lent'");
  q.bind(1, st.workspace_id);
  q.bind(2, person_id);
  q.bind(3, currency);
  if (!q.executeStep()) return std::nullopt;
  return find_account(st, q.getColumn(0).getString());
}

Account ensure_lent_account(store::Store& st, const Person& person, const std::string& currency) {
  if (auto a = lent_account(st, person.id, currency)) return *a;
  NewAccount spec;
  spec.name = "Lent:" + person.name;
  spec.type = "asset";
  spec.subtype = "lent";
  spec.currency = currency;
  spec.person_id = person.id;
  return create_account(st, spec);
}

std::vector<Owed> owed_by(store::Store& st, const std::string& person_id) {
  SQLite::Statement q(st.db,
                      "SELECT a.currency, (SELECT coalesce(sum(m.net_minor), 0) FROM account_month m "
                      "                     WHERE m.account_seq = a.seq) "
                      "FROM account a WHERE a.ws = ? AND a.person_id = ? AND a.subtype = 'lent' "
                      "ORDER BY a.currency");
  q.bind(1, st.workspace_id);
  q.bind(2, person_id);
  std::vector<Owed> out;
  while (q.executeStep()) {
    std::int64_t minor = q.getColumn(1).getInt64();
    if (minor != 0) out.push_back(Owed{q.getColumn(0).getString(), minor});
  }
  return out;
}

mcp::json person_json(store::Store& st, const Person& p) {
  mcp::json owes = mcp::json::array();
  for (const auto& o : owed_by(st, p.id)) owes.push_back(store::money_json(o.minor, *store::find_currency(o.currency)));
  return {{"id", p.id}, {"name", p.name}, {"owes", owes}};
}

mcp::json person_output_schema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}, {"description", "person id (per_…)"}}},
            {"name", {{"type", "string"}}},
            {"owes",
             {{"type", "array"},
              {"description", "what the person owes you, per currency (their Lent balance; negative: you owe them)"},
              {"items", store::money_schema(kMoneyWording, "an amount owed")}}}}},
          {"required", {"id", "name", "owes"}}};
}

}  // namespace tally::ledger
