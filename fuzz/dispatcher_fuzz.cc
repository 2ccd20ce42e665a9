// Target (a): newline-delimited JSON-RPC, both protocol eras, through the
// stdio transport and the whole Dispatcher into every toolset's tools and the
// SQL behind them, against a real ledger (ledger_fixture.h). The input is what
// a client writes to `tally serve`'s stdin; the invariant is that every line
// Tally writes back is valid JSON-RPC (jsonrpc_check.h).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "jsonrpc_check.h"
#include "ledger_fixture.h"
#include "mcp/stdio_server.h"

namespace {

using tally::mcp::json;

class CheckingSink final : public tally::mcp::Sink {
 public:
  void send(const json& message) override {
    std::lock_guard lock(mu_);
    tally::fuzz::check_jsonrpc_line(tally::mcp::to_line(message));
  }
  void send_result(const json& id, std::string_view result) override {
    std::lock_guard lock(mu_);
    tally::fuzz::check_jsonrpc_line(tally::mcp::result_line(id, result));
  }

 private:
  std::mutex mu_;
};

/// The input as a file descriptor, for StdioServer::serve.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size) : fd_(memfd_create("fuzz-input", 0)) {
    if (fd_ < 0) throw std::runtime_error("memfd_create failed");
    for (std::size_t done = 0; done < size;) {
      ssize_t n = write(fd_, data + done, size - done);
      if (n <= 0) throw std::runtime_error("write failed");
      done += static_cast<std::size_t>(n);
    }
    lseek(fd_, 0, SEEK_SET);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;  // a few messages; big inputs only slow the search
  auto& fixture = tally::fuzz::LedgerFixture::get();
  MemoryFile input(data, size);
  CheckingSink sink;
  fixture.rolled_back([&] {
    tally::mcp::StdioOptions
        options;  // no group commit: each write is a savepoint in the fixture's transaction
    options.max_line_bytes = 64 * 1024;
    tally::mcp::StdioServer server(std::move(options), fixture.dispatcher(), sink,
                                   tally::mcp::Binding{&fixture.scope(), nullptr});
    server.serve(input.fd());
  });
  return 0;
}
