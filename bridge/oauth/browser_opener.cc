#include "oauth/browser_opener.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>
#include <vector>

#include "oauth/notice.h"

extern char** environ;

namespace tally::bridge::oauth {
namespace {
// Runs argv without a shell (the URL is data, never code); reaps it on a detached thread.
bool spawn(const std::vector<std::string>& argv) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);  // never our stdout
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  std::thread([pid] {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }).detach();
  return true;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class SystemBrowser final : public BrowserOpener {
 public:
  void open(const std::string& url) override {
    notice("to sign in, open this address in a browser (trying to open it for you):\n  {}", url);
    if (const char* browser = std::getenv("BROWSER"); browser && *browser) {
      for (const auto& entry : split(browser, ':')) {
        auto argv = split(entry, ' ');
        if (argv.empty()) continue;
        bool placed = false;
        for (auto& a : argv) {
          if (auto at = a.find("%s"); at != std::string::npos) {
            a.replace(at, 2, url);
            placed = true;
          }
        }
        if (!placed) argv.push_back(url);
        if (spawn(argv)) return;
      }
      notice("could not start $BROWSER; open the address above yourself");
      return;
    }
#ifdef __APPLE__
    if (spawn({"open", url})) return;
#else
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland)) {
      notice("no display found; open the address above on any browser of this computer");
      return;
    }
    if (spawn({"xdg-open", url})) return;
#endif
    notice("could not start a browser; open the address above yourself");
  }
};
}  // namespace

std::unique_ptr<BrowserOpener> system_browser_opener() { return std::make_unique<SystemBrowser>(); }

}  // namespace tally::bridge::oauth
