#pragma once
// The output JSON Schema of a money value, money_json's `{amountMinor, amount,
// currency}`, built in one place for every toolset. The shape is fixed; the
// wording is each toolset's own, kept as data, because tools/list is published
// (test/mcp/tools_list.json) and must not change under its clients.
#include <string_view>

#include <nlohmann/json.hpp>

namespace tally::store {

/// How a toolset words its money schemas.
struct MoneyWording {
  std::string_view amount_minor = {};  ///< amountMinor's description; none when empty
  std::string_view amount = {};        ///< amount's description; none when empty
  std::string_view currency = {};      ///< currency's description; none when empty
  /// Appended to every description, e.g. " {amountMinor, amount, currency}".
  std::string_view shape_note = {};
  bool required = true;  ///< lists all three fields as required
};

/// `{type: object, properties: {amountMinor, amount, currency}, …}` with `description`
/// (+ the note) when it is not empty.
nlohmann::json money_schema(const MoneyWording& wording, std::string_view description = {});
/// The same, or null.
nlohmann::json nullable_money_schema(const MoneyWording& wording,
                                     std::string_view description = {});

}  // namespace tally::store
