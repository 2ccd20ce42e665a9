#pragma once
// The one object that writes the protocol stream (stdout): whole lines, one
// message each, serialized across the reader and worker threads.
#include <mutex>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"
#include "mcp/sink.h"

namespace tally::mcp {

class Output final : public Sink {
 public:
  explicit Output(int fd) : fd_(fd) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void send(const json& message) override;
  void send_result(const json& id, std::string_view result) override;
  /// Returns false once the peer has gone (EPIPE); later sends are dropped.
  bool alive() const;

 private:
  void write_line(std::string line);

  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

}  // namespace tally::mcp
