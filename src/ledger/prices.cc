#include "ledger/prices.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/tool_support.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "util/calendar.h"

namespace tally::ledger {

using mcp::json;
using mcp::ToolError;

store::Migration prices_migration() {
  return {"ledger", 10, R"sql(
CREATE TABLE price (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  base TEXT NOT NULL REFERENCES currency(code),
  quote TEXT NOT NULL REFERENCES currency(code),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  rate_numerator INTEGER NOT NULL CHECK (rate_numerator > 0),
  rate_scale INTEGER NOT NULL CHECK (rate_scale BETWEEN 0 AND 18),
  created_at TEXT NOT NULL,
  CHECK (base <> quote),
  PRIMARY KEY (ws, base, quote, date)
) STRICT, WITHOUT ROWID;
)sql"};
}

namespace {

Price row_price(SQLite::Statement& q) {
  return Price{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
               Rate{q.getColumn(3).getInt64(), q.getColumn(4).getInt()}};
}

std::optional<Price> newest(store::Store& st, const std::string& base, const std::string& quote,
                            const std::string& date) {
  store::Prepared q = st.prepared(
      "SELECT base, quote, date, rate_numerator, rate_scale FROM price WHERE ws = ? AND base = ? "
      "AND quote = ? "
      "AND date <= ? ORDER BY date DESC LIMIT 1");
  q.bind(1, st.workspace_id);
  q.bind(2, base);
  q.bind(3, quote);
  q.bind(4, date);
  if (!q.executeStep()) return std::nullopt;
  return row_price(q);
}

}  // namespace

std::pair<Price, bool> set_price(store::Store& st, const std::string& base,
                                 const std::string& quote, const std::string& date,
                                 const std::string& text) {
  require_currency(base, "base");
  require_currency(quote, "quote");
  if (base == quote)
    throw ToolError("quote: the same currency as base (" + base +
                    "); a price relates two currencies");
  if (auto problem = util::date_problem(date); !problem.empty())
    throw ToolError("date: \"" + date + "\" " + problem);
  std::string error;
  auto rate = parse_rate(text, error);
  if (!rate) throw ToolError("rate: " + error);
  bool existed = false;
  {
    store::Prepared q =
        st.prepared("SELECT 1 FROM price WHERE ws = ? AND base = ? AND quote = ? AND date = ?");
    q.bind(1, st.workspace_id);
    q.bind(2, base);
    q.bind(3, quote);
    q.bind(4, date);
    existed = q.executeStep();
  }
  store::Prepared ins = st.prepared(
      "INSERT INTO price (ws, base, quote, date, rate_numerator, rate_scale, created_at) VALUES "
      "(?,?,?,?,?,?,?) "
      "ON CONFLICT (ws, base, quote, date) DO UPDATE SET rate_numerator = excluded.rate_numerator, "
      "rate_scale = excluded.rate_scale, created_at = excluded.created_at");
  ins.bind(1, st.workspace_id);
  ins.bind(2, base);
  ins.bind(3, quote);
  ins.bind(4, date);
  ins.bind(5, rate->numerator);
  ins.bind(6, rate->scale);
  ins.bind(7, st.clock.now_iso());
  ins.exec();
  return {Price{base, quote, date, *rate}, existed};
}

PricePage list_prices(store::Store& st, const std::optional<std::string>& base,
                      const std::optional<std::string>& quote,
                      const std::optional<std::string>& after_key, int limit) {
  // Keyset: (base, quote) ascending, date descending, after the cursor's row.
  std::string sql =
      "SELECT base, quote, date, rate_numerator, rate_scale FROM price WHERE ws = ?1 "
      "AND (?2 IS NULL OR base = ?2) AND (?3 IS NULL OR quote = ?3)";
  std::string cb, cq, cd;
  if (after_key) {
    auto a = after_key->find('/'), b = after_key->find('/', a == std::string::npos ? 0 : a + 1);
    if (a == std::string::npos || b == std::string::npos)
      throw ToolError("cursor: not a cursor this tool returned");
    cb = after_key->substr(0, a);
    cq = after_key->substr(a + 1, b - a - 1);
    cd = after_key->substr(b + 1);
    sql += " AND (base > ?4 OR (base = ?4 AND (quote > ?5 OR (quote = ?5 AND date < ?6))))";
  }
  sql += " ORDER BY base, quote, date DESC LIMIT ?7";
  SQLite::Statement q(st.db, sql);
  q.bind(1, st.workspace_id);
  if (base) q.bind(2, *base);
  if (quote) q.bind(3, *quote);
  if (after_key) {
    q.bind(4, cb);
    q.bind(5, cq);
    q.bind(6, cd);
  }
  q.bind(7, limit + 1);
  PricePage page;
  while (q.executeStep()) page.prices.push_back(row_price(q));
  if (static_cast<int>(page.prices.size()) > limit) {
    page.prices.pop_back();
    page.truncated = true;
  }
  return page;
}

std::vector<Price> all_prices(store::Store& st) {
  SQLite::Statement q(
      st.db,
      "SELECT base, quote, date, rate_numerator, rate_scale FROM price WHERE ws = ? "
      "ORDER BY date, base, quote");
  q.bind(1, st.workspace_id);
  std::vector<Price> out;
  while (q.executeStep()) out.push_back(row_price(q));
  return out;
}

std::optional<PriceUse> price_on_or_before(store::Store& st, const std::string& from,
                                           const std::string& to, const std::string& date) {
  if (auto p = newest(st, from, to, date)) return PriceUse{*p, false};
  if (auto p = newest(st, to, from, date)) return PriceUse{*p, true};
  return std::nullopt;
}

std::string price_key(const Price& p) {
  return p.base + "/" + p.quote + "/" + p.date;
}

json price_json(const Price& p) {
  return {{"key", price_key(p)},
          {"base", p.base},
          {"quote", p.quote},
          {"date", p.date},
          {"rate", rate_text(p.rate)}};
}

json price_schema() {
  json str{{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"key", {{"type", "string"}, {"description", "BASE/QUOTE/DATE"}}},
            {"base", str},
            {"quote", str},
            {"date", str},
            {"rate", {{"type", "string"}, {"description", "exact decimal: 1 base = rate quote"}}}}},
          {"required", {"key", "base", "quote", "date", "rate"}}};
}

}  // namespace tally::ledger
