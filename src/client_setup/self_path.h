#pragma once
#include <string>

namespace tally::client_setup {

/// The absolute path of the running executable (from /proc/self/exe), or
/// `fallback` where that cannot be read.
std::string self_path(const std::string& fallback);

}  // namespace tally::client_setup
