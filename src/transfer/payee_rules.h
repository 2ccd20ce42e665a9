#pragma once
// Categories by simple payee rules: the first rule whose text occurs in the
// payee (case-insensitively, Unicode-folded) names the category. No regular
// expressions: bank payees are noisy and substrings are what users write.
#include <optional>
#include <string>
#include <vector>

namespace tally::transfer {

struct PayeeRule {
  std::string match;     ///< folded substring
  std::string category;  ///< category name, created when missing
};

/// "TEXT=Category" (the --rule flag); throws std::runtime_error when malformed.
PayeeRule parse_rule(const std::string& flag);

/// The category of the first matching rule, or nullopt.
std::optional<std::string> categorize(const std::vector<PayeeRule>& rules, const std::string& payee);

}  // namespace tally::transfer
