#pragma once
// Reading an import file whole: an import is one transaction per file, so the
// file is validated completely before anything is written.
#include <string>

namespace tally::transfer {

/// The file's bytes; throws std::runtime_error naming the file when unreadable.
std::string read_file(const std::string& path);

}  // namespace tally::transfer
