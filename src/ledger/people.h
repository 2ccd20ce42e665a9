#pragma once
// Persons (friends you split with or lend to) and their per-currency Lent
// receivables, `Lent:<name>` asset accounts created on first use (seed 000).
#include <optional>
#include <string>
#include <vector>

#include "ledger/accounts.h"
#include "mcp/json_rpc.h"
#include "store/store.h"

namespace tally::ledger {

struct Person {
  std::string id;
  std::string name;
  std::string created_at;
};

struct Owed {
  std::string currency;
  std::int64_t minor = 0;  ///< Lent balance: what the person owes you (negative: you owe them)
};

std::optional<Person> find_person(store::Store& st, const std::string& id);
/// Throws `Person not found: <param> "<id>"`.
Person require_person(store::Store& st, const std::string& id, const std::string& param);
/// Throws when the name (case-insensitively) is taken.
Person create_person(store::Store& st, const std::string& name);
/// Everyone in the workspace, by name.
std::vector<Person> list_persons(store::Store& st);

/// The person's Lent account in `currency`, if one exists.
std::optional<Account> lent_account(store::Store& st, const std::string& person_id, const std::string& currency);
/// The Lent account, created when missing (domain.md §1 "Drafts → posting" step 2).
Account ensure_lent_account(store::Store& st, const Person& person, const std::string& currency);
/// Non-zero Lent balances per currency.
std::vector<Owed> owed_by(store::Store& st, const std::string& person_id);

mcp::json person_json(store::Store& st, const Person& p);
mcp::json person_output_schema();

}  // namespace tally::ledger
