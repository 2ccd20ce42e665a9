#pragma once
// `tally backup PATH` and `tally restore PATH`. A backup is VACUUM INTO: one
// consistent snapshot taken while the ledger stays usable (a reader in WAL
// mode blocks no writer). A restore replaces the ledger file only whole: the
// backup is checked, copied to a temporary file beside the ledger and renamed
// over it, after the ledger's write-ahead log is folded in and switched off,
// which SQLite allows only when no other process has the ledger open.
#include <string>

#include "store/clock.h"

namespace tally::transfer {

/// 20260131T120000Z: now, for the names of kept copies (as the migrations name theirs).
std::string file_stamp(const store::Clock& clock);

/// Writes a consistent copy of the ledger at `ledger_path` to `target`.
/// Refuses to overwrite an existing file unless `force`. Throws
/// std::runtime_error with the reason and the fix.
void backup_ledger(const std::string& ledger_path, const std::string& target, bool force);

/// Replaces the ledger at `ledger_path` with the Tally ledger `source`; the
/// previous ledger is kept as `<ledger>.before-restore-<stamp>.db`, whose path
/// is returned ("" when there was none). Throws std::runtime_error when
/// `source` is not a Tally ledger or the ledger is in use.
std::string restore_ledger(const std::string& ledger_path, const std::string& source, const std::string& stamp);

}  // namespace tally::transfer
