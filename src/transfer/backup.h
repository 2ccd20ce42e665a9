#pragma once
// `tally backup PATH` and `tally restore PATH`. A backup is VACUUM INTO: one
// consistent snapshot taken while the ledger stays usable (a reader in WAL
// mode blocks no writer). A restore replaces the ledger file only whole: the
// backup is checked, copied to a temporary file beside the ledger and renamed
// over it, after the ledger's write-ahead log is folded in and switched off,
// which SQLite allows only when no other process has the ledger open.
#include <string>
#include <vector>

#include "store/clock.h"

namespace tally::transfer {

/// 20260131T120000Z: now, for the names of kept copies (as the migrations name theirs).
std::string file_stamp(const store::Clock& clock);

/// Writes a consistent copy of the ledger at `ledger_path` to `target`, and the
/// files its attachments link to into `<target>.attachments/` (issue 21): a
/// backup is that file plus that folder. Refuses to overwrite an existing file
/// unless `force`. Throws std::runtime_error with the reason and the fix. Returns
/// a line per linked file it could not copy (missing or changed; doctor says so too).
std::vector<std::string> backup_ledger(const std::string& ledger_path, const std::string& target, bool force);

/// Replaces the ledger at `ledger_path` with the Tally ledger `source`; the
/// previous ledger is kept as `<ledger>.before-restore-<stamp>.db`, whose path
/// is returned ("" when there was none). Throws std::runtime_error when
/// `source` is not a Tally ledger or the ledger is in use.
/// The backup's attachments (`<source>.attachments/`) are copied into the
/// ledger's folder first, so the restored ledger never links a missing file;
/// a line per file the backup lacks goes to `warnings`.
std::string restore_ledger(const std::string& ledger_path, const std::string& source, const std::string& stamp,
                           std::vector<std::string>* warnings = nullptr);

}  // namespace tally::transfer
