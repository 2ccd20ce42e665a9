#include "transfer/entity_kinds.h"

#include "affiliate/audit.h"
#include "affiliate/brand.h"
#include "affiliate/offers.h"
#include "affiliate/partners.h"
#include "affiliate/postback.h"
#include "affiliate/text.h"
#include "mcp/schema.h"
#include "store/clock.h"
#include "store/transaction.h"

namespace tally::transfer {

namespace {

namespace s = mcp::schema;

std::string write_partner(store::Store& st, const mcp::Args& a, mcp::CallContext&) {
  store::Transaction tx(st.db);
  affiliate::Brand brand = affiliate::resolve_brand(st);
  auto p = affiliate::add_partner(st, brand, a.str("name"), a.opt_str("email"), a.str("status"));
  affiliate::record_audit(st, brand, affiliate::cli_actor(),
                          {"import partners", "partner", p.id, nullptr, affiliate::partner_json(p), std::nullopt});
  tx.commit();
  return p.id;
}

std::string write_click(store::Store& st, const mcp::Args& a, mcp::CallContext&) {
  affiliate::Brand brand = affiliate::resolve_brand(st);
  affiliate::ClickRequest request;
  request.offer_id = a.str("offerId");
  request.partner_id = a.str("partnerId");
  request.click_id = a.opt_str("clickId");
  request.ip = a.opt_str("ip");
  request.at_ms = st.clock.now_ms();
  return affiliate::record_click(st, brand, request)["clickId"].get<std::string>();
}

/// A conversion goes through the postback verifier like any other: the import
/// is the advertiser's trusted local copy, so it authenticates with the offer's
/// own secret (never printed), and caps, coupons and fraud scoring all apply.
std::string write_conversion(store::Store& st, const mcp::Args& a, mcp::CallContext&) {
  affiliate::Brand brand = affiliate::resolve_brand(st);
  std::string offer_id = a.str("offerId");
  auto secret = affiliate::offer_secret(st, offer_id);
  std::string query;
  auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value) query += std::string(query.empty() ? "" : "&") + name + "=" + affiliate::percent_encode(*value);
  };
  add("click_id", a.opt_str("clickId"));
  add("txn_id", a.opt_str("txnId"));
  add("amount", a.opt_decimal_text("amount"));
  add("event", a.opt_str("event"));
  add("coupon_code", a.opt_str("couponCode"));
  add("secret", secret);
  affiliate::PostbackRequest request{"import/" + brand.slug + "/" + affiliate::percent_encode(offer_id) + "?" + query,
                                     a.opt_str("ip"), st.clock.now_ms()};
  auto out = affiliate::accept_postback(st, request);
  if (out.value("duplicate", false))
    throw mcp::ToolError("txnId: the offer already has a conversion with this txn_id (" +
                         out["conversion"]["conversionId"].get<std::string>() + ")");
  return out["conversion"]["conversionId"].get<std::string>();
}

}  // namespace

const std::vector<EntityKind>& entity_kinds() {
  static const std::vector<EntityKind> kinds = [] {
    std::vector<EntityKind> k;
    k.push_back({.name = "cards", .tool = "rewards_add_card", .id_pointer = "/id"});
    k.push_back({.name = "perks", .tool = "rewards_add_perk", .id_pointer = "/perks/0/id", .refs = {{"cardId", "cards"}}});
    k.push_back({.name = "offers", .tool = "rewards_add_offer", .id_pointer = "/id", .refs = {{"cardId", "cards"}}});
    k.push_back({.name = "reward-transactions", .tool = "log_transaction", .id_pointer = "/transaction/id",
                 .refs = {{"cardId", "cards"}}, .created_at = true});
    k.push_back({.name = "customers", .tool = "invoicing_create_customer", .id_pointer = "/id"});
    k.push_back({.name = "invoices", .tool = "invoicing_create_invoice", .id_pointer = "/id",
                 .refs = {{"customerId", "customers"}}, .status = true});
    k.push_back({.name = "payments", .tool = "invoicing_record_payment", .id_pointer = "/payment/id",
                 .refs = {{"invoiceId", "invoices"}}});
    // A file's categories are the books it came from: create them.
    k.push_back({.name = "expenses", .tool = "invoicing_record_expense", .id_pointer = "/id",
                 .defaults = {{"createCategory", true}}});
    // Exchange rates (issue 20): date, base, quote, rate; the whole file or nothing.
    k.push_back({.name = "prices", .tool = "ledger_set_price", .id_pointer = "/price/key"});
    k.push_back({.name = "partners",
                 .input_schema = s::object_schema({s::string("name").required().min_length(1).max_length(120),
                                                   s::string("email").max_length(200),
                                                   s::enumeration("status", {"active", "pending"}).def("active")}),
                 .write = write_partner});
    k.push_back({.name = "clicks", .refs = {{"partnerId", "partners"}}, .created_at = true,
                 .input_schema = s::object_schema({s::string("offerId").required(), s::string("partnerId").required(),
                                                   s::string("clickId").min_length(1).max_length(100),
                                                   s::string("ip").max_length(64)}),
                 .write = write_click});
    k.push_back({.name = "conversions", .refs = {{"clickId", "clicks"}}, .created_at = true,
                 .input_schema = s::object_schema({s::string("offerId").required(), s::string("clickId"),
                                                   s::string("txnId").max_length(200), s::decimal("amount"),
                                                   s::string("event").max_length(40), s::string("couponCode").max_length(100),
                                                   s::string("ip").max_length(64)}),
                 .write = write_conversion});
    return k;
  }();
  return kinds;
}

const EntityKind* find_entity_kind(const std::string& name) {
  for (const auto& k : entity_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace tally::transfer
