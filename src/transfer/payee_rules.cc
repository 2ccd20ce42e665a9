#include "transfer/payee_rules.h"

#include <stdexcept>

#include "util/fold.h"

namespace tally::transfer {

PayeeRule parse_rule(const std::string& flag) {
  auto eq = flag.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == flag.size())
    throw std::runtime_error("--rule \"" + flag + "\": write TEXT=Category, e.g. \"whole foods=Groceries\"");
  return {util::fold_name(flag.substr(0, eq)), flag.substr(eq + 1)};
}

std::optional<std::string> categorize(const std::vector<PayeeRule>& rules, const std::string& payee) {
  if (rules.empty()) return std::nullopt;
  std::string folded = util::fold_name(payee);
  for (const auto& r : rules)
    if (folded.find(r.match) != std::string::npos) return r.category;
  return std::nullopt;
}

}  // namespace tally::transfer
