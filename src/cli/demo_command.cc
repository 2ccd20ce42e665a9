// `tally demo`: builds the demo ledger beside the target, then renames it into
// place, so a refresh never leaves half a demo and never duplicates data.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "cli/commands.h"
#include "demo/demo.h"
#include "store/transaction.h"

namespace tally::cli {

namespace fs = std::filesystem;

namespace {
constexpr const char* kMarker = "tally_demo";  // a table only `tally demo` creates

bool is_demo_ledger(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.tableExists(kMarker);
  } catch (const SQLite::Exception&) {
    return false;
  }
}

void remove_database_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
  fs::remove_all(path + ".attachments", ec);  // the demo's receipts (issue 21)
}
}  // namespace

std::string demo_database_path() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  std::string data = xdg && *xdg ? xdg : std::string(home && *home ? home : ".") + "/.local/share";
  return data + "/tally/demo.db";
}

int demo(const app::RuntimeOptions& options) {
  const std::string& path = options.db_path;
  if (fs::exists(path) && !is_demo_ledger(path)) {
    std::fprintf(stderr,
                 "tally demo: %s exists and is not a demo ledger, so it was left unchanged. Give the demo "
                 "its own file: tally demo --db demo.db\n",
                 path.c_str());
    return 2;
  }
  // Fixed ids unless the caller chose a seed: the same day gives the same ledger.
  if (const char* seed = std::getenv("TALLY_SEED"); seed == nullptr || *seed == '\0') setenv("TALLY_SEED", "1", 1);
  const std::string building = path + ".building";
  remove_database_files(building);
  auto started = std::chrono::steady_clock::now();
  try {
    app::RuntimeOptions demo_options;
    demo_options.db_path = building;
    app::Runtime runtime(demo_options);
    demo::fill(runtime);
    store::Transaction tx(runtime.db());
    runtime.db().exec(std::string("CREATE TABLE ") + kMarker + " (created_at TEXT NOT NULL) STRICT");
    SQLite::Statement mark(runtime.db(), std::string("INSERT INTO ") + kMarker + " VALUES (?)");
    mark.bind(1, runtime.store().clock.now_iso());
    mark.exec();
    tx.commit();
    app::RuntimeOptions business_options = demo_options;
    business_options.workspace = demo::kBusinessWorkspace;
    app::Runtime business(business_options);
    demo::fill_business(business);
  } catch (...) {
    remove_database_files(building);
    throw;
  }
  // The runtime is closed: its WAL is checkpointed into the file and removed.
  remove_database_files(path);
  fs::rename(building, path);
  if (fs::exists(building + ".attachments")) fs::rename(building + ".attachments", path + ".attachments");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::printf(
      "Demo ledger ready: %s (built in %.2f s)\n"
      "  ledger     three months of personal spending, a split dinner with its receipt, Sam's loan, tags, budgets, one draft to post\n"
      "  rewards    three cards with points and cashback, perks due soon, merchant offers\n"
      "  invoicing  Blue Fig Catering, in workspace blue-fig-catering (--workspace blue-fig-catering):\n"
      "             customers, invoices paid, partly paid and overdue, expenses\n"
      "  affiliate  brand acme: partners, clicks, sales, a coupon, suspected fraud, a payout\n"
      "Try it:\n"
      "  tally call extrack_get_context --db %s\n"
      "  tally call list_invoices --workspace blue-fig-catering --db %s\n"
      "  tally config claude --db %s --name tally-demo --write\n",
      path.c_str(), seconds, path.c_str(), path.c_str(), path.c_str());
  return 0;
}

}  // namespace tally::cli
