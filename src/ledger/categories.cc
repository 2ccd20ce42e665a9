#include "ledger/categories.h"

#include <SQLiteCpp/Statement.h>

#include "util/fold.h"
#include "mcp/tool.h"
#include "util/text.h"

namespace tally::ledger {

namespace {

std::string account_name(const Category& c) { return (c.kind == "expense" ? "Expenses:" : "Income:") + c.name; }

std::optional<Category> find_by_name(store::Store& st, const std::string& name, const std::string& kind) {
  store::Prepared q = st.prepared("SELECT id, name, kind FROM category WHERE ws = ? AND kind = ? AND name_fold = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, kind);
  q.bind(3, util::fold_name(name));
  if (!q.executeStep()) return std::nullopt;
  return Category{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

Category insert_category(store::Store& st, const std::string& name, const std::string& kind) {
  Category c{st.ids.next("cat"), name, kind};
  store::Prepared ins = st.prepared(
      "INSERT INTO category (id, ws, name, name_fold, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  ins.bind(1, c.id);
  ins.bind(2, st.workspace_id);
  ins.bind(3, c.name);
  ins.bind(4, util::fold_name(c.name));
  ins.bind(5, c.kind);
  ins.bind(6, st.clock.now_iso());
  ins.exec();
  return c;
}

}  // namespace

Category create_category(store::Store& st, const std::string& raw_name, const std::string& kind,
                         const std::string& currency) {
  std::string name = util::tidy_name(raw_name);
  if (auto problem = util::name_problem(name); !problem.empty()) throw mcp::ToolError("name: " + problem);
  if (auto existing = find_by_name(st, name, kind))
    throw mcp::ToolError("An " + kind + " category named \"" + existing->name + "\" already exists (" +
                         existing->id + ").");
  Category c = insert_category(st, name, kind);
  category_account(st, c, currency);
  return c;
}

std::vector<Category> list_categories(store::Store& st) {
  SQLite::Statement q(st.db, "SELECT id, name, kind FROM category WHERE ws = ? ORDER BY kind, name_fold, id");
  q.bind(1, st.workspace_id);
  std::vector<Category> out;
  while (q.executeStep())
    out.push_back(Category{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

Category resolve_category(store::Store& st, const std::string& name, const std::string& kind,
                          const std::string& param) {
  if (auto c = find_by_name(st, name, kind)) return *c;
  // Ask before picking (seed 000): list near matches, never choose one.
  std::string key = util::fold_name(name);
  std::vector<std::string> near, all;
  for (const auto& c : list_categories(st)) {
    if (c.kind != kind) continue;
    all.push_back(c.name);
    std::string f = util::fold_name(c.name);
    if (!key.empty() && (f.find(key) != std::string::npos || key.find(f) != std::string::npos))
      near.push_back(c.name);
  }
  const auto& shown = near.empty() ? all : near;
  std::string list;
  for (std::size_t i = 0; i < shown.size() && i < 20; ++i) list += (i ? ", " : "") + std::string("\"") + shown[i] + "\"";
  std::string msg = "Category not found: " + param + " \"" + name + "\" matches no " + kind + " category";
  if (shown.empty())
    msg += " (there are none yet; create one with ledger_create_category)";
  else
    msg += std::string(near.empty() ? " (" + kind + " categories: " : " (did you mean one of: ") + list +
           (shown.size() > 20 ? ", …" : "") + "?)";
  throw mcp::ToolError(msg);
}

Category ensure_category(store::Store& st, const std::string& name, const std::string& kind) {
  if (auto c = find_by_name(st, name, kind)) return *c;
  return insert_category(st, name, kind);
}

Account category_account(store::Store& st, const Category& c, const std::string& currency) {
  store::Prepared q = st.prepared("SELECT id FROM account WHERE category_id = ? AND currency = ?");
  q.bind(1, c.id);
  q.bind(2, currency);
  if (q.executeStep()) return *find_account(st, q.getColumn(0).getString());
  std::string name = account_name(c);
  if (auto existing = find_account_by_name(st, name, currency)) {
    // An account of that name made by hand: adopt it when it fits.
    if (existing->type != c.kind || existing->category_id)
      throw mcp::ToolError("Account \"" + existing->name + "\" (" + existing->id + ") exists but cannot back the " +
                           c.kind + " category \"" + c.name + "\".");
    SQLite::Statement adopt(st.db, "UPDATE account SET category_id = ? WHERE seq = ?");
    adopt.bind(1, c.id);
    adopt.bind(2, existing->seq);
    adopt.exec();
    existing->category_id = c.id;
    return *existing;
  }
  NewAccount spec;
  spec.name = name;
  spec.type = c.kind;
  spec.currency = currency;
  spec.category_id = c.id;
  return create_account(st, spec);
}

}  // namespace tally::ledger
