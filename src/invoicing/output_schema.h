#pragma once
// Small builders for the outputSchemas of the invoicing tools, so each schema
// reads like the JSON it describes.
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "mcp/json_rpc.h"
#include "store/money_schema.h"

namespace tally::invoicing::out {

using mcp::json;

inline json described(json schema, const std::string& description) {
  if (!description.empty()) schema["description"] = description;
  return schema;
}
inline json str(const std::string& d = "") { return described({{"type", "string"}}, d); }
inline json opt_str(const std::string& d = "") { return described({{"type", {"string", "null"}}}, d); }
inline json integer(const std::string& d = "") { return described({{"type", "integer"}}, d); }
inline json boolean(const std::string& d = "") { return described({{"type", "boolean"}}, d); }
inline json array(json items, const std::string& d = "") {
  return described({{"type", "array"}, {"items", std::move(items)}}, d);
}
inline json object(std::initializer_list<std::pair<const std::string, json>> properties,
                   std::vector<std::string> required = {}, const std::string& d = "") {
  json props = json::object();
  for (const auto& [name, schema] : properties) props[name] = schema;
  json schema{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) schema["required"] = required;
  return described(std::move(schema), d);
}
/// How the invoicing tools word store::money_schema.
inline constexpr store::MoneyWording kMoney{.amount_minor = "integer count of minor units (cents)",
                                            .amount = "exact decimal text, e.g. \"33.34\"",
                                            .currency = "ISO 4217 code"};

}  // namespace tally::invoicing::out
