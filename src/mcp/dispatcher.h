#pragma once
// The protocol core, transport-agnostic and stateless: it validates one
// message, serves it for its era (protocol.md, protocol-2026.md) against the
// caller's session, and returns the answer. Transports (stdio_server.h, the
// HTTP endpoint) own reading, queues and threads; the session owns what one
// client negotiated; the application binds each call to its store
// (CallContext::scope). Thread-safe: HTTP runs many calls at once.
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mcp/message_parser.h"
#include "mcp/session.h"
#include "mcp/sink.h"
#include "mcp/tool_registry.h"

namespace tally::mcp {

struct ServerInfo {
  std::string name = "tally";
  std::string title = "Tally";
  std::string version;
  std::string description;
  std::string website_url;
  std::string instructions;
};

struct DispatchOptions {
  ServerInfo info;
  std::size_t page_size = 0;  ///< tools/list page size; 0 = one page
  /// Whether answers depend on the credential (auth is on): modern lists then say
  /// cacheScope "private". Asked per list, since a key created while serving turns auth on.
  std::function<bool()> private_lists = nullptr;
};

/// What the transport established about one call: the store it runs against and
/// which tools the caller may see.
struct Binding {
  CallScope* scope = nullptr;
  const ToolAccess* access = nullptr;  ///< null: every tool
};

class Dispatcher {
 public:
  Dispatcher(DispatchOptions options, const ToolRegistry& tools);

  /// One message (an object). Returns the answer to send, or nullopt when there is
  /// none (a notification, a response, a cancelled call, a held listen) or when the
  /// answer already went to `sink` (a cached modern tools/list page).
  /// `in_batch`: an element of a 2025-03-26 batch (its id is registered here).
  std::optional<json> process(const json& message, const DecimalLexemes& decimals, Session& session,
                              Sink& sink, const Binding& binding, bool in_batch = false);
  /// A 2025-03-26 batch: the array of answers, or null when none is due.
  json process_batch(const json& batch, const DecimalLexemes& decimals, Session& session, Sink& sink,
                     const Binding& binding);

  /// A tools/call of a tool that writes (the write queue's concern).
  bool is_write_call(const json& message) const;
  /// The tool a tools/call names, if it is one the caller may see.
  const ToolSpec* tool_of(const json& message, const ToolAccess* access) const;

  /// Process shutdown: every running call sees itself cancelled, and held listens
  /// of `session` get their closing result on `sink` (protocol-2026.md A9, ours).
  void stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }
  void close_listens(Session& session, Sink& sink) const;

  const DispatchOptions& options() const { return options_; }
  const ToolRegistry& tools() const { return tools_; }

 private:
  class Context;
  struct Caller;

  json dispatch(const std::string& method, const json& params, const DecimalLexemes& decimals,
                Session& session, Sink& sink, const std::shared_ptr<Session::Call>& call,
                const Binding& binding);
  json dispatch_modern(const std::string& method, const json& params, const DecimalLexemes& decimals,
                       Session& session, Sink& sink, const std::shared_ptr<Session::Call>& call,
                       const Binding& binding);
  json initialize(Session& session, const json& params) const;
  json discover() const;
  void stamp_modern(json& result) const;
  json modern_tools_list(const json& cursor, const ToolAccess* access, bool private_list) const;
  bool lists_private() const;
  /// A modern tools/list page serialised once per cursor and caller view, then reused:
  /// repeats are byte-identical and cost no rebuild (A5).
  std::string modern_tools_page(const json& cursor, const ToolAccess* access);
  json call_tool(const json& params, const DecimalLexemes& decimals, Session& session, Sink& sink,
                 const std::shared_ptr<Session::Call>& call, const Caller& caller, const Binding& binding);
  bool open_listen(const json& id, const json& params, Session& session, Sink& sink,
                   Session::Call& call) const;

  DispatchOptions options_;
  const ToolRegistry& tools_;
  json server_info_meta_;  // stamped into every modern result's _meta (A4)
  std::atomic<bool> stopping_{false};
  std::mutex pages_mu_;
  std::map<std::string, std::string> modern_pages_;  // key: view + cursor
};

}  // namespace tally::mcp
