#include "rewards/card_link.h"

#include "rewards/earn.h"
#include "util/fold.h"

namespace tally::rewards {

namespace {

void load_map(store::Store& st, CardLink& link) {
  store::Prepared q = st.prepared(
      "SELECT category_name, reward_category FROM card_link_category WHERE card_id = ? ORDER BY "
      "category_fold");
  q.bind(1, link.card_id);
  while (q.executeStep())
    link.category_map.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
}

}  // namespace

std::optional<CardLink> find_link(store::Store& st, const std::string& card_id) {
  store::Prepared q = st.prepared(
      "SELECT account_id, created_at FROM card_link WHERE card_id = ? AND workspace_id = ?");
  q.bind(1, card_id);
  q.bind(2, st.workspace_id);
  if (!q.executeStep()) return std::nullopt;
  CardLink link{card_id, q.getColumn(0).getString(), q.getColumn(1).getString(), {}};
  q.reset();
  load_map(st, link);
  return link;
}

std::optional<std::string> card_linked_to(store::Store& st, const std::string& account_id) {
  store::Prepared q =
      st.prepared("SELECT card_id FROM card_link WHERE workspace_id = ? AND account_id = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, account_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::vector<CardLink> all_links(store::Store& st) {
  std::vector<std::string> ids;
  {
    store::Prepared q = st.prepared(
        "SELECT card_id FROM card_link WHERE workspace_id = ? ORDER BY created_at, card_id");
    q.bind(1, st.workspace_id);
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  }
  std::vector<CardLink> links;
  for (const auto& id : ids)
    if (auto link = find_link(st, id)) links.push_back(std::move(*link));
  return links;
}

void insert_link(store::Store& st, const CardLink& link) {
  store::Prepared ins = st.prepared(
      "INSERT INTO card_link (card_id, workspace_id, account_id, created_at) VALUES (?, ?, ?, ?)");
  ins.bind(1, link.card_id);
  ins.bind(2, st.workspace_id);
  ins.bind(3, link.account_id);
  ins.bind(4, link.created_at);
  ins.exec();
  store::Prepared map = st.prepared(
      "INSERT INTO card_link_category (card_id, category_fold, category_name, reward_category) "
      "VALUES (?, ?, ?, ?)");
  for (const auto& [name, category] : link.category_map) {
    map.bind(1, link.card_id);
    map.bind(2, util::fold_name(name));
    map.bind(3, name);
    map.bind(4, category);
    map.exec();
    map.reset();
  }
}

bool delete_link(store::Store& st, const std::string& card_id) {
  store::Prepared del = st.prepared("DELETE FROM card_link WHERE card_id = ? AND workspace_id = ?");
  del.bind(1, card_id);
  del.bind(2, st.workspace_id);
  return del.exec() > 0;
}

std::string reward_category_for(store::Store& st, const std::string& card_id,
                                const std::string& ledger_category) {
  store::Prepared q = st.prepared(
      "SELECT reward_category FROM card_link_category WHERE card_id = ? AND category_fold = ?");
  q.bind(1, card_id);
  q.bind(2, util::fold_name(ledger_category));
  if (q.executeStep()) return q.getColumn(0).getString();
  return default_reward_category(ledger_category);
}

}  // namespace tally::rewards
