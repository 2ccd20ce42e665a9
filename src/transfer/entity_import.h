#pragma once
// `tally import ENTITY FILE`: rows of an entity file written through the tool
// that creates that entity (its field table validates, its handler writes),
// all inside one transaction: the file imports whole or not at all.
#include <cstddef>
#include <string>

#include "app/toolset.h"
#include "store/store.h"
#include "transfer/entity_kinds.h"

namespace tally::transfer {

struct EntityReport {
  std::size_t rows = 0;
  std::size_t imported = 0;
  std::size_t already_imported = 0;  ///< rows whose `id` an earlier import already brought in
};

/// Imports `file` as `kind` with the tools of `toolsets`, bound to a copy of
/// `st` whose clock the importer sets per row for createdAt. Throws
/// std::runtime_error "FILE: line N: field: …" and leaves the ledger unchanged.
EntityReport import_entities(store::Store& st, const std::vector<app::Toolset>& toolsets, const EntityKind& kind,
                             const std::string& file, bool dry_run);

}  // namespace tally::transfer
