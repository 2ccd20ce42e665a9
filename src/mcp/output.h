#pragma once
// The one object that writes the protocol stream (stdout): whole lines, one
// message each, serialized across the reader and worker threads.
#include <mutex>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class Output {
 public:
  explicit Output(int fd) : fd_(fd) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void send(const json& message);
  /// Sends {"id":…,"jsonrpc":"2.0","result":…} around a result serialised earlier; the
  /// same bytes send(make_result(id, result)) would write (keys sort the same way).
  void send_result(const json& id, std::string_view result_line);
  /// Returns false once the peer has gone (EPIPE); later sends are dropped.
  bool alive() const;

 private:
  void write_line(std::string line);

  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

}  // namespace tally::mcp
