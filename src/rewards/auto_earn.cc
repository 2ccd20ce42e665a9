#include "rewards/auto_earn.h"

#include <algorithm>
#include <map>
#include <optional>

#include "rewards/billing.h"
#include "rewards/card_link.h"
#include "rewards/earn.h"
#include "rewards/reward_ledger.h"
#include "rewards/units.h"

namespace tally::rewards {

namespace {

struct Expense {
  std::string ledger_category;
  std::int64_t amount_minor;
};

/// The ledger category of an expense account (its category, else the last part
/// of its name), or nullopt when the account is not an expense.
std::optional<std::string> expense_category(store::Store& st, const std::string& account_id) {
  store::Prepared q = st.prepared(
      "SELECT a.type, a.name, c.name FROM account a LEFT JOIN category c ON c.id = a.category_id "
      "WHERE a.id = ? AND a.ws = ?");
  q.bind(1, account_id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep() || q.getColumn(0).getString() != "expense") return std::nullopt;
  if (!q.getColumn(2).isNull()) return q.getColumn(2).getString();
  std::string name = q.getColumn(1).getString();
  auto colon = name.rfind(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

std::string clip(std::string note) {
  if (note.size() > 200)
    note.resize(200);  // reward_txn.note's limit; ASCII ids keep it valid UTF-8 at the cut
  return note;
}

void earn(store::Store& st, const ledger::PostedTxn& posted) {
  std::optional<bool> open;  // the paywall, read once and only when a linked card is charged
  std::map<std::string, std::vector<Expense>> expenses;  // per currency, in posting order
  for (const ledger::PostingSpec& charge : posted.spec.postings) {
    if (charge.amount_minor >= 0) continue;
    auto card_id = card_linked_to(st, charge.account_id);
    if (!card_id) continue;
    if (!open) open = effective_status(load_billing(st), st.clock.now_ms()) != "expired";
    if (!*open) return;
    auto card = find_card(st, *card_id);
    if (!card) continue;
    if (!expenses.count(charge.currency)) {
      auto& list = expenses[charge.currency];
      for (const auto& q : posted.spec.postings)
        if (q.amount_minor > 0 && q.currency == charge.currency)
          if (auto category = expense_category(st, q.account_id))
            list.push_back({*category, q.amount_minor});
    }
    auto& pool = expenses[charge.currency];
    if (pool.empty()) continue;
    const std::string largest =
        std::max_element(pool.begin(), pool.end(), [](const Expense& a, const Expense& b) {
          return a.amount_minor < b.amount_minor;
        })->ledger_category;

    // The charge split over the expenses (each consumed once, so two linked
    // cards in one transaction never earn on the same expense twice).
    std::map<std::string, std::int64_t> spend;  // reward category → minor units
    std::int64_t left = -charge.amount_minor;
    for (auto& e : pool) {
      std::int64_t take = std::min(left, e.amount_minor);
      if (take <= 0) continue;
      spend[reward_category_for(st, card->id, e.ledger_category)] += take;
      e.amount_minor -= take;
      left -= take;
    }
    if (left > 0) spend[reward_category_for(st, card->id, largest)] += left;

    const int exponent = currency_of(card->currency).exponent;
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> earned;
    for (const auto& [category, minor] : spend)
      total += earned[category] = earn_on(*card, category, minor, exponent);
    std::optional<std::string> reward_txn;
    if (total > 0)
      reward_txn =
          record_reward(st, *card, "earn", total,
                        clip("auto-earn: " + posted.spec.description + " (" + posted.id + ")"))
              .id;
    store::Prepared ins = st.prepared(
        "INSERT INTO auto_earn (workspace_id, txn_id, date, card_id, category, spend_minor, "
        "amount, reward_txn_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& [category, minor] : spend) {
      ins.bind(1, st.workspace_id);
      ins.bind(2, posted.id);
      ins.bind(3, posted.spec.date);
      ins.bind(4, card->id);
      ins.bind(5, category);
      ins.bind(6, minor);
      ins.bind(7, earned[category]);
      if (reward_txn)
        ins.bind(8, *reward_txn);
      else
        ins.bind(8);
      ins.exec();
      ins.reset();
    }
  }
}

void reverse(store::Store& st, const ledger::PostedTxn& posted) {
  const std::string& original = *posted.spec.reverses_txn_id;
  std::vector<std::pair<std::string, std::int64_t>> earned;  // card → what the original earned
  {
    store::Prepared q = st.prepared(
        "SELECT card_id, SUM(amount) FROM auto_earn WHERE workspace_id = ? AND txn_id = ? GROUP BY "
        "card_id "
        "ORDER BY card_id");
    q.bind(1, st.workspace_id);
    q.bind(2, original);
    while (q.executeStep())
      earned.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  }
  for (const auto& [card_id, amount] : earned) {
    Card card = require_card(st, card_id);
    const std::int64_t reversed = std::min(amount, card.balance());
    std::optional<std::string> reward_txn;
    if (reversed > 0)
      reward_txn =
          record_reward(st, card, "redeem", reversed,
                        clip("auto-earn reversed: " + original + " voided by " + posted.id))
              .id;
    store::Prepared ins = st.prepared(
        "INSERT INTO auto_earn_reversal (txn_id, card_id, workspace_id, void_txn_id, reversed, "
        "unrecovered, "
        "reward_txn_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, original);
    ins.bind(2, card_id);
    ins.bind(3, st.workspace_id);
    ins.bind(4, posted.id);
    ins.bind(5, reversed);
    ins.bind(6, amount - reversed);
    if (reward_txn)
      ins.bind(7, *reward_txn);
    else
      ins.bind(7);
    ins.exec();
    ins.reset();
  }
}

}  // namespace

void on_ledger_post(store::Store& st, const ledger::PostedTxn& posted) {
  if (posted.spec.reverses_txn_id)
    reverse(st, posted);
  else
    earn(st, posted);
}

}  // namespace tally::rewards
