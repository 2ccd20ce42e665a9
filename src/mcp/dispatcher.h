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

#include "mcp/envelope.h"
#include "mcp/message_parser.h"
#include "mcp/prompt_registry.h"
#include "mcp/request_state.h"
#include "mcp/resource_registry.h"
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

/// What else the server offers besides tools. Null or empty: not offered, and its
/// capability is not declared (prompts and resources exist only in test builds so far).
struct Offerings {
  const PromptRegistry* prompts = nullptr;
  const ResourceRegistry* resources = nullptr;
};

class Dispatcher {
 public:
  Dispatcher(DispatchOptions options, const ToolRegistry& tools, Offerings offerings = {});

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
  const PromptRegistry& prompts() const { return prompts_; }
  const ResourceRegistry& resources() const { return resources_; }

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
  Caller legacy_caller(const Session& session) const;
  static Caller modern_caller(const Envelope& envelope);
  /// prompts/*, resources/*, completion/complete for either era (`modern`: list
  /// results carry ttlMs and cacheScope).
  std::optional<json> serve_offering(const std::string& method, const json& params, Session& session, Sink& sink,
                                     const std::shared_ptr<Session::Call>& call, const Caller& caller,
                                     const Binding& binding, bool modern);
  json complete(const json& params, CallContext& ctx, bool read_only) const;
  /// Runs `work` (a tools/call, prompts/get or resources/read) so that, in the modern
  /// era, an InputRequired becomes an `input_required` result; `answers` are the
  /// client's answers so far (requestState + inputResponses), checked here.
  json with_input(const std::string& method, const json& params, const Caller& caller, json& answers,
                  const std::function<json()>& work) const;
  json capabilities(bool modern) const;
  bool open_listen(const json& id, const json& params, Session& session, Sink& sink,
                   Session::Call& call) const;

  DispatchOptions options_;
  const ToolRegistry& tools_;
  const PromptRegistry& prompts_;
  const ResourceRegistry& resources_;
  RequestStateSeal seal_;
  json server_info_meta_;  // stamped into every modern result's _meta (A4)
  std::atomic<bool> stopping_{false};
  std::mutex pages_mu_;
  std::map<std::string, std::string> modern_pages_;  // key: view + cursor
};

}  // namespace tally::mcp
