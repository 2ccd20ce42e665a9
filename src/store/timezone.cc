#include "store/timezone.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <date/date.h>
#include <date/tz.h>

namespace tally::store {

namespace {

/// Area/Location names only: letters, digits and "/_-+", no "..", not absolute.
bool well_formed(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.find("..") != std::string::npos)
    return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

bool in_zoneinfo(const std::string& name) {
  if (!well_formed(name)) return false;
  // A zone file starts with "TZif"; this skips the folder's tables (leapseconds, …).
  std::ifstream file(std::filesystem::path(zoneinfo_dir()) / name, std::ios::binary);
  char magic[4] = {};
  return file.read(magic, 4) && std::string(magic, 4) == "TZif";
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

std::string system_timezone() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
    std::string name = tz[0] == ':' ? tz + 1 : tz;
    if (in_zoneinfo(name)) return name;
  }
  std::ifstream file("/etc/timezone");
  std::string line;
  if (file && std::getline(file, line) && in_zoneinfo(trimmed(line))) return trimmed(line);
  std::error_code ec;
  auto target = std::filesystem::read_symlink("/etc/localtime", ec).string();
  if (!ec) {
    auto at = target.find("zoneinfo/");
    if (at != std::string::npos && in_zoneinfo(target.substr(at + 9))) return target.substr(at + 9);
  }
  return "UTC";
}

std::string check_timezone(const std::string& name) {
  if (in_zoneinfo(name)) return "";
  std::error_code ec;
  if (!std::filesystem::is_directory(zoneinfo_dir(), ec))
    return "cannot check time zone \"" + name + "\": no zoneinfo database at " + zoneinfo_dir() +
           " (install the tzdata package)";
  return "\"" + name +
         "\" is not an IANA time zone name (for example Europe/Berlin, America/New_York, UTC; "
         "see " +
         zoneinfo_dir() + ")";
}

}  // namespace tally::store

namespace tally::store {

std::string local_day(const std::string& zone, std::int64_t ms) {
  using namespace std::chrono;
  date::sys_time<milliseconds> instant{milliseconds(ms)};
  if (zone == "UTC") return date::format("%F", date::floor<date::days>(instant));
  auto zoned = date::make_zoned(date::locate_zone(zone), instant);
  return date::format("%F", date::floor<date::days>(zoned.get_local_time()));
}

}  // namespace tally::store
