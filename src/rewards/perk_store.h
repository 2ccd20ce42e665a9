#pragma once
// Perks: recurring statement credits with deadlines (seed 001, list_perks and
// mark_perk_used). A recurring credit is one row per period, each with its own
// deadline and used status; `open` means used_at IS NULL, so open and used
// partition every perk.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"
#include "rewards/card_store.h"
#include "store/store.h"

namespace tally::rewards {

struct Perk {
  std::string id, card_id, card_name, name, frequency, deadline, currency;
  std::int64_t value_minor = 0;
  std::optional<std::string> used_at;
};

/// Months between deadlines: monthly 1, quarterly 3, semiannual 6, annual 12, once 0.
int frequency_months(const std::string& frequency);

/// Inserts `count` perks, the first due `first_deadline`, the rest one period apart.
std::vector<Perk> insert_perks(store::Store& st, const Card& card, const std::string& name,
                               std::int64_t value_minor, const std::string& frequency,
                               const std::string& first_deadline, int count);

std::optional<Perk> find_perk(store::Store& st, const std::string& id);

/// used=true sets used_at to `now` unless already set (the first claim stands);
/// used=false clears it.
void set_perk_used(store::Store& st, const std::string& id, bool used, const std::string& now);

struct PerkFilter {
  std::string scope = "open";  ///< open | used | all
  std::optional<std::string> card_id;
  std::optional<int> year;
  int limit = 100;
};

struct PerkPage {
  std::vector<Perk> rows;  ///< soonest deadline first
  bool truncated = false;
};

PerkPage list_perks(store::Store& st, const PerkFilter& filter);

/// `expired` is computed: the deadline is before `today`.
mcp::json perk_json(const Perk& perk, const std::string& today);
mcp::json perk_schema();

}  // namespace tally::rewards
