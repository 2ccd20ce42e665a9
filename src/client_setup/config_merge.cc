#include "client_setup/config_merge.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace tally::client_setup {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error(message); }

Json read_config(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!fs::exists(path)) return Json::object();
    fail("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  try {
    return Json::parse(text.str());
  } catch (const Json::parse_error& e) {
    fail(path.string() + " is not valid JSON (" + e.what() +
         "), so it was left unchanged. Fix it, or move it aside, and run this again.");
  }
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`,
/// so a crash leaves either the old file or the new one, never half of one.
void replace_file(const fs::path& path, const std::string& text, fs::perms mode) {
  fs::path temp = path;
  temp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot write " + temp.string() + ": " + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  std::error_code ec;
  if (ok) fs::permissions(temp, mode, ec);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    fs::remove(temp, ec);
    fail("cannot write " + path.string() + ": " + std::strerror(saved) + " (it was left unchanged)");
  }
}

}  // namespace

MergeOutcome merge_entry(Json& config, const std::string& name, const Json& entry, bool force,
                         const std::string& path) {
  if (!config.is_object())
    fail(path + " holds JSON that is not an object, so it is not an MCP client config; it was left "
         "unchanged. Check the file, or point --file at the right one.");
  Json& servers = config["mcpServers"];
  if (servers.is_null()) servers = Json::object();
  if (!servers.is_object())
    fail(path + ": \"mcpServers\" is not an object; it was left unchanged. Fix that key and run this again.");
  auto existing = servers.find(name);
  if (existing == servers.end()) {
    servers[name] = entry;
    return MergeOutcome::added;
  }
  if (*existing == entry) return MergeOutcome::unchanged;
  if (!force)
    fail(path + " already has a different \"" + name + "\" server:\n  " + existing->dump() +
         "\nRun again with --force to replace it (the old file is kept as .bak), or pick another "
         "name with --name.");
  *existing = entry;
  return MergeOutcome::replaced;
}

WriteResult write_entry(const std::string& path_text, const std::string& name, const Json& entry, bool force) {
  fs::path path = path_text;
  std::error_code ec;
  if (fs::is_symlink(path, ec)) {  // a dotfile manager's link: write its target, keep the link
    fs::path target = fs::weakly_canonical(path, ec);
    if (!ec) path = target;
  }
  Json config = read_config(path);
  WriteResult result{merge_entry(config, name, entry, force, path.string()), ""};
  if (result.outcome == MergeOutcome::unchanged) return result;

  if (!path.parent_path().empty()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail("cannot create the folder " + path.parent_path().string() + ": " + ec.message());
  }
  fs::perms mode = fs::perms::owner_read | fs::perms::owner_write;
  if (fs::exists(path, ec)) {
    mode = fs::status(path).permissions();
    fs::path backup = path;
    backup += ".bak";
    fs::copy_file(path, backup, fs::copy_options::overwrite_existing, ec);
    if (ec) fail("cannot keep a backup of " + path.string() + " at " + backup.string() + ": " + ec.message() +
                 " (nothing was changed)");
    result.backup_path = backup.string();
  }
  replace_file(path, config.dump(2) + "\n", mode);
  return result;
}

}  // namespace tally::client_setup
