#include "store/migrations.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include "store/database.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"

namespace tally::store {

namespace {

/// Leftovers of a backup that a killed process did not finish: PATH.before-migration-*.partial.
void remove_partial_backups(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path ledger(path);
  const std::string prefix = ledger.filename().string() + ".before-migration-";
  std::error_code ec;
  const fs::path folder = ledger.has_parent_path() ? ledger.parent_path() : fs::path(".");
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > 8 && name.ends_with(".partial"))
      fs::remove(it->path(), ec);
  }
}

}  // namespace

MigrationReport migrate(SQLite::Database& db, const std::string& path,
                        const std::vector<Migration>& migrations, const std::string& stamp) {
  MigrationReport report;
  bool existing = db.tableExists("schema_migrations");
  std::map<std::string, int> applied;
  std::set<std::pair<std::string, int>> done;
  if (existing) {
    SQLite::Statement q(db, "SELECT module, version FROM schema_migrations");
    while (q.executeStep()) {
      const std::string module = q.getColumn(0).getString();
      const int version = q.getColumn(1).getInt();
      applied[module] = std::max(applied[module], version);
      done.emplace(module, version);
    }
  }
  std::map<std::string, int> known;
  for (const auto& m : migrations) known[m.module] = std::max(known[m.module], m.version);
  // A module this Tally knows at a version it does not: a newer Tally wrote the file, and
  // this one cannot tell what its tables mean. Modules it does not know at all (a test
  // toolset, a module added later) are left alone.
  for (const auto& [module, version] : applied)
    if (auto k = known.find(module); k != known.end() && version > k->second)
      throw std::runtime_error("the ledger " + (path.empty() ? std::string("file") : path) +
                               " was written by a newer version of Tally (its " + module +
                               " schema is version " + std::to_string(version) +
                               "; this tally knows up to version " + std::to_string(k->second) +
                               "); it was left unchanged. Install the newer Tally, "
                               "or point --db at another ledger.");
  // Each migration not recorded yet, in the list's order: a version numbered
  // below one already applied (branches merged in another order, 11 landing
  // after 12) is applied too, instead of being skipped for good.
  std::vector<const Migration*> pending;
  for (const auto& m : migrations)
    if (!done.contains({m.module, m.version})) pending.push_back(&m);
  if (pending.empty()) return report;
  if (is_read_only(db))
    throw std::runtime_error(
        "the ledger " + path + " is read-only for you, and this Tally must first update its schema (" +
        std::to_string(pending.size()) +
        " change" + (pending.size() == 1 ? "" : "s") +
        "), which writes to it. Make it writable once (chmod u+w, in a writable folder), or copy it "
        "to a folder you own and point --db at the copy.");

  if (existing && !applied.empty() && path != ":memory:" && !path.empty()) {
    // A name not taken yet: an attempt that failed (the ledger was busy) in the same
    // second, or under a fixed TALLY_NOW, left its backup, and VACUUM INTO will not replace it.
    report.backup_path = path + ".before-migration-" + stamp + ".db";
    for (int n = 1; std::filesystem::exists(report.backup_path); ++n)
      report.backup_path = path + ".before-migration-" + stamp + "-" + std::to_string(n) + ".db";
    // Written under a temporary name and renamed when whole, so a process killed while
    // copying never leaves a half backup under a backup's name; earlier such leftovers go.
    remove_partial_backups(path);
    const std::string partial = report.backup_path + ".partial";
    SQLite::Statement backup(db, "VACUUM INTO ?");
    backup.bind(1, partial);
    backup.exec();
    std::filesystem::rename(partial, report.backup_path);
  }
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,"
      " PRIMARY KEY (module, version)) STRICT");
  for (const Migration* m : pending) {
    try {
      store::Transaction tx(db);
      if (!m->sql.empty()) db.exec(m->sql);
      if (m->apply) m->apply(db);
      SQLite::Statement record(db, "INSERT INTO schema_migrations VALUES (?, ?, ?)");
      record.bind(1, m->module);
      record.bind(2, m->version);
      record.bind(3, stamp);
      record.exec();
      tx.commit();
      ++report.applied;
    } catch (const std::exception& e) {
      throw std::runtime_error("migration " + m->module + " v" + std::to_string(m->version) +
                               " failed: " + describe_error(e));
    }
  }
  return report;
}

}  // namespace tally::store
