#pragma once
// Categories: a name and a kind (expense or income), each backed by an
// income/expense account per currency (`Expenses:<name>`, `Income:<name>`),
// created on first use. Names match case-insensitively (Unicode-folded).
#include <optional>
#include <string>
#include <vector>

#include "ledger/accounts.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Category {
  std::string id;
  std::string name;
  std::string kind;  ///< expense or income
};

/// The fallback when a draft names no category (domain.md §1).
inline constexpr const char* kUncategorized = "Uncategorized";

/// Throws when the name is taken for that kind. Creates its account in `currency`.
Category create_category(store::Store& st, const std::string& name, const std::string& kind,
                         const std::string& currency);
std::vector<Category> list_categories(store::Store& st);
/// Exact (folded) match of that kind; otherwise a ToolError naming `param` and
/// listing the categories the user may have meant.
Category resolve_category(store::Store& st, const std::string& name, const std::string& kind,
                          const std::string& param);
/// The category of that name and kind, created when missing.
Category ensure_category(store::Store& st, const std::string& name, const std::string& kind);
/// The category's account in `currency`, created (or adopted by name) when missing.
Account category_account(store::Store& st, const Category& c, const std::string& currency);

}  // namespace tally::ledger
