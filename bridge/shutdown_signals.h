#pragma once
// SIGTERM, SIGINT and SIGHUP become a readable byte on a pipe (the self-pipe
// trick: the handler only write()s), which the stdin loop polls alongside
// stdin. SIGPIPE is ignored: a client that went away shows up as a failed
// write, not a dead bridge.
namespace tally::bridge {

class ShutdownSignals {
 public:
  ShutdownSignals();
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  int fd() const { return read_fd_; }
  /// A signal has arrived (the byte stays for the stdin loop to see).
  bool pending() const;

 private:
  int read_fd_ = -1;
};

}  // namespace tally::bridge
