#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "store/core_schema.h"
#include "store/database.h"
#include "store/migrations.h"

using namespace tally::store;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path = fs::temp_directory_path() / ("tally-open-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(path); }
  ~Folder() { fs::remove_all(path); }
};

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const std::string& path) {
  try {
    open_database(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE(
    "a SQLite file that is not a ledger is refused and left byte-identical (not switched to WAL)") {
  Folder dir;
  std::string other = (dir.path / "other.db").string();
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
  }
  std::string before = bytes_of(other);
  CHECK(error_of(other).find("is a SQLite database but not a Tally ledger") != std::string::npos);
  CHECK(bytes_of(other) == before);
  CHECK_FALSE(fs::exists(other + "-wal"));
}

TEST_CASE("an empty --db is refused instead of a throw-away database") {
  CHECK(error_of("").starts_with("--db is empty: name the ledger file"));
}

TEST_CASE("require_existing_ledger creates nothing for a mistyped path") {
  Folder dir;
  fs::path missing = dir.path / "typo" / "ledger.db";
  try {
    require_existing_ledger(missing.string());
    FAIL("a missing ledger was accepted");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).starts_with("no ledger at " + missing.string() +
                                            " (nothing was created)"));
  }
  CHECK_FALSE(fs::exists(dir.path / "typo"));
}

TEST_CASE("a ledger from a newer Tally is refused before anything is written") {
  Folder dir;
  std::string path = (dir.path / "newer.db").string();
  {
    auto db = open_database(path);
    migrate(*db, path, core_migrations(), "20260101T000000Z");
    db->exec("INSERT INTO schema_migrations VALUES ('core', 99, '20300101T000000Z')");
  }
  std::string before = bytes_of(path);
  auto db = open_database(path);
  std::vector<Migration> newer_code = core_migrations();
  newer_code.push_back({"core", 2, "CREATE TABLE later (x INTEGER)"});
  try {
    migrate(*db, path, newer_code, "20260102T000000Z");
    FAIL("a newer ledger was migrated");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "the ledger " + path +
              " was written by a newer version of Tally (its core schema is version 99; this "
              "tally knows up to version 2); it was left unchanged. Install the newer Tally, or "
              "point --db at another "
              "ledger.");
  }
  db.reset();
  CHECK(bytes_of(path) == before);
  CHECK(fs::directory_iterator(dir.path) != fs::directory_iterator());
  for (const auto& f : fs::directory_iterator(dir.path))  // no migration backup was written
    CHECK(f.path().string().find("before-migration") == std::string::npos);
}
