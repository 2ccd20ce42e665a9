#pragma once
// Shared pieces of the affiliate tool declarations: output-schema builders and
// the per-call brand/period helpers (annotation presets are mcp/annotations.h).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "affiliate/brand.h"
#include "affiliate/brand_time.h"
#include "mcp/schema.h"
#include "mcp/tool.h"
#include "store/money_schema.h"
#include "util/calendar.h"

namespace tally::affiliate {

namespace s = mcp::schema;
using mcp::json;

/// A property's schema: its JSON type(s) and what it means.
inline json prop(json type, const char* description) {
  return {{"type", std::move(type)}, {"description", description}};
}
/// How the affiliate tools word store::money_schema.
inline constexpr store::MoneyWording kMoneyWording{.shape_note = " ({amountMinor, amount, currency})", .required = false};
inline json array_prop(const char* description) { return {{"type", "array"}, {"description", description}}; }

/// An optional text as JSON: the string, or null (invoicing's twin is json_or_null).
inline json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

/// An output schema: root type object with these properties.
inline json output_schema(std::vector<std::pair<std::string, json>> props) {
  json properties = json::object();
  for (auto& [name, schema] : props) properties[name] = std::move(schema);
  return {{"type", "object"}, {"properties", std::move(properties)}};
}

/// The inclusive brand-local days of "the last `days` days", today included.
struct Period {
  std::string from;
  std::string to;
  std::int64_t days;
  json to_json() const { return {{"from", from}, {"to", to}, {"days", days}}; }
};
inline Period last_days(const store::Store& st, const Brand& brand, std::int64_t days) {
  std::string today = brand_today(st, brand);
  return {util::add_days(today, static_cast<int>(-(days - 1))), today, days};
}

inline s::Field days_field(const char* what) {
  return s::integer("days").min(1).max(365).def(30).describe(
      (std::string("Window in days, today included, in the brand's time zone, for ") + what).c_str());
}

}  // namespace tally::affiliate
