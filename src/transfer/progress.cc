#include "transfer/progress.h"

#include <cstdio>

#include <unistd.h>

namespace tally::transfer {

Progress::Progress(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), on_(total >= 1000 && isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  if (on_ && shown_ >= 0) std::fputs("\n", stderr);
}

void Progress::step(std::size_t done) {
  if (!on_ || total_ == 0) return;
  int percent = static_cast<int>(done * 100 / total_);
  if (percent == shown_) return;
  shown_ = percent;
  std::string bar(static_cast<std::size_t>(percent / 4), '#');
  bar.resize(25, '.');
  std::fprintf(stderr, "\r%s [%s] %3d%% (%zu/%zu)", label_.c_str(), bar.c_str(), percent, done, total_);
  std::fflush(stderr);
}

}  // namespace tally::transfer
