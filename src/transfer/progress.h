#pragma once
// A progress bar on stderr for long imports, drawn only when stderr is a
// terminal (never into a log or a pipe a test reads), at most every 1%.
#include <cstddef>
#include <string>

namespace tally::transfer {

class Progress {
 public:
  Progress(std::string label, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void step(std::size_t done);

 private:
  std::string label_;
  std::size_t total_;
  int shown_ = -1;
  bool on_ = false;
};

}  // namespace tally::transfer
