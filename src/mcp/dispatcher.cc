#include "mcp/dispatcher.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include <spdlog/spdlog.h>

#include "mcp/envelope.h"
#include "mcp/era.h"
#include "mcp/input.h"
#include "mcp/message_kind.h"
#include "mcp/tool_name.h"

namespace tally::mcp {

/// What the caller declared: from initialize (legacy) or the envelope (modern).
struct Dispatcher::Caller {
  const json& capabilities;
  const json& client_info;
  std::optional<LogLevel> log_threshold;  // nullopt: no notifications/message at all
  bool progress_messages;                 // progress `message` is defined (2025-03-26+)
  bool may_request_client;                // 2026-07-28 has no server→client requests (A7)
  Version result_shape;                   // which CallToolResult fields to emit
};

namespace {

// 2026-07-28 keeps every tool and result field of 2025-11-25, so modern requests get
// the latest legacy shapes (protocol-2026.md A5).
constexpr Version kModernShape = kLatestVersion;
// The tool set is fixed per binary, so clients may cache lists for an hour (A5, ours).
constexpr std::int64_t kListTtlMs = 3'600'000;

const json& no_client_info() {
  static const json empty = json::object();
  return empty;
}

/// Why a method is not served to a modern request (protocol-2026.md A7).
std::string not_in_modern(const std::string& method) {
  if (method == "initialize")
    return "Method not found: 2026-07-28 has no initialize; to negotiate a legacy version, send "
           "initialize without \"_meta\"";
  if (method == "ping" || method == "logging/setLevel" || method == "resources/subscribe" ||
      method == "resources/unsubscribe")
    return "Method not found: " + method + " was removed in 2026-07-28";
  return "Method not found: " + method;
}

bool is_known_method(const std::string& m) {
  return m == "tools/list" || m == "tools/call" || m == "logging/setLevel" || m == "prompts/list" ||
         m == "prompts/get" || m == "resources/list" || m == "resources/templates/list" ||
         m == "resources/read" || m == "resources/subscribe" || m == "resources/unsubscribe" ||
         m == "completion/complete";
}

/// The capability a server→client request needs the client to have declared.
std::string capability_of(const std::string& method) {
  return method == "sampling/createMessage" ? "sampling"
         : method == "elicitation/create"   ? "elicitation"
         : method == "roots/list"           ? "roots"
                                            : "";
}

const PromptRegistry& no_prompts() {
  static const PromptRegistry empty;
  return empty;
}

const ResourceRegistry& no_resources() {
  static const ResourceRegistry empty;
  return empty;
}

/// What a requestState round is bound to: the method and the tool, prompt or URI.
std::string target_of(const std::string& method, const json& params) {
  const char* key = method == "resources/read" ? "uri" : "name";
  auto it = params.find(key);
  return method + " " + (it != params.end() && it->is_string() ? it->get<std::string>() : std::string());
}

/// At most this many completion values (the spec's cap).
constexpr std::size_t kMaxCompletions = 100;

json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

std::string unguessable_id() {
  // Server→client request ids: an HTTP client answers them in a new POST, so they
  // must not be guessable by another client (random, 128 bits).
  static thread_local std::uint64_t counter = 0;
  std::random_device rd;
  char buf[64];
  std::snprintf(buf, sizeof buf, "tally-%08x%08x%08x-%llu", rd(), rd(), rd(),
                static_cast<unsigned long long>(++counter));
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------
// What a running tool may do with the connection its call came from.

class Dispatcher::Context final : public CallContext, public InputSource {
 public:
  Context(const Dispatcher& d, Session& session, Sink& sink, std::shared_ptr<Session::Call> call,
          json progress_token, const Caller& caller, const json* answers = nullptr)
      : d_(d), session_(session), sink_(sink), call_(std::move(call)), token_(std::move(progress_token)),
        caller_(caller), answers_(answers) {}

  bool cancelled() const override { return d_.stopping_ || (call_ && call_->cancelled.load()); }

  void progress(double done, std::optional<double> total, const std::string& message) override {
    if (token_.is_null() || (sent_progress_ && done <= last_progress_)) return;  // must increase
    sent_progress_ = true;
    last_progress_ = done;
    json p{{"progressToken", token_}, {"progress", number(done)}};
    if (total) p["total"] = number(*total);
    if (!message.empty() && caller_.progress_messages) p["message"] = message;
    sink_.send(make_notification("notifications/progress", std::move(p)));
  }

  void log(LogLevel level, const std::string& logger, const json& data) override {
    if (!caller_.log_threshold || level < *caller_.log_threshold) return;
    json p{{"level", to_string(level)}, {"data", data}};
    if (!logger.empty()) p["logger"] = logger;
    sink_.send(make_notification("notifications/message", std::move(p)));
  }

  json ask(const json& requests) override {
    if (caller_.may_request_client) {  // legacy: server→client requests now
      json answers = json::object();
      for (const auto& [key, request] : requests.items())
        answers[key] = request_client(request.value("method", std::string()), request.value("params", json::object()));
      return answers;
    }
    // 2026-07-28: answered from this round's answers, or an input_required result (SEP-2322).
    json answers = json::object();
    json missing = json::object();
    for (const auto& [key, request] : requests.items()) {
      std::string method = request.value("method", std::string());
      std::string capability = capability_of(method);
      if (!capability.empty() && !caller_.capabilities.contains(capability))
        throw RpcError(ErrorCode::kMissingClientCapability,
                       "Missing client capability: this call needs \"" + capability +
                           "\", which the client did not declare in clientCapabilities, so " + method +
                           " cannot be asked of it",
                       json{{"requiredCapabilities", {{capability, json::object()}}}});
      if (answers_ != nullptr && answers_->contains(key)) answers[key] = (*answers_)[key];
      else missing[key] = request;
    }
    if (!missing.empty()) throw InputRequired{std::move(missing)};
    return answers;
  }

  json request_client(const std::string& method, json params) override {
    std::string capability = capability_of(method);
    if (!caller_.may_request_client)
      throw ToolError("This client speaks MCP 2026-07-28, where servers send no requests to "
                      "clients, so " + method + " cannot be sent to it.");
    if (!capability.empty() && !caller_.capabilities.contains(capability))
      throw ToolError("The client did not declare the \"" + capability + "\" capability, so " +
                      method + " cannot be sent to it.");
    json id = unguessable_id();
    std::string key = to_line(id);
    ClientRequests& requests = session_.client_requests();
    std::future<json> answer = requests.expect(key, session_.owner());
    try {
      sink_.send(make_request(id, method, std::move(params)));
    } catch (...) {
      requests.forget(key);
      throw;
    }
    while (answer.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
      if (cancelled()) {
        requests.forget(key);
        throw Cancelled{};
      }
      if (session_.closed) {
        requests.forget(key);
        throw ToolError("The client closed the connection before answering " + method + ".");
      }
    }
    json response = answer.get();
    if (response.contains("error")) {
      std::string message = response["error"].value("message", std::string("no message"));
      throw ToolError("The client answered " + method + " with an error: " + message);
    }
    return response["result"];
  }

  const json& client_capabilities() const override { return caller_.capabilities; }
  const json& client_info() const override { return caller_.client_info; }

 private:
  const Dispatcher& d_;
  Session& session_;
  Sink& sink_;
  std::shared_ptr<Session::Call> call_;
  json token_;
  const Caller& caller_;
  const json* answers_;
  bool sent_progress_ = false;
  double last_progress_ = 0;
};

// ---------------------------------------------------------------------------

Dispatcher::Dispatcher(DispatchOptions options, const ToolRegistry& tools, Offerings offerings)
    : options_(std::move(options)),
      tools_(tools),
      prompts_(offerings.prompts ? *offerings.prompts : no_prompts()),
      resources_(offerings.resources ? *offerings.resources : no_resources()),
      server_info_meta_{{"name", options_.info.name},
                        {"title", options_.info.title},
                        {"version", options_.info.version}} {}

bool Dispatcher::is_write_call(const json& message) const {
  const ToolSpec* tool = tool_of(message, nullptr);
  return tool != nullptr && !tool->annotations.read_only;
}

const ToolSpec* Dispatcher::tool_of(const json& m, const ToolAccess* access) const {
  if (!m.is_object() || !m.contains("id")) return nullptr;
  auto method = m.find("method");
  if (method == m.end() || *method != "tools/call") return nullptr;
  auto params = m.find("params");
  if (params == m.end() || !params->is_object()) return nullptr;
  auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return nullptr;
  const ToolSpec* tool = tools_.find(name->get_ref<const std::string&>());
  return tool != nullptr && (access == nullptr || access->sees(*tool)) ? tool : nullptr;
}

void Dispatcher::close_listens(Session& session, Sink& sink) const {
  session.each_call([&](Session::Call& call) {
    call.cancelled = true;
    if (call.held && call.open)  // graceful closure of a listen (protocol-2026.md A9, ours)
      sink.send(make_result(call.id, {{"resultType", "complete"},
                                      {"_meta", {{meta_key::kSubscriptionId, call.id},
                                                 {meta_key::kServerInfo, server_info_meta_}}}}));
  });
}

json Dispatcher::process_batch(const json& batch, const DecimalLexemes& decimals, Session& session,
                               Sink& sink, const Binding& binding) {
  if (!session.initialized || !has_batches(session.version))
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: batches are accepted only under protocol version 2025-03-26");
  if (batch.empty()) return make_error(nullptr, ErrorCode::kInvalidRequest, "Invalid Request: empty batch");
  json responses = json::array();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const json& element = batch[i];
    if (element.is_object() && element.value("method", json()) == "initialize") {
      json id = element.contains("id") && is_valid_id(element["id"]) ? element["id"] : json(nullptr);
      responses.push_back(
          make_error(id, ErrorCode::kInvalidRequest, "Invalid Request: initialize cannot be part of a batch"));
      continue;
    }
    if (auto r = process(element, decimals.under("/" + std::to_string(i)), session, sink, binding, true))
      responses.push_back(std::move(*r));
  }
  return responses.empty() ? json() : responses;
}

std::optional<json> Dispatcher::process(const json& message, const DecimalLexemes& decimals,
                                        Session& session, Sink& sink, const Binding& binding,
                                        bool in_batch) {
  MessageKind kind;
  if (auto error = check_message(message, kind))
    return kind == MessageKind::kNotification ? std::nullopt : error;
  if (kind == MessageKind::kResponse) {
    if (!session.client_requests().deliver(message, session.owner()))
      spdlog::debug("ignored a response to an unknown request");
    return std::nullopt;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  const json params = message.value("params", json::object());
  if (kind == MessageKind::kNotification) {
    if (method == "notifications/cancelled") session.cancel(params);
    // notifications/initialized needs nothing: requests are never gated on it (A3).
    else if (method != "notifications/initialized") spdlog::debug("ignored notification {}", method);
    return std::nullopt;
  }
  const json& id = message["id"];
  const bool modern = era_of(message) == Era::kModern;
  // Transports that read ahead register a request's id as they read it (stdio);
  // batch elements and the rest are registered here.
  std::shared_ptr<Session::Call> call = in_batch ? nullptr : session.find_call(id);
  if (!call) {
    call = session.begin_call(id, method != "initialize", modern && method == "subscriptions/listen");
    if (!call)
      return make_error(id, ErrorCode::kInvalidRequest,
                        "Invalid Request: id " + to_line(id) + " is already used by a request in progress");
  }
  std::optional<json> response;
  std::optional<std::string> listed;  // a modern tools/list page, already serialised
  bool held = false;
  bool interrupted = false;
  try {
    if (call->cancelled) {
      // cancelled while queued: nothing to run, nothing to say
    } else if (call->held) {
      held = open_listen(id, params, session, sink, *call);
    } else if (modern) {
      if (method == "tools/list" && !in_batch) {
        read_envelope(params);
        listed = modern_tools_page(params.value("cursor", json()), binding.access);
      } else {
        response = make_result(id, dispatch_modern(method, params, decimals, session, sink, call, binding));
      }
    } else {
      response = make_result(id, dispatch(method, params, decimals, session, sink, call, binding));
    }
  } catch (const RpcError& e) {
    response = make_error(id, e.code(), e.what(), e.data());
  } catch (const Cancelled&) {
    interrupted = true;
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    response = make_error(id, ErrorCode::kInternalError,
                          "Internal error while handling " + method +
                              "; nothing was changed. The server log has the details.");
  }
  if (held) return std::nullopt;  // stays in flight until cancelled (A9)
  // Only the client's own cancellation silences a call (A8). A call stopped by
  // shutdown is answered: what it committed stands, and a retrying client must
  // not record it twice; what it had not committed was rolled back.
  const bool client_cancelled = call->cancellable && call->cancelled;
  session.end_call(id);  // before answering, so the client may reuse the id at once
  if (client_cancelled) return std::nullopt;
  if (interrupted)
    return make_error(id, ErrorCode::kInternalError,
                      "The server is shutting down; this call was not carried out and nothing was "
                      "changed. Send it again when the server is back.");
  if (listed) {
    sink.send_result(id, *listed);
    return std::nullopt;
  }
  return response;
}

json Dispatcher::dispatch(const std::string& method, const json& params, const DecimalLexemes& decimals,
                          Session& session, Sink& sink, const std::shared_ptr<Session::Call>& call,
                          const Binding& binding) {
  if (method == "initialize") return initialize(session, params);
  if (method == "ping") return json::object();
  // Modern-only methods without a claim: the envelope check names what is missing (A1, ours).
  if (method == "server/discover" || method == "subscriptions/listen") read_envelope(params);
  if (!session.initialized) {
    if (is_known_method(method))
      throw RpcError(ErrorCode::kInvalidRequest,
                     "Not initialized: send initialize first (only ping may come before it), or "
                     "send 2026-07-28 requests, each with \"params._meta\" naming its version");
    throw RpcError(ErrorCode::kMethodNotFound, "Method not found: " + method);
  }
  if (method == "tools/list") return tools_.list(session.version, params.value("cursor", json()),
                                                 options_.page_size, binding.access);
  if (method == "tools/call") return call_tool(params, decimals, session, sink, call, legacy_caller(session), binding);
  if (auto served = serve_offering(method, params, session, sink, call, legacy_caller(session), binding, false))
    return std::move(*served);
  if (method == "logging/setLevel") {
    auto level = params.contains("level") && params["level"].is_string()
                     ? parse_log_level(params["level"].get<std::string>())
                     : std::nullopt;
    if (!level)
      throw RpcError(ErrorCode::kInvalidParams,
                     "Invalid params: \"level\" must be one of debug, info, notice, warning, "
                     "error, critical, alert, emergency");
    session.log_level = *level;
    return json::object();
  }
  throw RpcError(ErrorCode::kMethodNotFound, "Method not found: " + method);
}

json Dispatcher::dispatch_modern(const std::string& method, const json& params, const DecimalLexemes& decimals,
                                 Session& session, Sink& sink, const std::shared_ptr<Session::Call>& call,
                                 const Binding& binding) {
  const Envelope envelope = read_envelope(params);
  json result;
  if (method == "server/discover") {
    result = discover();
  } else if (method == "tools/list") {
    return modern_tools_list(params.value("cursor", json()), binding.access, lists_private());  // in a batch: not cached
  } else if (method == "tools/call") {
    result = call_tool(params, decimals, session, sink, call, modern_caller(envelope), binding);
  } else if (auto served =
                 serve_offering(method, params, session, sink, call, modern_caller(envelope), binding, true)) {
    result = std::move(*served);
  } else {
    throw RpcError(ErrorCode::kMethodNotFound, not_in_modern(method));
  }
  stamp_modern(result);
  return result;
}

Dispatcher::Caller Dispatcher::legacy_caller(const Session& session) const {
  return Caller{session.client_capabilities, session.client_info, session.log_level,
                has_progress_message(session.version), true, session.version};
}

Dispatcher::Caller Dispatcher::modern_caller(const Envelope& envelope) {
  // Modern log notifications are not adopted (A6, ours): the level is checked, never used.
  return Caller{*envelope.client_capabilities, envelope.client_info ? *envelope.client_info : no_client_info(),
                std::nullopt, true, false, kModernShape};
}

void Dispatcher::stamp_modern(json& result) const {
  if (!result.contains("resultType")) result["resultType"] = "complete";  // else input_required (SEP-2322)
  result["_meta"][meta_key::kServerInfo] = server_info_meta_;
}

json Dispatcher::modern_tools_list(const json& cursor, const ToolAccess* access, bool private_list) const {
  json result = tools_.list(kModernShape, cursor, options_.page_size, access);
  result["ttlMs"] = kListTtlMs;  // the same on every page (A5)
  result["cacheScope"] = private_list ? "private" : "public";
  stamp_modern(result);
  return result;
}

bool Dispatcher::lists_private() const { return options_.private_lists && options_.private_lists(); }

std::string Dispatcher::modern_tools_page(const json& cursor, const ToolAccess* access) {
  const bool private_list = lists_private();
  std::string key = std::string(private_list ? "p:" : "") + (access ? access->key() : std::string()) + "\n" +
                    to_line(cursor);
  std::lock_guard lock(pages_mu_);
  auto it = modern_pages_.find(key);
  if (it == modern_pages_.end())  // only valid cursors get here: list() throws on the rest
    it = modern_pages_.emplace(std::move(key), to_line(modern_tools_list(cursor, access, private_list))).first;
  return it->second;
}

json Dispatcher::discover() const {
  // Side-effect free: clients probe with it and may throw the process away (A3).
  json result{{"supportedVersions", json::array({kModernVersion})},
              {"capabilities", capabilities(true)},
              {"ttlMs", kListTtlMs},
              {"cacheScope", "public"}};
  if (!options_.info.instructions.empty()) result["instructions"] = options_.info.instructions;
  return result;
}

bool Dispatcher::open_listen(const json& id, const json& params, Session& session, Sink& sink,
                             Session::Call& call) const {
  read_envelope(params);
  auto filter = params.find("notifications");
  if (filter == params.end() || !filter->is_object())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: subscriptions/listen needs \"notifications\" (an object naming "
                   "the notifications wanted)");
  // Tally's tool list and its resources never change, so it honours none of the
  // filter; the stream still stays open, as the pattern requires.
  if (!session.open_held(call)) return false;
  sink.send(make_notification("notifications/subscriptions/acknowledged",
                              {{"_meta", {{meta_key::kSubscriptionId, id}}}, {"notifications", json::object()}}));
  return true;
}

json Dispatcher::initialize(Session& session, const json& params) const {
  if (session.initialized)
    throw RpcError(ErrorCode::kInvalidRequest,
                   "Invalid Request: already initialized; initialize is sent once per connection");
  auto requested = params.find("protocolVersion");
  if (requested == params.end() || !requested->is_string())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: initialize needs \"protocolVersion\" (a string such as \"2025-11-25\")");
  auto caps = params.find("capabilities");
  if (caps != params.end() && !caps->is_object())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: \"capabilities\" must be an object");
  // Echo a version we speak; answer our latest for anything else, never an error (A3).
  session.version = parse_version(requested->get<std::string>()).value_or(kLatestVersion);
  session.client_capabilities = caps != params.end() ? *caps : json::object();
  session.client_info = params.value("clientInfo", json::object());
  session.initialized = true;

  const ServerInfo& info = options_.info;
  json server_info{{"name", info.name}, {"version", info.version}};
  if (has_titles(session.version)) server_info["title"] = info.title;
  if (has_server_description(session.version)) {
    if (!info.description.empty()) server_info["description"] = info.description;
    if (!info.website_url.empty()) server_info["websiteUrl"] = info.website_url;
  }
  json result{{"protocolVersion", to_string(session.version)},
              {"capabilities", capabilities(false)},
              {"serverInfo", std::move(server_info)}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  tools_.prefetch();  // the client's next request is tools/list
  return result;
}

json Dispatcher::call_tool(const json& params, const DecimalLexemes& decimals, Session& session, Sink& sink,
                           const std::shared_ptr<Session::Call>& call, const Caller& caller,
                           const Binding& binding) {
  auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
  json arguments = params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: \"arguments\" must be an object");
  const std::string& tool_name = name->get_ref<const std::string&>();
  const ToolSpec* tool = tools_.find(tool_name);
  if (tool != nullptr && binding.access != nullptr && !binding.access->sees(*tool)) tool = nullptr;
  if (tool == nullptr)
    throw RpcError(ErrorCode::kInvalidParams,
                   "Unknown tool: " + printable_name(tool_name) + " (tools/list names the tools)");
  json token;
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
    auto t = meta->find("progressToken");
    if (t != meta->end() && (t->is_string() || t->is_number_integer())) token = *t;
  }
  json answers;
  return with_input("tools/call", params, caller, answers, [&] {
    Context context(*this, session, sink, call, token, caller, &answers);
    context.scope = binding.scope;
    return tools_.call(*tool, std::move(arguments), decimals, "/params/arguments", context, caller.result_shape);
  });
}

json Dispatcher::capabilities(bool modern) const {
  json caps{{"tools", {{"listChanged", false}}}};
  if (!modern) caps["logging"] = json::object();  // 2026-07-28 adopts no log notifications (A6, ours)
  if (!prompts_.empty()) caps["prompts"] = {{"listChanged", false}};
  if (!resources_.empty()) {
    caps["resources"] = {{"listChanged", false}};
    if (!modern) caps["resources"]["subscribe"] = true;  // 2026-07-28: subscriptions/listen instead
  }
  if (!prompts_.empty() || resources_.has_templates()) caps["completions"] = json::object();
  return caps;
}

json Dispatcher::with_input(const std::string& method, const json& params, const Caller& caller, json& answers,
                            const std::function<json()>& work) const {
  answers = json::object();
  const bool modern = !caller.may_request_client;
  const std::string target = target_of(method, params);
  if (modern) {
    // The answers of earlier rounds, sealed by us, then this round's (SEP-2322).
    if (auto state = params.find("requestState"); state != params.end()) {
      std::optional<json> opened = state->is_string() ? seal_.open(state->get_ref<const std::string&>())
                                                      : std::nullopt;
      if (!opened || !opened->is_object() || opened->value("target", std::string()) != target)
        throw RpcError(ErrorCode::kInvalidParams,
                       "Invalid params: requestState failed its integrity check or belongs to another call; "
                       "send back the requestState of this call's last input_required result unchanged, or "
                       "start the call again without one");
      answers = opened->value("answers", json::object());
    }
    if (auto responses = params.find("inputResponses"); responses != params.end()) {
      if (!responses->is_object())
        throw RpcError(ErrorCode::kInvalidParams,
                       "Invalid params: \"inputResponses\" must be an object mapping each inputRequests key to "
                       "the client's result");
      for (const auto& [key, value] : responses->items()) {
        if (!value.is_object())
          throw RpcError(ErrorCode::kInvalidParams,
                         "Invalid params: inputResponses \"" + key + "\" must be a result object");
        answers[key] = value;
      }
    }
  }
  try {
    return work();
  } catch (const InputRequired& needed) {
    // Only answers to requests asked so far are kept; the rest were not ours.
    json kept = json::object();
    for (const auto& [key, value] : answers.items())
      if (!needed.requests.contains(key)) kept[key] = value;
    // A nonce, so each round's state differs even when its answers do not.
    std::random_device rd;
    char nonce[24];
    std::snprintf(nonce, sizeof nonce, "%08x%08x", rd(), rd());
    json state{{"target", target}, {"answers", std::move(kept)}, {"nonce", nonce}};
    return json{{"resultType", "input_required"},
                {"inputRequests", needed.requests},
                {"requestState", seal_.seal(state)}};
  }
}

std::optional<json> Dispatcher::serve_offering(const std::string& method, const json& params, Session& session,
                                               Sink& sink, const std::shared_ptr<Session::Call>& call,
                                               const Caller& caller, const Binding& binding, bool modern) {
  // A method of a capability that is not declared is not served (-32601), as before
  // anything was registered.
  const bool prompt_method = method.rfind("prompts/", 0) == 0;
  const bool resource_method = method.rfind("resources/", 0) == 0;
  if ((prompt_method && prompts_.empty()) || (resource_method && resources_.empty()) ||
      (method == "completion/complete" && prompts_.empty() && !resources_.has_templates()))
    return std::nullopt;
  auto listed = [&](json result) {
    if (modern) {
      result["ttlMs"] = kListTtlMs;
      result["cacheScope"] = lists_private() ? "private" : "public";
    }
    return result;
  };
  const json cursor = params.value("cursor", json());
  const bool read_only = binding.access != nullptr && binding.access->read_only;
  if (method == "prompts/list") return listed(prompts_.list(cursor, read_only));
  if (method == "resources/list") return listed(resources_.list(cursor));
  if (method == "resources/templates/list") return listed(resources_.list_templates(cursor));
  if (method == "prompts/get" || method == "resources/read" || method == "completion/complete") {
    json answers;
    auto run = [&]() -> json {
      Context context(*this, session, sink, call, nullptr, caller, &answers);
      context.scope = binding.scope;
      if (method == "prompts/get") return prompts_.get(params, context, read_only);
      if (method == "completion/complete") return complete(params, context, read_only);
      auto uri = params.find("uri");
      if (uri == params.end() || !uri->is_string())
        throw RpcError(ErrorCode::kInvalidParams, "Invalid params: resources/read needs \"uri\" (a string)");
      std::int64_t ttl_ms = 0;
      json result = resources_.read(uri->get<std::string>(), context, ttl_ms);
      if (modern) {
        result["ttlMs"] = ttl_ms;
        result["cacheScope"] = options_.private_lists ? "private" : "public";
      }
      return result;
    };
    if (method == "completion/complete") return run();  // never asks for input
    try {
      return with_input(method, params, caller, answers, run);
    } catch (const ToolError& e) {  // a prompt or resource has no isError: a protocol error
      throw RpcError(ErrorCode::kInvalidParams, e.what());
    }
  }
  if (!modern && (method == "resources/subscribe" || method == "resources/unsubscribe")) {
    auto uri = params.find("uri");
    if (uri == params.end() || !uri->is_string())
      throw RpcError(ErrorCode::kInvalidParams, "Invalid params: " + method + " needs \"uri\" (a string)");
    const std::string& text = uri->get_ref<const std::string&>();
    if (method == "resources/unsubscribe") {
      session.subscriptions.erase(text);
      return json::object();
    }
    if (!resources_.knows(text)) throw resource_not_found(text);
    // Tally's resources do not change while it runs, so no update is ever due;
    // the subscription is kept so unsubscribe and a later change can honour it.
    session.subscriptions.insert(text);
    return json::object();
  }
  return std::nullopt;
}

json Dispatcher::complete(const json& params, CallContext& ctx, bool read_only) const {
  auto ref = params.find("ref");
  auto argument = params.find("argument");
  if (ref == params.end() || !ref->is_object() || argument == params.end() || !argument->is_object() ||
      !argument->contains("name") || !(*argument)["name"].is_string() || !argument->contains("value") ||
      !(*argument)["value"].is_string())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: completion/complete needs \"ref\" (ref/prompt or ref/resource) and "
                   "\"argument\" ({\"name\": …, \"value\": …} strings)");
  const std::string name = (*argument)["name"].get<std::string>();
  const std::string value = (*argument)["value"].get<std::string>();
  json known = json::object();
  if (auto context = params.find("context"); context != params.end() && context->is_object())
    known = context->value("arguments", json::object());
  const std::string type = ref->value("type", std::string());
  const Completer* completer = nullptr;
  if (type == "ref/prompt") {
    const PromptSpec* prompt = prompts_.find(ref->value("name", std::string()));
    if (prompt != nullptr && !prompts_.offered(*prompt, read_only)) prompt = nullptr;
    if (prompt == nullptr)
      throw RpcError(ErrorCode::kInvalidParams, "Unknown prompt: " + ref->value("name", std::string()));
    for (const auto& a : prompt->arguments)
      if (a.name == name && a.complete) completer = &a.complete;
  } else if (type == "ref/resource") {
    const ResourceTemplateSpec* tpl = resources_.find_template(ref->value("uri", std::string()));
    if (tpl == nullptr)
      throw RpcError(ErrorCode::kInvalidParams, "Unknown resource template: " + ref->value("uri", std::string()));
    if (auto it = tpl->complete.find(name); it != tpl->complete.end() && it->second) completer = &it->second;
  } else {
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: \"ref.type\" must be ref/prompt or ref/resource");
  }
  std::vector<std::string> all = completer ? (*completer)(value, known, ctx) : std::vector<std::string>{};
  json values = json::array();
  for (std::size_t i = 0; i < all.size() && i < kMaxCompletions; ++i) values.push_back(all[i]);
  return json{{"completion",
               {{"values", std::move(values)}, {"total", all.size()}, {"hasMore", all.size() > kMaxCompletions}}}};
}

}  // namespace tally::mcp
