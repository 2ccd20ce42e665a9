#include "ledger/attachment_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ledger/attachment_content.h"
#include "mcp/tool.h"

namespace tally::ledger {

namespace fs = std::filesystem;
using mcp::ToolError;

namespace {

/// Closes the descriptor it owns.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void make_private_folder(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
    throw ToolError("cannot create the attachments folder " + path + ": " + std::strerror(errno));
}

bool inside(const fs::path& file, const fs::path& folder) {
  auto f = file.begin();
  for (auto d = folder.begin(); d != folder.end(); ++d, ++f) {
    if (d->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *d) return false;
  }
  return true;
}

/// Reads to the end, or `stop_at` bytes when given; more than `limit` is refused.
std::string read_all(int fd, std::size_t limit, const std::string& what, std::size_t stop_at = 0) {
  std::string out;
  char buffer[65536];
  for (;;) {
    const std::size_t want =
        stop_at > 0 ? std::min(sizeof buffer, stop_at - out.size()) : sizeof buffer;
    if (want == 0) return out;
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ToolError("cannot read " + what + ": " + std::strerror(errno));
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > limit)
      throw ToolError(what + " is larger than 10 MiB; attachments are at most 10 MiB");
  }
}

}  // namespace

std::string attachments_folder(const std::string& ledger_path) {
  return ledger_path + ".attachments";
}

std::string attachment_file_path(const std::string& folder, const std::string& sha) {
  return folder + "/" + sha.substr(0, 2) + "/" + sha.substr(2);
}

void store_attachment_file(const std::string& folder, const std::string& sha,
                           const std::string& bytes) {
  const std::string target = attachment_file_path(folder, sha);
  struct stat existing {};
  if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
      static_cast<std::size_t>(existing.st_size) == bytes.size())
    return;  // content-addressed: the same name holds the same bytes (doctor checks)
  make_private_folder(folder);
  make_private_folder(folder + "/" + sha.substr(0, 2));
  const std::string temp = target + ".tmp-" + std::to_string(::getpid());
  {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0)
      throw ToolError("cannot write the attachment " + target + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int e = errno;
        ::unlink(temp.c_str());
        throw ToolError("cannot write the attachment " + target + ": " + std::strerror(e) +
                        (e == ENOSPC ? " (a full file system); nothing was changed" : ""));
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
      ::unlink(temp.c_str());
      throw ToolError("cannot write the attachment " + target + ": " + std::strerror(errno));
    }
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    throw ToolError("cannot write the attachment " + target + ": " + std::strerror(e));
  }
  // The rename is durable once the folder's entry is.
  Fd dir(::open((folder + "/" + sha.substr(0, 2)).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
}

std::string read_attachment_file(const std::string& folder, const std::string& sha) {
  const std::string path = attachment_file_path(folder, sha);
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0)
    throw ToolError("the attachment " + sha + " is missing from " + folder + " (tally doctor)");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw ToolError("the attachment " + sha + " in " + folder +
                    " is not a regular file (tally doctor)");
  return read_all(fd.get(), kMaxAttachmentBytes, path);
}

void remove_attachment_file(const std::string& folder, const std::string& sha) {
  ::unlink(attachment_file_path(folder, sha).c_str());
}

std::string read_user_file(const std::string& path, const std::vector<std::string>& allowed) {
  if (allowed.empty())
    throw ToolError(
        "path: reading files is off; start Tally with --attach-dir FOLDER to attach files from "
        "FOLDER, or send contentBase64 and fileName");
  const fs::path given = fs::absolute(path).lexically_normal();
  const std::string name = given.filename().string();
  if (name.empty()) throw ToolError("path: \"" + path + "\" names a folder, not a file");
  if (name[0] == '.')
    throw ToolError("path: \"" + name + "\" is a dotfile; hidden files are never attached");
  std::vector<fs::path> roots;
  for (const auto& dir : allowed) {
    std::error_code ec;
    fs::path root = fs::canonical(dir, ec);
    if (!ec) roots.push_back(root);
  }
  auto within = [&roots](const fs::path& p) {
    for (const auto& root : roots)
      if (inside(p, root)) return true;
    return false;
  };
  // A hidden folder below an allowed one (~/receipts/.git/…) is as private as a dotfile.
  auto hidden_below = [&roots](const fs::path& p) {
    for (const auto& root : roots) {
      if (!inside(p, root)) continue;
      const fs::path rest = p.lexically_relative(root);
      for (const auto& part : rest)
        if (!part.empty() && part.string()[0] == '.' && part != "." && part != "..") return true;
    }
    return false;
  };
  std::error_code ec;
  struct stat link {};
  const bool is_link = ::lstat(given.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
  fs::path real = fs::canonical(given, ec);
  if (ec) {
    if (is_link) throw ToolError("path: \"" + path + "\" is a symbolic link to nothing");
    throw ToolError("path: \"" + path + "\" does not exist");
  }
  if (!within(real)) {
    if (is_link || within(given))
      throw ToolError("path: \"" + path +
                      "\" is a symbolic link leading outside the folders files are attached from "
                      "(--attach-dir)");
    throw ToolError("path: \"" + path +
                    "\" is outside the folders files are attached from (--attach-dir)");
  }
  if (hidden_below(real))
    throw ToolError("path: \"" + path +
                    "\" is inside a hidden folder or is a hidden file; those are never attached");
  // Open what was checked, never following a last symlink swapped in since, and
  // without blocking (a FIFO with no writer), then judge the descriptor itself.
  Fd fd(::open(real.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) throw ToolError("path: cannot open \"" + path + "\": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw ToolError("path: cannot read \"" + path + "\": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ToolError("path: \"" + path + "\" is a folder, not a file");
  if (!S_ISREG(st.st_mode))
    throw ToolError("path: \"" + path +
                    "\" is not a regular file (a FIFO, socket or device); only files are attached");
  if (static_cast<std::size_t>(st.st_size) > kMaxAttachmentBytes)
    throw ToolError("path: \"" + path + "\" is " + std::to_string(st.st_size) +
                    " bytes; attachments are at most 10 MiB (10485760 bytes)");
  // The descriptor's own path, after the open: a folder renamed in between cannot move it out.
  char actual[4096];
  const std::string proc = "/proc/self/fd/" + std::to_string(fd.get());
  ssize_t n = ::readlink(proc.c_str(), actual, sizeof actual - 1);
  if (n > 0) {
    actual[n] = '\0';
    if (!within(fs::path(actual)))
      throw ToolError("path: \"" + path +
                      "\" is outside the folders files are attached from (--attach-dir)");
  }
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  std::string bytes = read_all(fd.get(), kMaxAttachmentBytes, "path: \"" + path + "\"", 4096);
  // Judged on its first block: a file of another type is refused without reading on.
  if (bytes.size() == 4096 && !plausible_head(bytes))
    throw ToolError(
        "\"" + name +
        "\" is not a PDF, PNG, JPEG, HEIC or UTF-8 text file (judged by its content, not "
        "its name); only those are attached");
  if (bytes.size() == 4096)
    bytes += read_all(fd.get(), kMaxAttachmentBytes - bytes.size(), "path: \"" + path + "\"");
  return bytes;
}

}  // namespace tally::ledger
