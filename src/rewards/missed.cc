#include "rewards/missed.h"

#include <algorithm>

#include "rewards/earn.h"
#include "rewards/units.h"

namespace tally::rewards {

std::optional<CardEarn> best_card(const std::vector<Card>& cards, const std::string& currency,
                                  const std::string& category, std::int64_t spend_minor) {
  std::optional<CardEarn> best;
  for (const auto& card : cards) {
    if (card.currency != currency) continue;
    std::int64_t amount = earn_on(card, category, spend_minor, currency_of(currency).exponent);
    CardEarn e{card, amount, value_minor(card, amount)};
    if (!best || e.value_minor > best->value_minor ||
        (e.value_minor == best->value_minor && e.card.id < best->card.id))
      best = std::move(e);
  }
  return best;
}

std::vector<MissedRow> missed_rewards(store::Store& st, const std::vector<Card>& cards,
                                      const std::string& start, const std::string& end) {
  store::Prepared q = st.prepared(R"sql(
SELECT c.currency, e.category, e.card_id, SUM(e.spend_minor), SUM(e.amount)
FROM auto_earn e JOIN card c ON c.id = e.card_id
WHERE e.workspace_id = ? AND e.date BETWEEN ? AND ?
  AND NOT EXISTS (SELECT 1 FROM auto_earn_reversal r WHERE r.txn_id = e.txn_id AND r.card_id = e.card_id)
GROUP BY c.currency, e.category, e.card_id
ORDER BY c.currency, e.category, e.card_id)sql");
  q.bind(1, st.workspace_id);
  q.bind(2, start);
  q.bind(3, end);
  std::vector<MissedRow> rows;
  while (q.executeStep()) {
    const std::string currency = q.getColumn(0).getString(), category = q.getColumn(1).getString();
    if (rows.empty() || rows.back().currency != currency || rows.back().category != category) {
      rows.emplace_back();
      rows.back().category = category;
      rows.back().currency = currency;
    }
    MissedRow& row = rows.back();
    auto card =
        std::find_if(cards.begin(), cards.end(),
                     [id = q.getColumn(2).getString()](const Card& c) { return c.id == id; });
    if (card == cards.end())
      continue;  // the wallet is the workspace's: every earning card is in it
    const std::int64_t amount = q.getColumn(4).getInt64();
    row.spend_minor += q.getColumn(3).getInt64();
    row.earned.push_back(CardEarn{*card, amount, value_minor(*card, amount)});
    row.earned_minor += row.earned.back().value_minor;
  }
  for (auto& row : rows) {
    row.best = best_card(cards, row.currency, row.category, row.spend_minor);
    if (row.best)
      row.missed_minor = std::max<std::int64_t>(0, row.best->value_minor - row.earned_minor);
  }
  return rows;
}

}  // namespace tally::rewards
