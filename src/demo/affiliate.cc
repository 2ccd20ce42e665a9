// The affiliate part of the demo: brand "acme" selling running shoes through
// four partners, with clicks and signed sales over the last two weeks, a
// coupon, a partner whose sales look like fraud, approved sales and a payout.
// Ingest goes through the same functions as `tally affiliate click|postback`.
#include "affiliate/audit.h"
#include "affiliate/brand_create.h"
#include "affiliate/partners.h"
#include "affiliate/payouts.h"
#include "affiliate/postback.h"
#include "demo/demo_calls.h"

namespace tally::demo {

void add_affiliate(DemoCalls& call) {
  using mcp::json;
  using namespace affiliate;
  store::Store& st = call.store();
  Brand brand = create_brand(st, {.slug = "acme", .name = "Acme Running"}, cli_actor());
  const std::string blog = add_partner(st, brand, "Sneaker Blog", "hello@sneaker.blog", "active").id;
  const std::string deals = add_partner(st, brand, "Deal Hunters", std::nullopt, "active").id;
  const std::string cave = add_partner(st, brand, "Coupon Cave", std::nullopt, "active").id;
  add_partner(st, brand, "Run Club", "team@runclub.test", "pending");

  const std::string offer = call("create_offer", {{"name", "Running Shoes"},
                                                  {"destinationUrl", "https://acme.test/running"},
                                                  {"payoutType", "percent"},
                                                  {"payout", "20"},
                                                  {"geoTargeting", {"US", "CA"}},
                                                  {"deviceTargeting", {"desktop", "mobile"}}})["offerId"]
                                .get<std::string>();
  const std::string secret =
      call("rotate_offer_postback_secret", {{"offerId", offer}})["postbackSecret"].get<std::string>();
  call("set_cap", {{"offerId", offer}, {"daily", 25}});
  call("create_coupon", {{"partnerId", deals}, {"code", "DEAL10"}, {"maxUses", 100}});

  // A postback as the advertiser's server would send it, with the shared secret.
  auto postback = [&](const std::string& query, std::int64_t at_ms) {
    std::string url = brand.postback_base_url + "/acme/" + offer + "?" + query + "&secret=" + secret;
    return accept_postback(st, {url, std::nullopt, at_ms})["conversion"];
  };
  auto sale = [&](const std::string& partner, int days_ago, const char* amount, const char* txn,
                  int click_gap_s = 3600, std::optional<std::string> ip = std::nullopt) {
    std::int64_t at = call.ms_ago(days_ago, 2);
    json click = record_click(st, brand, click_request(offer, partner, std::nullopt, ip, at - click_gap_s * 1000LL));
    return postback("click_id=" + click["clickId"].get<std::string>() + "&txn_id=" + txn + "&amount=" + amount +
                        "&event=sale",
                    at);
  };

  for (int i = 0; i < 30; ++i) record_click(st, brand, click_request(offer, blog, std::nullopt, std::nullopt, call.ms_ago(13, i % 12)));
  for (int i = 0; i < 16; ++i) record_click(st, brand, click_request(offer, deals, std::nullopt, std::nullopt, call.ms_ago(6, i % 12)));

  json early[] = {sale(blog, 13, "120.00", "A-1001"), sale(blog, 11, "89.90", "A-1002"), sale(blog, 9, "240.00", "A-1003")};
  sale(blog, 7, "64.50", "A-1004");
  sale(blog, 5, "150.00", "A-1005");
  sale(blog, 3, "99.00", "A-1006");
  sale(deals, 6, "45.00", "A-1007");
  sale(deals, 4, "310.00", "A-1008");
  sale(deals, 2, "75.00", "A-1009");
  postback("txn_id=A-1010&amount=52.00&event=sale&coupon_code=deal10", call.ms_ago(1, 3));
  // Coupon Cave: sales seconds after their clicks, all from one address: high fraud scores.
  const char* const kCaveSales[] = {"38.00", "41.00", "36.50", "44.00"};
  for (int i = 0; i < 4; ++i)
    sale(cave, 1, kCaveSales[i], ("A-102" + std::to_string(i)).c_str(), 4, "203.0.113.77");

  for (const json& c : early) call("approve_conversion", {{"conversionId", c["conversionId"]}});
  generate_payout(st, brand, blog, call.day(-8), cli_actor());
}

}  // namespace tally::demo
