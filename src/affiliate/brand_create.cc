#include "affiliate/brand_create.h"

#include <SQLiteCpp/Statement.h>

#include "affiliate/brand_time.h"
#include "affiliate/payout_ledger.h"
#include "affiliate/text.h"
#include "mcp/tool.h"
#include "store/transaction.h"
#include "util/text.h"

namespace tally::affiliate {

mcp::json brand_json(const Brand& b) {
  return {{"brandId", b.id},
          {"slug", b.slug},
          {"name", b.name},
          {"currency", std::string(b.currency.code)},
          {"timezone", b.timezone},
          {"postbackBaseUrl", b.postback_base_url},
          {"clickBaseUrl", click_base(b)},
          {"payoutAccountId", b.payout_account_id.empty() ? mcp::json(nullptr) : mcp::json(b.payout_account_id)},
          {"fraud", {{"mode", b.fraud_mode}, {"threshold", b.fraud_threshold}, {"botdEnabled", b.botd_enabled}}}};
}

Brand create_brand(store::Store& st, const NewBrand& spec, const Actor& actor) {
  if (!is_slug(spec.slug)) throw mcp::ToolError("slug: use 1-40 of a-z, 0-9 and - (got \"" + spec.slug + "\")");
  auto currency = store::find_currency(spec.currency);
  if (!currency) throw mcp::ToolError("--currency: " + spec.currency + " is not an ISO 4217 code such as USD");
  if (!is_time_zone(spec.timezone))
    throw mcp::ToolError("--timezone: " + spec.timezone + " is not an IANA time zone such as Europe/Berlin");
  if (!is_http_url(spec.postback_base)) throw mcp::ToolError("--postback-base: must be an absolute http(s) URL");
  store::Transaction tx(st.db);
  if (find_brand(st, spec.slug))
    throw mcp::ToolError("Brand \"" + spec.slug + "\" already exists in workspace \"" + st.workspace + "\".");
  SQLite::Statement q(st.db,
                      "INSERT INTO tr_brand (id, ws, slug, name, currency, timezone, postback_base_url, created_at) "
                      "VALUES (?,?,?,?,?,?,?,?)");
  q.bind(1, st.ids.next("brd"));
  q.bind(2, st.workspace_id);
  q.bind(3, spec.slug);
  if (auto problem = util::name_problem(spec.name); !spec.name.empty() && !problem.empty()) throw mcp::ToolError("name: " + problem);
  q.bind(4, spec.name.empty() ? spec.slug : spec.name);
  q.bind(5, std::string(currency->code));
  q.bind(6, spec.timezone);
  q.bind(7, spec.postback_base);
  q.bind(8, st.clock.now_iso());
  q.exec();
  Brand b = *find_brand(st, spec.slug);
  record_audit(st, b, actor, {"brand create", "brand", b.id, nullptr, brand_json(b), std::nullopt});
  tx.commit();
  return b;
}

Brand set_brand(store::Store& st, const Brand& brand, const BrandSettings& settings, const Actor& actor) {
  store::Transaction tx(st.db);
  if (settings.click_base) {
    const std::string& url = *settings.click_base;
    if (!url.empty() && (!is_http_url(url) || url.find('?') != std::string::npos || url.find('#') != std::string::npos))
      throw mcp::ToolError("--click-base: must be an absolute http(s) URL without a query, such as https://go.example.com");
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    SQLite::Statement q(st.db, "UPDATE tr_brand SET click_base_url = ? WHERE id = ?");
    if (base.empty()) q.bind(1); else q.bind(1, base);
    q.bind(2, brand.id);
    q.exec();
  }
  if (settings.payout_account) {
    if (!settings.payout_account->empty()) require_paying_account(st, brand, *settings.payout_account);
    SQLite::Statement q(st.db, "UPDATE tr_brand SET payout_account_id = ? WHERE id = ?");
    if (settings.payout_account->empty()) q.bind(1); else q.bind(1, *settings.payout_account);
    q.bind(2, brand.id);
    q.exec();
  }
  Brand after = *find_brand(st, brand.slug);
  record_audit(st, after, actor, {"brand set", "brand", after.id, brand_json(brand), brand_json(after), std::nullopt});
  tx.commit();
  return after;
}

}  // namespace tally::affiliate
