#include "affiliate/brand.h"

#include <SQLiteCpp/Statement.h>

#include "affiliate/brand_time.h"
#include "mcp/tool.h"

namespace tally::affiliate {

namespace {
constexpr const char* kBrandColumns =
    "id, slug, name, currency, timezone, postback_base_url, fraud_mode, fraud_threshold, botd_enabled, "
    "coalesce(click_base_url, ''), coalesce(payout_account_id, '')";

Brand read_brand(SQLite::Statement& q) {
  Brand b;
  b.id = q.getColumn(0).getString();
  b.slug = q.getColumn(1).getString();
  b.name = q.getColumn(2).getString();
  b.currency = *store::find_currency(q.getColumn(3).getString());
  b.timezone = q.getColumn(4).getString();
  b.postback_base_url = q.getColumn(5).getString();
  b.fraud_mode = q.getColumn(6).getString();
  b.fraud_threshold = q.getColumn(7).getInt();
  b.botd_enabled = q.getColumn(8).getInt() != 0;
  b.click_base_url = q.getColumn(9).getString();
  b.payout_account_id = q.getColumn(10).getString();
  return b;
}

std::string joined(const std::vector<std::string>& slugs) {
  std::string out;
  for (const auto& s : slugs) out += (out.empty() ? "" : ", ") + s;
  return out;
}
}  // namespace

std::string click_base(const Brand& brand) {
  if (!brand.click_base_url.empty()) return brand.click_base_url;
  const std::string& base = brand.postback_base_url;
  auto scheme = base.find("://");
  if (scheme == std::string::npos) return base;
  auto path = base.find('/', scheme + 3);
  return path == std::string::npos ? base : base.substr(0, path);
}

std::optional<Brand> find_brand(store::Store& st, const std::string& slug) {
  SQLite::Statement q(st.db, std::string("SELECT ") + kBrandColumns + " FROM tr_brand WHERE ws = ? AND slug = ?");
  q.bind(1, st.workspace_id);
  q.bind(2, slug);
  if (!q.executeStep()) return std::nullopt;
  return read_brand(q);
}

std::vector<std::string> brand_slugs(store::Store& st) {
  SQLite::Statement q(st.db, "SELECT slug FROM tr_brand WHERE ws = ? ORDER BY slug");
  q.bind(1, st.workspace_id);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

Brand resolve_brand(store::Store& st) {
  if (!st.brand.empty()) {
    if (auto b = find_brand(st, st.brand)) return *b;
    auto slugs = brand_slugs(st);
    throw mcp::ToolError("Brand \"" + st.brand + "\" not found in workspace \"" + st.workspace + "\"" +
                         (slugs.empty() ? "." : "; its brands: " + joined(slugs) + "."));
  }
  SQLite::Statement q(st.db, std::string("SELECT ") + kBrandColumns +
                                 " FROM tr_brand WHERE ws = ? ORDER BY slug LIMIT 2");
  q.bind(1, st.workspace_id);
  if (!q.executeStep())
    throw mcp::ToolError("No brand in workspace \"" + st.workspace +
                         "\" yet. Create one with `tally affiliate brand create SLUG --name NAME`.");
  Brand first = read_brand(q);
  if (q.executeStep())
    throw mcp::ToolError("This workspace has several brands: " + joined(brand_slugs(st)) +
                         ". Start tally with --brand SLUG to choose one.");
  return first;
}

std::string brand_today(const store::Store& st, const Brand& brand) {
  return local_day(brand.timezone, st.clock.now_ms());
}

}  // namespace tally::affiliate
