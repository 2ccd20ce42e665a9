#pragma once
// The relay: stdin lines in, upstream messages out on stdout, nothing else.
//
// Threads: the caller's (reading stdin) classifies each line and hands it to
// a worker (WorkerPool), which POSTs it on a shared connection (ConnectionPool)
// and routes whatever comes back;
// ServerStream / LegacyUpstream each own one thread for their event stream.
// StdoutWriter serializes every write. Client ids are never renumbered;
// the bridge's own requests use "bridge-N" ids and are consumed here.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "auth_gate.h"
#include "auth_provider.h"
#include "cli_options.h"
#include "client_message.h"
#include "connection_pool.h"
#include "era_cache.h"
#include "legacy_upstream.h"
#include "listen_stream.h"
#include "message_router.h"
#include "modern_upstream.h"
#include "order_gate.h"
#include "session_state.h"
#include "stdout_writer.h"
#include "stop_flag.h"
#include "streamable_upstream.h"
#include "tool_filter.h"
#include "worker_pool.h"

namespace tally::bridge {

class Relay {
 public:
  /// `auth` may be null (no sign-in available).
  Relay(const BridgeOptions& options, AuthProvider* auth, StdoutWriter& out);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  /// One line from the client (without its newline).
  void handle_line(std::string line);

  /// Backpressure: false while the relay's backlog is full, so the caller leaves
  /// further input in the pipe; waits at most `timeout` for room. Always true
  /// while the bridge waits for an answer from the client.
  bool wait_for_room(std::chrono::milliseconds timeout);

  /// Ends the relay: lets in-flight requests finish for up to `grace`, then
  /// aborts them and DELETEs the session (at most `delete_timeout`). Returns
  /// false when a worker is still busy afterwards, which only a sign-in blocked
  /// in the provider (waiting for a browser) can cause; the caller may then
  /// exit without joining it. Safe to call more than once.
  bool close(std::chrono::milliseconds grace, std::chrono::milliseconds delete_timeout);

 private:
  // modern: a legacy client bridged to a 2026-07-28 server (a modern client's
  // messages go to modern_ whatever the mode: the era is per request).
  enum class Mode { undecided, streamable, legacy, modern };
  void dispatch(const ClientMessage& message);
  void dispatch_initialize(const ClientMessage& message);
  void dispatch_legacy_initialize(const ClientMessage& message);
  /// §C1: the era of the server for a legacy client's initialize; true when it is
  /// modern and the initialize has been answered (or failed) here.
  bool bridge_to_modern(const ClientMessage& message);
  bool refuse_hidden_tool(const ClientMessage& message);
  Mode mode() const;
  void set_mode(Mode mode);

  BridgeOptions options_;
  StdoutWriter& out_;
  ToolFilter filter_;
  SessionState session_;
  MessageRouter router_;
  AuthGate auth_;
  StopFlag stop_;
  OrderGate gate_;
  ConnectionPool connections_;
  UpstreamContext context_;
  StreamableUpstream streamable_;
  LegacyUpstream legacy_;
  ModernUpstream modern_;
  ListenStream listen_;
  EraCache eras_;
  WorkerPool pool_;  // last: its threads use everything above, so it goes first

  // Transfers at once, and workers: twice as many, so requests waiting for their
  // turn, a connection or the client leave others to carry on (measured in
  // bench/notes.md, "Round 2: bridge memory").
  static constexpr std::size_t kConnections = 8;
  static constexpr std::size_t kWorkers = 2 * kConnections;

  mutable std::mutex mode_mutex_;
  Mode mode_ = Mode::undecided;
  nlohmann::json discover_;  ///< the DiscoverResult a legacy client's initialize was answered from
  bool closed_ = false;
};

}  // namespace tally::bridge
