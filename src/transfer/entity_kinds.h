#pragma once
// The entity kinds `tally import ENTITY FILE` takes, as a table (the contract in
// README "Getting data in and out"): each row's fields are exactly the
// parameters of the Tally tool that creates that entity, so the tool's own
// field table validates them and its handler writes them. Partners, clicks and
// conversions have no creating tool; they go through the affiliate ingest path
// (`tally affiliate partner add`, `click`, `postback`) with fields named here.
#include <functional>
#include <string>
#include <vector>

#include "mcp/tool.h"
#include "store/store.h"

namespace tally::transfer {

struct EntityRef {
  std::string field;   ///< a field that holds a Tally id, e.g. "cardId"
  std::string entity;  ///< whose source ids it may name instead, e.g. "cards"
};

/// Runs one validated row: writes it and returns the created entity's Tally id.
using EntityWriter = std::function<std::string(store::Store&, const mcp::Args&, mcp::CallContext&)>;

struct EntityKind {
  std::string name;        ///< cards, perks, …
  std::string tool = {};   ///< the creating tool, or "" for an ingest writer
  std::string id_pointer = {};  ///< where the tool's result holds the new id, e.g. "/transaction/id"
  std::vector<EntityRef> refs = {};
  bool created_at = false;  ///< the row may carry createdAt (ISO 8601)
  bool status = false;      ///< invoices: the row may carry status draft|sent|void
  mcp::json defaults = nullptr;      ///< arguments added to each row that lacks them
  mcp::json input_schema = nullptr;  ///< ingest writers only (tools bring theirs)
  EntityWriter write = nullptr;      ///< ingest writers only
};

/// Every kind, in the order the README lists them.
const std::vector<EntityKind>& entity_kinds();
/// The kind of that name, or nullptr.
const EntityKind* find_entity_kind(const std::string& name);

}  // namespace tally::transfer
