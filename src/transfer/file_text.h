#pragma once
// Reading an import file whole: an import is one transaction per file, so the
// file is validated completely before anything is written.
#include <string>

namespace tally::transfer {

/// The file's bytes; throws std::runtime_error naming the file when unreadable, a
/// folder, or not a regular file (a pipe would block forever, a device never end).
std::string read_file(const std::string& path);

/// The file's name without its folders, as an audit row names an imported file.
std::string file_name_of(const std::string& path);

/// Throws std::runtime_error when `path` exists and is not a regular file: a folder, a
/// pipe (FIFO), a socket or a device. For files Tally is about to write.
void require_regular_or_absent(const std::string& path);

}  // namespace tally::transfer
