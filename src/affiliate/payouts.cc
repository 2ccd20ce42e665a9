#include "affiliate/payouts.h"
#include "affiliate/outbox.h"
#include "affiliate/tool_support.h"

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "affiliate/partners.h"
#include "mcp/tool.h"
#include "store/money.h"

namespace tally::affiliate {

namespace {
std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}
}  // namespace

std::optional<Payout> find_payout(store::Store& st, const Brand& brand, const std::string& id) {
  SQLite::Statement q(st.db,
                      "SELECT id, partner_id, amount_minor, through_day, status, method, "
                      "reference, notes, paid_at, "
                      "created_at, ledger_txn_id FROM tr_payout WHERE id = ? AND brand_id = ?");
  q.bind(1, id);
  q.bind(2, brand.id);
  if (!q.executeStep()) return std::nullopt;
  return Payout{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                q.getColumn(3).getString(), q.getColumn(4).getString(), opt_text(q.getColumn(5)),
                opt_text(q.getColumn(6)),   opt_text(q.getColumn(7)),   opt_text(q.getColumn(8)),
                q.getColumn(9).getString(), opt_text(q.getColumn(10))};
}

mcp::json payout_json(store::Store& st, const Payout& p, const Brand& brand) {
  SQLite::Statement q(st.db,
                      "SELECT status, count(*) FROM tr_conversion WHERE payout_id = ? GROUP BY "
                      "status ORDER BY status");
  q.bind(1, p.id);
  mcp::json by_status = mcp::json::object();
  std::int64_t total = 0;
  while (q.executeStep()) {
    by_status[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    total += q.getColumn(1).getInt64();
  }
  return {{"payoutId", p.id},
          {"partnerId", p.partner_id},
          {"amount", store::money_json(p.amount_minor, brand.currency)},
          {"throughDate", p.through_day},
          {"status", p.status},
          {"method", opt_json(p.method)},
          {"reference", opt_json(p.reference)},
          {"notes", opt_json(p.notes)},
          {"paidAt", opt_json(p.paid_at)},
          {"ledgerTransactionId", opt_json(p.ledger_txn_id)},
          {"conversions", total},
          {"conversionsByStatus", by_status},
          {"createdAt", p.created_at}};
}

int move_payout_conversions(store::Store& st, const Brand& brand, const std::string& payout_id,
                            const char* from, const char* to) {
  SQLite::Statement ids(st.db, "SELECT id FROM tr_conversion WHERE payout_id = ? AND brand_id = ? AND status = ?");
  ids.bind(1, payout_id);
  ids.bind(2, brand.id);
  ids.bind(3, from);
  std::vector<std::string> moved;
  while (ids.executeStep()) moved.push_back(ids.getColumn(0).getString());
  SQLite::Statement q(
      st.db,
      "UPDATE tr_conversion SET status = ? WHERE payout_id = ? AND brand_id = ? AND status = ?");
  q.bind(1, to);
  q.bind(2, payout_id);
  q.bind(3, brand.id);
  q.bind(4, from);
  int changed = q.exec();
  for (const auto& id : moved) queue_postback(st, brand, id, to);  // only when the template uses {STATUS}
  return changed;
}

mcp::json generate_payout(store::Store& st, const Brand& brand, const std::string& partner_id,
                          const std::string& through_day, const Actor& actor) {
  store::Transaction tx(st.db);
  Partner partner = require_partner(st, brand, partner_id);
  SQLite::Statement sum(
      st.db,
      "SELECT count(*), coalesce(sum(payout_minor), 0) FROM tr_conversion WHERE partner_id = ? "
      "AND brand_id = ? AND status = 'approved' AND payout_id IS NULL AND day <= ?");
  sum.bind(1, partner.id);
  sum.bind(2, brand.id);
  sum.bind(3, through_day);
  sum.executeStep();
  std::int64_t count = sum.getColumn(0).getInt64();
  std::int64_t amount = sum.getColumn(1).getInt64();
  if (count == 0)
    throw mcp::ToolError("Nothing to pay: partner " + partner.id +
                         " has no approved, unpaid conversions through " + through_day + ".");
  std::string id = st.ids.next("pay");
  SQLite::Statement insert(
      st.db,
      "INSERT INTO tr_payout (id, brand_id, partner_id, amount_minor, through_day, created_at) "
      "VALUES (?,?,?,?,?,?)");
  insert.bind(1, id);
  insert.bind(2, brand.id);
  insert.bind(3, partner.id);
  insert.bind(4, amount);
  insert.bind(5, through_day);
  insert.bind(6, st.clock.now_iso());
  insert.exec();
  SQLite::Statement link(
      st.db,
      "UPDATE tr_conversion SET payout_id = ? WHERE partner_id = ? AND brand_id = ? "
      "AND status = 'approved' AND payout_id IS NULL AND day <= ?");
  link.bind(1, id);
  link.bind(2, partner.id);
  link.bind(3, brand.id);
  link.bind(4, through_day);
  link.exec();
  Payout p = *find_payout(st, brand, id);
  mcp::json out = payout_json(st, p, brand);
  record_audit(st, brand, actor,
               {"payouts generate",
                "payout",
                id,
                nullptr,
                {{"partnerId", partner.id},
                 {"amountMinor", amount},
                 {"conversions", count},
                 {"throughDate", through_day}},
                std::nullopt});
  tx.commit();
  return out;
}

}  // namespace tally::affiliate
