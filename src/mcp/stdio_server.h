#pragma once
// The stdio transport: newline-delimited JSON-RPC over a byte stream. A reader
// thread takes lines off the input so `ping` and `notifications/cancelled` are
// handled while a tool runs; requests run one at a time, in arrival order, on
// the thread that called serve(). Consecutive write calls are group-committed
// (write_group.h). One client, one session.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "mcp/dispatcher.h"
#include "mcp/write_group.h"

namespace tally::mcp {

struct StdioOptions {
  std::size_t max_line_bytes = 4 * 1024 * 1024;
  /// Group commit for queued write calls; none = each call commits alone.
  std::shared_ptr<WriteGroup> write_group;
  std::size_t max_group = 128;   ///< bounds the wait of a group's first answer
  std::size_t max_queued = 256;  ///< requests read ahead of the one running
};

class StdioServer {
 public:
  StdioServer(StdioOptions options, Dispatcher& dispatcher, Sink& out, Binding binding);

  /// Serves until end of input (or stop()). Requests already read are answered first.
  void serve(int in_fd);

  /// Ends serve() soon: the running call sees itself cancelled and queued ones are
  /// dropped (SIGTERM). What has committed is still answered.
  void stop();
  bool stopping() const { return stopping_; }

  /// Runs `task` on the thread that runs the calls, between two of them (the
  /// ledger's timed catch-up: the one connection is never used by two threads).
  void on_worker(std::function<void()> task);

 private:
  struct Job {
    json message;
    DecimalLexemes decimals;
    std::function<void()> task = nullptr;  // on_worker's, instead of a message
  };

  void read_loop(int in_fd);
  void on_line(std::string_view line);
  void on_object(json message, DecimalLexemes decimals);
  void enqueue(Job job);
  void run_worker();
  void run_job(Job& job);
  /// Runs `first` and the write calls queued right behind it as one group.
  void run_write_group(Job& first);
  bool next_is_write();

  StdioOptions options_;
  Dispatcher& dispatcher_;
  Sink& out_;
  Binding binding_;
  Session session_;

  std::mutex mu_;
  std::condition_variable cv_;        // the worker waits for work
  std::condition_variable space_cv_;  // the reader waits for room in the queue
  std::deque<Job> queue_;
  bool input_done_ = false;
  std::atomic<bool> stopping_{false};
};

}  // namespace tally::mcp
