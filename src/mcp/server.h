#pragma once
// The MCP server over a byte stream: framing, JSON-RPC validation, lifecycle,
// dispatch, cancellation, progress, logging and server→client requests
// (protocol.md §A). A reader thread takes lines off the input so `ping` and
// `notifications/cancelled` are handled while a tool runs; requests run one at
// a time, in arrival order, on the thread that called serve().
//
// Dual-era (protocol-2026.md §A): each request is legacy or 2026-07-28 by its
// own `_meta` (era.h); a modern one is served statelessly from its envelope
// (envelope.h), a legacy one from this process's `initialize`. Handlers never
// know which: the CallContext carries what the caller declared.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "mcp/log_level.h"
#include "mcp/message_parser.h"
#include "mcp/output.h"
#include "mcp/protocol_version.h"
#include "mcp/tool_registry.h"
#include "mcp/write_group.h"

namespace tally::mcp {

struct ServerInfo {
  std::string name = "tally";
  std::string title = "Tally";
  std::string version;
  std::string description;
  std::string website_url;
  std::string instructions;
};

struct ServerOptions {
  ServerInfo info;
  std::size_t max_line_bytes = 4 * 1024 * 1024;
  std::size_t page_size = 0;  ///< tools/list page size; 0 = one page
  /// Group commit for queued write calls; none = each call commits alone.
  std::shared_ptr<WriteGroup> write_group;
  std::size_t max_group = 128;  ///< bounds the wait of a group's first answer
  std::size_t max_queued = 256;  ///< requests read ahead of the one running
};

class Server {
 public:
  Server(ServerOptions options, const ToolRegistry& tools, Output& out);
  ~Server();

  /// Serves until end of input (or stop()). Requests already read are answered first.
  void serve(int in_fd);

  /// Ends serve() soon: cancels the running call and drops queued ones (SIGTERM).
  void stop();
  bool stopping() const { return stopping_; }

  /// Called on the reader thread when the running call is cancelled, e.g. sqlite3_interrupt.
  void set_interrupt(std::function<void()> interrupt) { interrupt_ = std::move(interrupt); }

 private:
  struct Call;    // a request in flight
  struct Caller;  // what the caller declared: from initialize (legacy) or the envelope (modern)
  struct Job {
    json message;
    DecimalLexemes decimals;
  };
  class Context;

  void read_loop(int in_fd);
  void on_line(std::string_view line);
  void on_object(json message, DecimalLexemes decimals);
  void enqueue(Job job);
  void run_worker();
  void run_job(Job& job);
  /// Runs `first` and the write calls queued right behind it as one group.
  void run_write_group(Job& first);
  bool is_write_call(const Job& job) const;
  std::optional<json> process(const json& message, const DecimalLexemes& decimals, bool in_batch);
  json process_batch(const Job& job);
  json dispatch(const json& id, const std::string& method, const json& params,
                const DecimalLexemes& decimals, const std::shared_ptr<Call>& call);
  /// A 2026-07-28 request: checks the envelope, serves it, stamps the result (A2–A7).
  json dispatch_modern(const std::string& method, const json& params,
                       const DecimalLexemes& decimals, const std::shared_ptr<Call>& call);
  json initialize(const json& params);
  json discover() const;
  /// resultType and P/serverInfo, which every modern result carries (A4).
  void stamp_modern(json& result) const;
  json modern_tools_list(const json& cursor) const;
  /// A modern tools/list page serialised once per cursor and reused: repeats are
  /// byte-identical and cost no rebuild or re-serialisation (A5).
  const std::string& modern_tools_page(const json& cursor);
  json call_tool(const json& params, const DecimalLexemes& decimals, const std::shared_ptr<Call>& call,
                 const Caller& caller);
  /// subscriptions/listen (A9): acknowledges and holds the request open; no response.
  /// Returns false when it was cancelled before the acknowledgement (then it is not held).
  bool open_listen(const json& id, const json& params, const std::shared_ptr<Call>& call);
  void on_notification(const std::string& method, const json& params);
  void cancel(const json& params);
  void deliver_response(const json& message);
  /// Registers a request id; nullptr when the id is already in flight (A2).
  /// `held`: a subscriptions/listen, which stays in flight after it is served (A9).
  std::shared_ptr<Call> begin_call(const json& id, bool cancellable, bool held = false);
  void end_call(const json& id);

  ServerOptions options_;
  const ToolRegistry& tools_;
  Output& out_;
  std::function<void()> interrupt_;

  // Shared between the reader and the worker.
  std::mutex mu_;
  std::condition_variable cv_;        // the worker waits for work
  std::condition_variable space_cv_;  // the reader waits for room in the queue
  std::deque<Job> queue_;
  std::map<std::string, std::shared_ptr<Call>> in_flight_;  // key: id as compact JSON
  std::map<std::string, std::promise<json>> client_requests_;
  bool input_done_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<long> next_client_request_{1};

  // Fixed per process: stamped into every modern result's _meta (A4).
  json server_info_meta_;
  std::map<std::string, std::string> modern_pages_;  // worker thread only; key: cursor as JSON

  // Session state: worker thread only.
  bool initialized_ = false;
  Version version_ = kLatestVersion;
  json client_capabilities_ = json::object();
  json client_info_ = json::object();
  LogLevel log_level_ = LogLevel::kInfo;
};

}  // namespace tally::mcp
