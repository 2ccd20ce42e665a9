// get_conversions, list_pending_conversions, approve_conversion,
// reject_conversion and mark_payout_paid.
#include <SQLiteCpp/Statement.h>
#include "app/call_store.h"
#include "ledger/dry_run.h"
#include "store/transaction.h"

#include "affiliate/audit.h"
#include "affiliate/conversions.h"
#include "affiliate/offers.h"
#include "affiliate/outbox.h"
#include "affiliate/partners.h"
#include "affiliate/payout_ledger.h"
#include "affiliate/payouts.h"
#include "affiliate/tool_support.h"
#include "affiliate/tools.h"
#include "store/money.h"

namespace tally::affiliate {

namespace {

const json kListSchema = output_schema(
    {{"currency", prop("string", "The brand's currency")},
     {"count", prop("integer", "Conversions in this page")},
     {"conversions", array_prop("Newest first: conversionId, offerId, partnerId, clickId, txnId, eventType, sale, payout, status, rejectReason, fraudScore, fraudFlagged, fraudReasons, overCap, couponCode, payoutId, day, createdAt, and postbacks: each outbound postback to the advertiser (outboxId, status it reported, state queued/delivered/failed, attempts, lastHttpStatus, lastError, createdAt, deliveredAt)")},
     {"truncated", prop("boolean", "True when more conversions match than this page holds")},
     {"nextCursor", prop("string", "Pass back as cursor for the next page (only when truncated)")}});

/// The shared filters; an offer or partner of another brand is "not found", as everywhere.
ConversionQuery base_query(store::Store& st, const Brand& brand, const mcp::Args& a) {
  ConversionQuery q;
  q.offer_id = a.opt_str("offerId");
  q.partner_id = a.opt_str("partnerId");
  if (q.offer_id) require_offer(st, brand, *q.offer_id);
  if (q.partner_id) require_partner(st, brand, *q.partner_id);
  q.limit = static_cast<int>(a.integer("limit"));
  q.cursor = a.opt_str("cursor");
  return q;
}

mcp::ToolSpec get_conversions() {
  return {.name = "get_conversions",
          .title = "Conversions",
          .description = "Recent conversions, newest first; filter by status (and offer or partner). Pages with "
                         "cursor: pass back nextCursor.",
          .input_schema = s::object_schema(
              {s::enumeration("status", {"pending", "pending_review", "approved", "rejected", "paid"}).describe("Only this status"),
               s::string("offerId").describe("Only this offer (off_…)"),
               s::string("partnerId").describe("Only this partner (ptn_…)"),
               s::integer("limit").min(1).max(500).def(50).describe("Conversions per page"),
               s::string("cursor").describe("nextCursor of the previous page")}),
          .output_schema = kListSchema,
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            ConversionQuery q = base_query(st, brand, a);
            if (auto status = a.opt_str("status")) q.statuses = {*status};
            return mcp::ToolResult::of(list_conversions(st, brand, q));
          }};
}

mcp::ToolSpec list_pending_conversions() {
  return {.name = "list_pending_conversions",
          .title = "Pending conversions",
          .description = "Queue of pending / pending_review conversions awaiting approval, newest first. "
                         "pending_review ones were flagged by the fraud score or went over a soft cap.",
          .input_schema = s::object_schema({s::string("offerId").describe("Only this offer (off_…)"),
                                            s::string("partnerId").describe("Only this partner (ptn_…)"),
                                            s::integer("limit").min(1).max(500).def(50).describe("Conversions per page"),
                                            s::string("cursor").describe("nextCursor of the previous page")}),
          .output_schema = kListSchema,
          .annotations = mcp::kRead,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            ConversionQuery q = base_query(st, brand, a);
            q.statuses = {"pending", "pending_review"};
            return mcp::ToolResult::of(list_conversions(st, brand, q));
          }};
}

const json kStatusChangeSchema = output_schema(
    {{"conversion", prop("object", "The conversion after the call")},
     {"changed", prop("boolean", "False when it already had this status")}});

void set_status(store::Store& st, const Brand& brand, const std::string& id, const std::string& status,
                const std::optional<std::string>& reject_reason, bool clear_flag) {
  SQLite::Statement q(st.db, std::string("UPDATE tr_conversion SET status = ?, reject_reason = ?") +
                                 (clear_flag ? ", fraud_flagged = 0, fraud_reasons = '[]'" : "") +
                                 " WHERE id = ? AND brand_id = ?");
  q.bind(1, status);
  if (reject_reason) q.bind(2, *reject_reason); else q.bind(2);
  q.bind(3, id);
  q.bind(4, brand.id);
  q.exec();
  queue_postback(st, brand, id, status);  // only when the offer's template uses {STATUS}
}

json signal_json(const Conversion& c) {
  return {{"status", c.status}, {"fraudFlagged", c.fraud_flagged}, {"fraudReasons", c.fraud_reasons},
          {"fraudScore", c.fraud_score ? json(*c.fraud_score) : json(nullptr)}};
}

mcp::ToolSpec approve_conversion() {
  return {.name = "approve_conversion",
          .title = "Approve conversion",
          .description =
              "Manually approve a pending or pending_review conversion (also clears its fraud signal: the flag and "
              "its reasons; the score stays). With fraudScoreBelow, approves only when the score is under it. "
              "Approving an approved conversion changes nothing.",
          .input_schema = s::object_schema(
              {s::string("conversionId").required().describe("cnv_…"),
               s::integer("fraudScoreBelow").min(1).max(101).describe(
                   "Approve only if the fraud score is under this (an unscored conversion counts as 0)")}),
          .output_schema = kStatusChangeSchema,
          .annotations = mcp::kIdempotent,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            Conversion c = require_conversion(st, brand, a.str("conversionId"));
            if (c.status == "approved")
              return mcp::ToolResult::of({{"conversion", conversion_json(c, brand)}, {"changed", false}});
            if (c.status != "pending" && c.status != "pending_review")
              throw mcp::ToolError("Conversion is " + c.status + "; only pending or pending_review conversions can be approved.");
            if (auto below = a.opt_int("fraudScoreBelow"); below && c.fraud_score.value_or(0) >= *below)
              throw mcp::ToolError("Not approved: conversion " + c.id + " has fraud score " +
                                   std::to_string(c.fraud_score.value_or(0)) + ", not under " + std::to_string(*below) +
                                   ". It stays " + c.status + ".");
            set_status(st, brand, c.id, "approved", std::nullopt, true);
            Conversion now = require_conversion(st, brand, c.id);
            record_audit(st, brand, mcp_actor(brand, ctx),
                         {"approve_conversion", "conversion", c.id, signal_json(c), signal_json(now), std::nullopt});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of({{"conversion", conversion_json(now, brand)}, {"changed", true}});
          }};
}

mcp::ToolSpec reject_conversion() {
  return {.name = "reject_conversion",
          .title = "Reject conversion",
          .description =
              "Manually reject a conversion (optional reason, kept in the audit trail). A conversion that is paid or "
              "linked to a payout cannot be rejected. Rejecting a rejected conversion changes nothing.",
          .input_schema = s::object_schema({s::string("conversionId").required().describe("cnv_…"),
                                            s::string("reason").max_length(500).describe("Why (goes to the audit log)")}),
          .output_schema = kStatusChangeSchema,
          .annotations = mcp::kUpdate,
          .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
            Brand brand = resolve_brand(st);
            store::Transaction tx(st.db);
            Conversion c = require_conversion(st, brand, a.str("conversionId"));
            if (c.status == "rejected")
              return mcp::ToolResult::of({{"conversion", conversion_json(c, brand)}, {"changed", false}});
            if (c.status == "paid") throw mcp::ToolError("Conversion is paid; a paid conversion cannot be rejected.");
            if (c.payout_id)
              throw mcp::ToolError("Conversion is linked to payout " + *c.payout_id + "; it cannot be rejected.");
            auto reason = a.opt_str("reason");
            set_status(st, brand, c.id, "rejected", std::string("manual"), false);
            Conversion now = require_conversion(st, brand, c.id);
            record_audit(st, brand, mcp_actor(brand, ctx),
                         {"reject_conversion", "conversion", c.id, {{"status", c.status}}, {{"status", "rejected"}}, reason});
            ctx.check_cancelled();
            tx.commit();
            return mcp::ToolResult::of({{"conversion", conversion_json(now, brand)}, {"changed", true}});
          }};
}

mcp::ToolSpec mark_payout_paid() {
  return ledger::with_dry_run({
      .name = "mark_payout_paid",
      .title = "Mark payout paid",
      .description =
          "Flip a payout to paid (with method, optional reference/notes); cascades the covered approved "
          "conversions to paid in the same transaction, so partner statements match money out. A repeat changes "
          "nothing. With fromAccountId (or the brand's default payout account, `tally affiliate brand set "
          "--payout-account`), the payment is posted to the ledger in the same transaction: Expenses:Affiliate "
          "commissions against that account (its currency must be the brand's). Without one, the payout is "
          "recorded only. unpay_payout undoes it.",
      .input_schema = s::object_schema(
          {s::string("payoutId").required().describe("pay_… (from `tally affiliate payouts generate`)"),
           s::string("method").required().min_length(1).max_length(40).describe("How it was paid: paypal, wire, ach, …"),
           s::string("reference").max_length(120).describe("The payment's reference, e.g. a transfer id"),
           s::string("notes").max_length(500).describe("Free notes"),
           s::string("fromAccountId").describe("acc_…: the ledger account the money left (bank, cash, card); "
                                               "default the brand's payout account")}),
      .output_schema = output_schema(
          {{"payoutId", prop("string", "pay_…")},
           {"partnerId", prop("string", "ptn_…")},
           {"amount", store::money_schema(kMoneyWording, "The payout: the sum of its conversions' payouts")},
           {"status", prop("string", "paid")},
           {"method", prop(json::array({"string", "null"}), "Payment method")},
           {"reference", prop(json::array({"string", "null"}), "Payment reference")},
           {"notes", prop(json::array({"string", "null"}), "Notes")},
           {"paidAt", prop(json::array({"string", "null"}), "When it was marked paid (UTC)")},
           {"ledgerTransactionId", prop(json::array({"string", "null"}), "The ledger transaction that paid it, when posted")},
           {"conversions", prop("integer", "Conversions the payout covers")},
           {"conversionsByStatus", prop("object", "Covered conversions per status")},
           {"conversionsPaidNow", prop("integer", "Conversions this call turned to paid")},
           {"changed", prop("boolean", "False when the payout was already paid")}}),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        store::Transaction tx(st.db);
        auto payout = find_payout(st, brand, a.str("payoutId"));
        if (!payout) throw mcp::ToolError("Payout not found.");
        if (payout->status == "paid") {
          json out = payout_json(st, *payout, brand);
          out["conversionsPaidNow"] = 0;
          out["changed"] = false;
          return mcp::ToolResult::of(out);
        }
        std::string now = st.clock.now_iso();
        std::optional<std::string> account = a.opt_str("fromAccountId");
        if (!account && !brand.payout_account_id.empty()) account = brand.payout_account_id;
        std::optional<std::string> txn;
        if (account && payout->amount_minor > 0) txn = post_payout(st, brand, *payout, *account);
        SQLite::Statement pay(st.db,
                              "UPDATE tr_payout SET status = 'paid', method = ?, reference = ?, notes = ?, paid_at = ?, "
                              "ledger_txn_id = ? WHERE id = ? AND brand_id = ?");
        pay.bind(1, a.str("method"));
        if (auto r = a.opt_str("reference")) pay.bind(2, *r); else pay.bind(2);
        if (auto n = a.opt_str("notes")) pay.bind(3, *n); else pay.bind(3);
        pay.bind(4, now);
        if (txn) pay.bind(5, *txn); else pay.bind(5);
        pay.bind(6, payout->id);
        pay.bind(7, brand.id);
        pay.exec();
        int paid_now = move_payout_conversions(st, brand, payout->id, "approved", "paid");
        Payout after = *find_payout(st, brand, payout->id);
        json out = payout_json(st, after, brand);
        record_audit(st, brand, mcp_actor(brand, ctx),
                     {"mark_payout_paid", "payout", payout->id, {{"status", "pending"}},
                      {{"status", "paid"}, {"method", after.method ? json(*after.method) : json(nullptr)},
                       {"reference", after.reference ? json(*after.reference) : json(nullptr)},
                       {"amountMinor", after.amount_minor}, {"conversionsPaid", paid_now},
                       {"ledgerTransactionId", txn ? json(*txn) : json(nullptr)}},
                      after.notes});
        out["conversionsPaidNow"] = paid_now;
        out["changed"] = true;
        ctx.check_cancelled();
        tx.commit();
        return mcp::ToolResult::of(out);
      }});
}

mcp::ToolSpec unpay_payout() {
  return {
      .name = "unpay_payout",
      .title = "Undo a payout's payment",
      .description =
          "Undo mark_payout_paid: the payout goes back to pending and its conversions back to approved, and if "
          "the payment was posted to the ledger its reversal is posted (the original stays, as every ledger "
          "correction does). Use it when a payment bounced or was recorded by mistake.",
      .input_schema = s::object_schema(
          {s::string("payoutId").required().describe("pay_…"),
           s::string("reason").max_length(200).describe("Why, kept in the reversal's description and the audit log")}),
      .output_schema = output_schema(
          {{"payoutId", prop("string", "pay_…")},
           {"partnerId", prop("string", "ptn_…")},
           {"amount", store::money_schema(kMoneyWording, "The payout")},
           {"status", prop("string", "pending")},
           {"reversalTransactionId", prop(json::array({"string", "null"}), "The ledger reversal, when the payment was posted")},
           {"conversionsUnpaid", prop("integer", "Conversions turned back to approved")}}),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store& st = app::store_of(ctx);
        Brand brand = resolve_brand(st);
        store::Transaction tx(st.db);
        auto payout = find_payout(st, brand, a.str("payoutId"));
        if (!payout) throw mcp::ToolError("Payout not found.");
        if (payout->status != "paid") throw mcp::ToolError("Payout " + payout->id + " is not paid; nothing to undo.");
        const std::string reason = a.opt_str("reason").value_or("");
        std::optional<std::string> reversal;
        if (payout->ledger_txn_id) reversal = reverse_payout(st, *payout, reason);
        SQLite::Statement unpay(st.db,
                                "UPDATE tr_payout SET status = 'pending', method = NULL, reference = NULL, paid_at = NULL, "
                                "ledger_txn_id = NULL WHERE id = ? AND brand_id = ?");
        unpay.bind(1, payout->id);
        unpay.bind(2, brand.id);
        unpay.exec();
        int unpaid = move_payout_conversions(st, brand, payout->id, "paid", "approved");
        record_audit(st, brand, mcp_actor(brand, ctx),
                     {"unpay_payout", "payout", payout->id,
                      {{"status", "paid"}, {"ledgerTransactionId", payout->ledger_txn_id ? json(*payout->ledger_txn_id) : json(nullptr)}},
                      {{"status", "pending"}, {"reversalTransactionId", reversal ? json(*reversal) : json(nullptr)},
                       {"conversionsUnpaid", unpaid}},
                      reason.empty() ? std::nullopt : std::optional<std::string>(reason)});
        json out{{"payoutId", payout->id},
                 {"partnerId", payout->partner_id},
                 {"amount", store::money_json(payout->amount_minor, brand.currency)},
                 {"status", "pending"},
                 {"reversalTransactionId", reversal ? json(*reversal) : json(nullptr)},
                 {"conversionsUnpaid", unpaid}};
        ctx.check_cancelled();
        tx.commit();
        return mcp::ToolResult::of(out);
      }};
}

}  // namespace

std::vector<mcp::ToolSpec> conversion_read_tools() {
  return {get_conversions(), list_pending_conversions()};
}

std::vector<mcp::ToolSpec> conversion_write_tools() {
  return {approve_conversion(), reject_conversion(), mark_payout_paid(), unpay_payout()};
}

}  // namespace tally::affiliate
