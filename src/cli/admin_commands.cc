// `tally tools`, `tally init` and `tally doctor`.
#include <sys/stat.h>
#include <cstdio>

#include "cli/commands.h"
#include "ledger/audit.h"
#include "store/currency.h"
#include "store/database.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"
#include "util/text.h"

namespace tally::cli {

int list_tools(const app::RuntimeOptions& options) {
  app::RuntimeOptions in_memory = options;
  in_memory.db_path = ":memory:";  // the catalogue needs no ledger
  app::Runtime runtime(in_memory);
  for (const auto& t : runtime.registry().tools()) {
    std::string line = util::first_sentence(t.description);
    std::printf("%-36s %-5s %s\n", t.name.c_str(), t.annotations.read_only ? "read" : "write",
                line.c_str());
  }
  return 0;
}

int init_ledger(const app::RuntimeOptions& options, const std::string& currency) {
  if (!store::find_currency(currency)) {
    std::fprintf(stderr,
                 "tally init: %s is not an ISO 4217 currency code (for example USD, EUR, JPY)\n",
                 currency.c_str());
    return 2;
  }
  app::Runtime runtime(options);
  runtime.init_toolsets(currency, ledger::cli_who().actor);
  std::printf("Ledger ready: %s (workspace %s, currency %s)\n", options.db_path.c_str(),
              options.workspace.c_str(), currency.c_str());
  return 0;
}

namespace {

/// A ledger other accounts can read exposes someone's finances: say so, and the fix.
void warn_if_readable_by_others(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || (info.st_mode & 0044) == 0) return;
  std::fprintf(stderr,
               "tally doctor: warning: the ledger %s can be read by other accounts on this machine "
               "(mode %04o); "
               "make it private: chmod 600 %s\n",
               path.c_str(), static_cast<unsigned>(info.st_mode & 07777), path.c_str());
}

}  // namespace

int doctor(const app::RuntimeOptions& options, int wait_seconds) {
  store::require_existing_ledger(options.db_path);
  app::Runtime runtime(options);
  warn_if_readable_by_others(options.db_path);
  // The checks run under the write lock, so no writer changes the ledger halfway
  // through them (and the search-index check, an FTS5 command, needs it). A writer
  // holding the lock longer than --wait is not a violation: nothing was checked.
  runtime.db().exec("PRAGMA busy_timeout=" + std::to_string(wait_seconds * 1000));
  try {
    runtime.db().exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    if (!store::is_busy(e)) throw;
    std::printf(
        "could not check %s: the ledger is busy (another process, such as an import, is writing to "
        "it) "
        "and stayed busy for %d s; nothing was checked. Retry when it finishes, or wait longer "
        "with "
        "--wait SECONDS\n",
        options.db_path.c_str(), wait_seconds);
    return 3;
  }
  int violations = 0;
  for (const auto& t : runtime.toolsets()) {
    if (!t.doctor) continue;
    for (const auto& problem : t.doctor(runtime.store())) {
      std::printf("%s: %s\n", t.name.c_str(), problem.c_str());
      ++violations;
    }
  }
  runtime.db().exec("ROLLBACK");  // doctor changes nothing
  if (violations == 0) {
    std::printf("ok: every invariant holds (%s)\n", options.db_path.c_str());
    return 0;
  }
  std::printf("%d invariant%s violated\n", violations, violations == 1 ? "" : "s");
  return 1;
}

}  // namespace tally::cli
