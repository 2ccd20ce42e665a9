#pragma once
// Where attachments live: a folder beside the ledger, `<ledger>.attachments/`,
// one file per content named by its SHA-256 (`ab/cdef…`), folders 0700 and
// files 0600. A request never names a path inside it; only a hash does, and a
// hash is checked to be 64 hex digits before it becomes a path.
//
// Reading a file the user named (`path`, stdio and the command line only) is
// the other half: only inside the folders given with --attach-dir, opened
// without following a final symlink and without blocking, and refused on the
// opened descriptor's fstat (folder, FIFO, device, too large) before a byte is read.
#include <string>
#include <vector>

namespace tally::ledger {

/// `<ledger>.attachments` for the ledger file at `ledger_path`.
std::string attachments_folder(const std::string& ledger_path);

/// Writes `bytes` as the file for `sha` (temporary name, fsync, rename), unless
/// a whole copy is already there. Throws ToolError when it cannot.
void store_attachment_file(const std::string& folder, const std::string& sha,
                           const std::string& bytes);

/// The stored file's path (it may not exist).
std::string attachment_file_path(const std::string& folder, const std::string& sha);

/// The stored bytes; throws ToolError when the file is missing or unreadable.
std::string read_attachment_file(const std::string& folder, const std::string& sha);

/// Removes the stored file, if there (nothing links it any more).
void remove_attachment_file(const std::string& folder, const std::string& sha);

/// The bytes of the regular file at `path`, which must resolve inside one of
/// `allowed` (--attach-dir). Throws ToolError, having read nothing, for a path
/// outside them, a dotfile, a symlink leading out, a folder, FIFO or device, or
/// a file over kMaxAttachmentBytes.
std::string read_user_file(const std::string& path, const std::vector<std::string>& allowed);

}  // namespace tally::ledger
