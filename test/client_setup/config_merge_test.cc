// Merging a server entry into a client config file: kept entries, key order,
// backups, file modes, symlinks, and the files it refuses to touch.
#include "client_setup/config_merge.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using tally::client_setup::Json;
using tally::client_setup::MergeOutcome;
using tally::client_setup::merge_entry;
using tally::client_setup::write_entry;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "config-merge-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

const Json kEntry = {{"command", "/usr/bin/tally"}, {"args", {"serve"}}};
}  // namespace

TEST_CASE("merge_entry adds, keeps an equal entry, and replaces a different one only with force") {
  Json config = Json::parse(R"({"b": 1, "mcpServers": {"other": {"command": "x"}}, "a": 2})");
  CHECK(merge_entry(config, "tally", kEntry, false, "f") == MergeOutcome::added);
  CHECK(config.dump() == R"({"b":1,"mcpServers":{"other":{"command":"x"},"tally":{"command":"/usr/bin/tally","args":["serve"]}},"a":2})");
  CHECK(merge_entry(config, "tally", kEntry, false, "f") == MergeOutcome::unchanged);
  Json other = {{"command", "/opt/tally"}};
  CHECK_THROWS_WITH(merge_entry(config, "tally", other, false, "f"),
                    "f already has a different \"tally\" server:\n  {\"command\":\"/usr/bin/tally\",\"args\":[\"serve\"]}\n"
                    "Run again with --force to replace it (the old file is kept as .bak), or pick another name "
                    "with --name.");
  CHECK(merge_entry(config, "tally", other, true, "f") == MergeOutcome::replaced);
  CHECK(config["mcpServers"]["tally"] == other);
}

TEST_CASE("merge_entry refuses configs that are not objects") {
  Json array = Json::array();
  CHECK_THROWS_WITH(merge_entry(array, "tally", kEntry, false, "f"),
                    "f holds JSON that is not an object, so it is not an MCP client config; it was left unchanged. "
                    "Check the file, or point --file at the right one.");
  Json bad = Json::parse(R"({"mcpServers": "none"})");
  CHECK_THROWS_WITH(merge_entry(bad, "tally", kEntry, false, "f"),
                    "f: \"mcpServers\" is not an object; it was left unchanged. Fix that key and run this again.");
}

TEST_CASE("write_entry creates missing folders and an empty file counts as {}") {
  TempDir dir;
  fs::path file = dir.path / "a" / "b" / "mcp.json";
  auto r = write_entry(file.string(), "tally", kEntry, false);
  CHECK(r.outcome == MergeOutcome::added);
  CHECK(r.backup_path.empty());
  CHECK(Json::parse(read(file))["mcpServers"]["tally"] == kEntry);

  fs::path empty = dir.path / "empty.json";
  write(empty, "  \n");
  CHECK(write_entry(empty.string(), "tally", kEntry, false).outcome == MergeOutcome::added);
}

TEST_CASE("write_entry keeps the file's mode, backs it up, and writes through a symlink") {
  TempDir dir;
  fs::path real = dir.path / "real.json";
  write(real, R"({"mcpServers": {}})");
  fs::permissions(real, fs::perms::owner_read | fs::perms::owner_write);
  fs::path link = dir.path / "link.json";
  fs::create_symlink(real, link);

  auto r = write_entry(link.string(), "tally", kEntry, false);
  CHECK(r.backup_path == real.string() + ".bak");
  CHECK(fs::is_symlink(link));
  CHECK(Json::parse(read(real))["mcpServers"]["tally"] == kEntry);
  CHECK(read(real.string() + ".bak") == R"({"mcpServers": {}})");
  CHECK((fs::status(real).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("write_entry leaves a file that is not JSON exactly as it was") {
  TempDir dir;
  fs::path file = dir.path / "broken.json";
  write(file, "{ not json");
  CHECK_THROWS(write_entry(file.string(), "tally", kEntry, false));
  CHECK(read(file) == "{ not json");
  CHECK(!fs::exists(file.string() + ".bak"));
}
