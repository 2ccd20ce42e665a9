#pragma once
// The one object that writes the protocol stream (stdout): whole lines, one
// message each, serialized across the reader and worker threads.
#include <mutex>
#include <string>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class Output {
 public:
  explicit Output(int fd) : fd_(fd) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void send(const json& message);
  /// Returns false once the peer has gone (EPIPE); later sends are dropped.
  bool alive() const;

 private:
  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

}  // namespace tally::mcp
