#include "app/ledger_file.h"

#include "app/catalogue.h"
#include "store/core_schema.h"
#include "store/database.h"
#include "store/migrations.h"
#include "transfer/migrations.h"

namespace tally::app {

namespace {
/// 2026-01-31T12:00:00.000Z → 20260131T120000Z, for the migration backup's name.
std::string stamp(const store::Clock& clock) {
  std::string out;
  for (char c : clock.now_iso().substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}
}  // namespace

std::vector<store::Migration> all_migrations(const std::vector<Toolset>& extra) {
  std::vector<store::Migration> migrations = store::core_migrations();
  std::vector<Toolset> owners = all_toolsets();
  owners.insert(owners.end(), extra.begin(), extra.end());
  for (const auto& t : owners)
    if (t.migrations)
      for (auto& m : t.migrations()) migrations.push_back(std::move(m));
  for (auto& m : transfer::migrations()) migrations.push_back(std::move(m));
  return migrations;
}

LedgerFile open_ledger(const std::string& path, const std::vector<Toolset>& extra) {
  LedgerFile f;
  f.clock = store::clock_from_environment();
  f.ids = store::ids_from_environment(*f.clock);
  f.db = store::open_database(path);
  f.backup_path = store::migrate(*f.db, path, all_migrations(extra), stamp(*f.clock)).backup_path;
  store::claim_id_stream(*f.db, *f.ids);  // after the migrations: the counter lives in the file
  return f;
}

}  // namespace tally::app
