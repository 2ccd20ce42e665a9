#include "client_setup/self_path.h"

#include <filesystem>
#include <system_error>

namespace tally::client_setup {

std::string self_path(const std::string& fallback) {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? fallback : p.string();
}

}  // namespace tally::client_setup
