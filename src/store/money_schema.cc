#include "store/money_schema.h"

#include <string>

namespace tally::store {

namespace {
nlohmann::json field(const char* type, std::string_view description) {
  nlohmann::json f{{"type", type}};
  if (!description.empty()) f["description"] = std::string(description);
  return f;
}
}  // namespace

nlohmann::json money_schema(const MoneyWording& wording, std::string_view description) {
  nlohmann::json schema{{"type", "object"},
                        {"properties",
                         {{"amountMinor", field("integer", wording.amount_minor)},
                          {"amount", field("string", wording.amount)},
                          {"currency", field("string", wording.currency)}}}};
  if (!description.empty())
    schema["description"] = std::string(description) + std::string(wording.shape_note);
  if (wording.required) schema["required"] = {"amountMinor", "amount", "currency"};
  return schema;
}

nlohmann::json nullable_money_schema(const MoneyWording& wording, std::string_view description) {
  nlohmann::json schema = money_schema(wording, description);
  schema["type"] = {"object", "null"};
  return schema;
}

}  // namespace tally::store
