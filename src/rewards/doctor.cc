#include "rewards/doctor.h"

#include <SQLiteCpp/Statement.h>

namespace tally::rewards {

std::vector<std::string> check_invariants(store::Store& st) {
  std::vector<std::string> problems;
  SQLite::Statement balances(st.db, R"sql(
SELECT c.id, c.display_name, c.reward_type,
       CASE c.reward_type WHEN 'points' THEN c.current_points ELSE c.current_cashback_minor END,
       coalesce((SELECT sum(CASE t.type WHEN 'earn' THEN t.amount ELSE -t.amount END)
                 FROM reward_txn t WHERE t.workspace_id = c.workspace_id AND t.card_id = c.id
                   AND t.unit = c.reward_type), 0)
FROM card c WHERE c.workspace_id = ? ORDER BY c.id)sql");
  balances.bind(1, st.workspace_id);
  while (balances.executeStep()) {
    std::int64_t stored = balances.getColumn(3).getInt64(), summed = balances.getColumn(4).getInt64();
    if (stored == summed) continue;
    std::string unit = balances.getColumn(2).getString();
    std::string minor = unit == "cashback" ? " (minor units)" : "";
    problems.push_back("card " + balances.getColumn(0).getString() + " (" + balances.getColumn(1).getString() +
                       ") has a " + unit + " balance of " + std::to_string(stored) + minor +
                       " but its earn minus redeem transactions sum to " + std::to_string(summed));
  }
  SQLite::Statement units(st.db, R"sql(
SELECT t.id, t.unit, c.id, c.reward_type FROM reward_txn t JOIN card c ON c.id = t.card_id
WHERE t.workspace_id = ? AND t.unit <> c.reward_type ORDER BY t.id)sql");
  units.bind(1, st.workspace_id);
  while (units.executeStep())
    problems.push_back("reward transaction " + units.getColumn(0).getString() + " is in " +
                       units.getColumn(1).getString() + " but card " + units.getColumn(2).getString() +
                       " earns " + units.getColumn(3).getString());
  SQLite::Statement foreign(st.db, R"sql(
SELECT t.id FROM reward_txn t JOIN card c ON c.id = t.card_id
WHERE t.workspace_id = ? AND c.workspace_id <> t.workspace_id ORDER BY t.id)sql");
  foreign.bind(1, st.workspace_id);
  while (foreign.executeStep())
    problems.push_back("reward transaction " + foreign.getColumn(0).getString() +
                       " belongs to a card of another workspace");
  // Linked cards (issue 21): each automatic earn row is the sum of its
  // categories, and each void took back or recorded exactly what was earned.
  SQLite::Statement earns(st.db, R"sql(
SELECT e.txn_id, e.card_id, sum(e.amount), max(t.amount) FROM auto_earn e
LEFT JOIN reward_txn t ON t.id = e.reward_txn_id
WHERE e.workspace_id = ? GROUP BY e.txn_id, e.card_id
HAVING sum(e.amount) <> coalesce(max(t.amount), 0) ORDER BY e.txn_id, e.card_id)sql");
  earns.bind(1, st.workspace_id);
  while (earns.executeStep())
    problems.push_back("ledger transaction " + earns.getColumn(0).getString() + " earned " +
                       std::to_string(earns.getColumn(2).getInt64()) + " on card " + earns.getColumn(1).getString() +
                       " but its reward transaction says " + std::to_string(earns.getColumn(3).getInt64()));
  SQLite::Statement reversals(st.db, R"sql(
SELECT r.txn_id, r.card_id, r.reversed + r.unrecovered,
       (SELECT coalesce(sum(e.amount), 0) FROM auto_earn e WHERE e.txn_id = r.txn_id AND e.card_id = r.card_id)
FROM auto_earn_reversal r WHERE r.workspace_id = ? ORDER BY r.txn_id, r.card_id)sql");
  reversals.bind(1, st.workspace_id);
  while (reversals.executeStep())
    if (reversals.getColumn(2).getInt64() != reversals.getColumn(3).getInt64())
      problems.push_back("the void of ledger transaction " + reversals.getColumn(0).getString() + " took back " +
                         std::to_string(reversals.getColumn(2).getInt64()) + " on card " +
                         reversals.getColumn(1).getString() + " but it earned " +
                         std::to_string(reversals.getColumn(3).getInt64()));
  return problems;
}

}  // namespace tally::rewards
