#include "store/statistics.h"

#include "store/database.h"

namespace tally::store {

std::string refresh_statistics(SQLite::Database& db) {
  try {
    if (is_read_only(db)) return "";
    if (!db.tableExists("posting") ||
        db.execAndGet("SELECT count(*) FROM (SELECT 1 FROM posting LIMIT 1000)").getInt() < 1000)
      return "";
    bool analysed =
        db.tableExists("sqlite_stat1") &&
        db.execAndGet("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'posting'").getInt() > 0;
    db.exec(analysed ? "PRAGMA analysis_limit = 1000; PRAGMA optimize"
                     : "PRAGMA analysis_limit = 1000; ANALYZE");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace tally::store
