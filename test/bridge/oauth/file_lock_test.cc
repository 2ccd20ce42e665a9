#include "oauth/file_lock.h"

#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "temp_dir.h"

using namespace tally::bridge::oauth;
using namespace std::chrono_literals;

TEST_CASE("a held lock makes others wait, bounded, and frees on release") {
  TempDir tmp;
  auto path = tmp.path / "x.lock";
  std::string error;
  auto first = FileLock::acquire(path, 1s, error);
  REQUIRE(first);
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(FileLock::acquire(path, 100ms, error));
  CHECK(std::chrono::steady_clock::now() - start >= 100ms);
  CHECK(error == "timed out waiting for another tally-bridge to finish signing in");
  CHECK_FALSE(FileLock::try_acquire(path));
  first.reset();
  CHECK(FileLock::try_acquire(path));
}

TEST_CASE("another process sees the lock, and it is released when the holder dies") {
  TempDir tmp;
  auto path = tmp.path / "x.lock";
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  pid_t child = fork();
  if (child == 0) {
    std::string error;
    auto held = FileLock::acquire(path, 1s, error);
    char c = held ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    pause();  // killed by the parent
    _exit(0);
  }
  char c = 0;
  REQUIRE(read(ready[0], &c, 1) == 1);
  REQUIRE(c == 'y');
  CHECK_FALSE(FileLock::try_acquire(path));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  std::string error;
  CHECK(FileLock::acquire(path, 1s, error));
  close(ready[0]);
  close(ready[1]);
}
