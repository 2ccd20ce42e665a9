#include "affiliate/doctor.h"

#include <SQLiteCpp/Statement.h>

#include "store/money.h"

namespace tally::affiliate {

std::vector<std::string> check_invariants(store::Store& st) {
  std::vector<std::string> problems;
  SQLite::Statement sums(st.db,
                         "SELECT p.id, p.amount_minor, coalesce(sum(c.payout_minor), 0), b.currency FROM tr_payout p "
                         "JOIN tr_brand b ON b.id = p.brand_id LEFT JOIN tr_conversion c ON c.payout_id = p.id "
                         "WHERE b.ws = ? GROUP BY p.id HAVING p.amount_minor <> coalesce(sum(c.payout_minor), 0) "
                         "ORDER BY p.id LIMIT 50");
  sums.bind(1, st.workspace_id);
  while (sums.executeStep()) {
    int exponent = store::find_currency(sums.getColumn(3).getString())->exponent;
    problems.push_back("payout " + sums.getColumn(0).getString() + " amount " +
                       store::format_minor(sums.getColumn(1).getInt64(), exponent) + " " + sums.getColumn(3).getString() +
                       " differs from its conversions' sum " + store::format_minor(sums.getColumn(2).getInt64(), exponent));
  }
  SQLite::Statement orphans(st.db,
                            "SELECT c.id, c.payout_id, p.status FROM tr_conversion c JOIN tr_brand b ON b.id = c.brand_id "
                            "LEFT JOIN tr_payout p ON p.id = c.payout_id WHERE b.ws = ? AND c.status = 'paid' "
                            "AND (p.id IS NULL OR p.status <> 'paid') ORDER BY c.id LIMIT 50");
  orphans.bind(1, st.workspace_id);
  while (orphans.executeStep())
    problems.push_back("conversion " + orphans.getColumn(0).getString() + " is paid but its payout " +
                       (orphans.getColumn(1).isNull() ? std::string("is missing")
                                                      : orphans.getColumn(1).getString() + " is " +
                                                            orphans.getColumn(2).getString()));
  SQLite::Statement unpaid(st.db,
                           "SELECT p.id, count(*) FROM tr_payout p JOIN tr_brand b ON b.id = p.brand_id "
                           "JOIN tr_conversion c ON c.payout_id = p.id WHERE b.ws = ? AND p.status = 'paid' "
                           "AND c.status <> 'paid' GROUP BY p.id ORDER BY p.id LIMIT 50");
  unpaid.bind(1, st.workspace_id);
  while (unpaid.executeStep())
    problems.push_back("payout " + unpaid.getColumn(0).getString() + " is paid but " +
                       std::to_string(unpaid.getColumn(1).getInt64()) + " of its conversions are not");
  SQLite::Statement clicks(st.db,
                           "SELECT d.offer_id, d.partner_id, d.day, d.clicks, "
                           "(SELECT count(*) FROM tr_click k WHERE k.offer_id = d.offer_id AND k.partner_id = d.partner_id "
                           "AND k.day = d.day) AS n FROM tr_click_daily d JOIN tr_brand b ON b.id = d.brand_id "
                           "WHERE b.ws = ? AND d.clicks <> n ORDER BY 1, 2, 3 LIMIT 50");
  clicks.bind(1, st.workspace_id);
  while (clicks.executeStep())
    problems.push_back("click total of offer " + clicks.getColumn(0).getString() + ", partner " +
                       clicks.getColumn(1).getString() + " on " + clicks.getColumn(2).getString() + " is " +
                       std::to_string(clicks.getColumn(3).getInt64()) + " but " +
                       std::to_string(clicks.getColumn(4).getInt64()) + " clicks are recorded");
  // A posted payout matches its ledger transaction: present, not reversed, its commissions posting
  // the payout's amount; and only a paid payout names one (issue 17).
  SQLite::Statement posted(st.db,
                           "SELECT p.id, p.status, p.amount_minor, t.id, "
                           "(SELECT sum(x.amount_minor) FROM posting x JOIN account a ON a.seq = x.account_seq "
                           " WHERE x.txn_seq = t.seq AND a.type = 'expense'), "
                           "(SELECT count(*) FROM txn r WHERE r.reverses_seq = t.seq) "
                           "FROM tr_payout p JOIN tr_brand b ON b.id = p.brand_id "
                           "LEFT JOIN txn t ON t.id = p.ledger_txn_id AND t.ws = b.ws "
                           "WHERE b.ws = ? AND p.ledger_txn_id IS NOT NULL ORDER BY p.id LIMIT 50");
  posted.bind(1, st.workspace_id);
  while (posted.executeStep()) {
    const std::string id = posted.getColumn(0).getString();
    if (posted.getColumn(1).getString() != "paid")
      problems.push_back("payout " + id + " is " + posted.getColumn(1).getString() + " but names a ledger payment");
    else if (posted.getColumn(3).isNull())
      problems.push_back("payout " + id + " names a ledger transaction that does not exist");
    else if (posted.getColumn(5).getInt64() > 0)
      problems.push_back("payout " + id + " is paid but its ledger transaction " + posted.getColumn(3).getString() +
                         " is reversed");
    else if (posted.getColumn(4).getInt64() != posted.getColumn(2).getInt64())
      problems.push_back("payout " + id + " does not match its ledger transaction " + posted.getColumn(3).getString());
  }
  return problems;
}

}  // namespace tally::affiliate
