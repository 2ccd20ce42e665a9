#include "store/migrations.h"

#include <map>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

namespace tally::store {

MigrationReport migrate(SQLite::Database& db, const std::string& path,
                        const std::vector<Migration>& migrations, const std::string& stamp) {
  MigrationReport report;
  bool existing = db.tableExists("schema_migrations");
  std::map<std::string, int> applied;
  if (existing) {
    SQLite::Statement q(db, "SELECT module, max(version) FROM schema_migrations GROUP BY module");
    while (q.executeStep()) applied[q.getColumn(0).getString()] = q.getColumn(1).getInt();
  }
  std::vector<const Migration*> pending;
  for (const auto& m : migrations)
    if (m.version > applied[m.module]) pending.push_back(&m);
  if (pending.empty()) return report;

  if (existing && !applied.empty() && path != ":memory:" && !path.empty()) {
    report.backup_path = path + ".before-migration-" + stamp + ".db";
    SQLite::Statement backup(db, "VACUUM INTO ?");
    backup.bind(1, report.backup_path);
    backup.exec();
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
                               " failed: " + e.what());
    }
  }
  return report;
}

}  // namespace tally::store
