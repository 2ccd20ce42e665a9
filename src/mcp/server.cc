#include "mcp/server.h"

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "mcp/envelope.h"
#include "mcp/era.h"
#include "mcp/line_reader.h"

namespace tally::mcp {

struct Server::Call {
  json id;
  bool cancellable = true;
  bool held = false;  // subscriptions/listen: open until cancelled, never answered (A9)
  bool open = false;  // held and acknowledged; guarded by mu_
  std::atomic<bool> cancelled{false};
};

struct Server::Caller {
  const json& capabilities;
  const json& client_info;
  std::optional<LogLevel> log_threshold;  // nullopt: no notifications/message at all
  bool progress_messages;                 // progress `message` is defined (2025-03-26+)
  bool may_request_client;                // 2026-07-28 has no server→client requests (A7)
  Version result_shape;                   // which CallToolResult fields to emit
};

namespace {

enum class Kind { kRequest, kNotification, kResponse };

std::string key_of(const json& id) { return to_line(id); }

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
  return m == "tools/list" || m == "tools/call" || m == "logging/setLevel";
}

/// Checks the JSON-RPC envelope (protocol.md A2). Returns the error to send, if any;
/// `kind` says what the message is even when it is malformed.
std::optional<json> check_envelope(const json& m, Kind& kind) {
  kind = Kind::kRequest;
  if (!m.is_object())
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: each message must be a JSON object");
  auto id_it = m.find("id");
  auto method_it = m.find("method");
  if (method_it == m.end()) {
    bool has_outcome = m.contains("result") != m.contains("error");
    if (id_it != m.end() && has_outcome) {
      kind = Kind::kResponse;
      return std::nullopt;
    }
    json id = id_it != m.end() && is_valid_id(*id_it) ? *id_it : json(nullptr);
    return make_error(id, ErrorCode::kInvalidRequest,
                      "Invalid Request: a message needs a \"method\" (a request or notification) "
                      "or a \"result\" or \"error\" (a response)");
  }
  kind = id_it == m.end() ? Kind::kNotification : Kind::kRequest;
  if (kind == Kind::kRequest && !is_valid_id(*id_it))
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: \"id\" must be a string or an integer");
  json id = kind == Kind::kRequest ? *id_it : json(nullptr);
  auto version = m.find("jsonrpc");
  if (version == m.end() || *version != "2.0")
    return make_error(id, ErrorCode::kInvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
  if (!method_it->is_string())
    return make_error(id, ErrorCode::kInvalidRequest, "Invalid Request: \"method\" must be a string");
  auto params = m.find("params");
  if (params != m.end() && !params->is_object())
    return make_error(id, ErrorCode::kInvalidParams, "Invalid params: \"params\" must be an object");
  return std::nullopt;
}

std::string strip_nlohmann_prefix(std::string text) {
  // "[json.exception.parse_error.101] parse error at …" → "parse error at …"
  if (!text.empty() && text[0] == '[') {
    auto end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  return text;
}

json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15)
    return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------
// What a running tool may do with its connection.

class Server::Context final : public CallContext {
 public:
  Context(Server& server, std::shared_ptr<Call> call, json progress_token, const Caller& caller)
      : s_(server), call_(std::move(call)), token_(std::move(progress_token)), caller_(caller) {}

  bool cancelled() const override {
    return s_.stopping_ || (call_ && call_->cancelled.load());
  }

  void progress(double done, std::optional<double> total, const std::string& message) override {
    if (token_.is_null() || (sent_progress_ && done <= last_progress_)) return;  // must increase
    sent_progress_ = true;
    last_progress_ = done;
    json p{{"progressToken", token_}, {"progress", number(done)}};
    if (total) p["total"] = number(*total);
    if (!message.empty() && caller_.progress_messages) p["message"] = message;
    s_.out_.send(make_notification("notifications/progress", std::move(p)));
  }

  void log(LogLevel level, const std::string& logger, const json& data) override {
    if (!caller_.log_threshold || level < *caller_.log_threshold) return;
    json p{{"level", to_string(level)}, {"data", data}};
    if (!logger.empty()) p["logger"] = logger;
    s_.out_.send(make_notification("notifications/message", std::move(p)));
  }

  json request_client(const std::string& method, json params) override {
    std::string capability = method == "sampling/createMessage" ? "sampling"
                             : method == "elicitation/create"   ? "elicitation"
                             : method == "roots/list"           ? "roots"
                                                                : "";
    if (!caller_.may_request_client)
      throw ToolError("This client speaks MCP 2026-07-28, where servers send no requests to "
                      "clients, so " + method + " cannot be sent to it.");
    if (!capability.empty() && !caller_.capabilities.contains(capability))
      throw ToolError("The client did not declare the \"" + capability + "\" capability, so " +
                      method + " cannot be sent to it.");
    json id = "tally-" + std::to_string(s_.next_client_request_++);
    std::string key = key_of(id);
    std::future<json> answer;
    {
      std::lock_guard lock(s_.mu_);
      answer = s_.client_requests_[key].get_future();
    }
    s_.space_cv_.notify_all();  // the reader must get past a full queue to read the answer
    s_.out_.send(make_request(id, method, std::move(params)));
    auto forget = [&] {
      std::lock_guard lock(s_.mu_);
      s_.client_requests_.erase(key);
    };
    while (answer.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
      if (cancelled()) {
        forget();
        throw Cancelled{};
      }
      bool gone;
      {
        std::lock_guard lock(s_.mu_);
        gone = s_.input_done_;
      }
      if (gone) {
        forget();
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
  Server& s_;
  std::shared_ptr<Call> call_;
  json token_;
  const Caller& caller_;
  bool sent_progress_ = false;
  double last_progress_ = 0;
};

// ---------------------------------------------------------------------------

Server::Server(ServerOptions options, const ToolRegistry& tools, Output& out)
    : options_(std::move(options)),
      tools_(tools),
      out_(out),
      server_info_meta_{{"name", options_.info.name},
                        {"title", options_.info.title},
                        {"version", options_.info.version}} {}

Server::~Server() = default;

void Server::serve(int in_fd) {
  std::thread reader([this, in_fd] { read_loop(in_fd); });
  run_worker();
  if (stopping_) reader.detach();  // it may be blocked in read(); the process is ending
  else reader.join();
}

void Server::stop() {
  {
    std::lock_guard lock(mu_);
    for (auto& [_, call] : in_flight_) {
      call->cancelled = true;
      if (call->held && call->open)  // graceful closure of a listen (protocol-2026.md A9, ours)
        out_.send(make_result(call->id, {{"resultType", "complete"},
                                         {"_meta", {{meta_key::kSubscriptionId, call->id},
                                                    {meta_key::kServerInfo, server_info_meta_}}}}));
    }
    // Set under the lock, after the closures are written: the worker sees it only under
    // this lock, so serve() cannot return (and the process exit) before they are out.
    stopping_ = true;
  }
  if (interrupt_) interrupt_();
  cv_.notify_all();
  space_cv_.notify_all();
}

void Server::read_loop(int in_fd) {
  LineReader reader(in_fd, options_.max_line_bytes);
  std::string line;
  while (!stopping_) {
    auto status = reader.next(line);
    if (status == LineReader::Status::kEof) break;
    if (status == LineReader::Status::kTooLong) {
      out_.send(make_error(nullptr, ErrorCode::kInvalidRequest,
                           "Invalid Request: message longer than " +
                               std::to_string(options_.max_line_bytes / (1024 * 1024)) +
                               " MiB; it was dropped"));
      continue;
    }
    on_line(line);
  }
  std::lock_guard lock(mu_);
  input_done_ = true;
  cv_.notify_all();
}

void Server::on_line(std::string_view line) {
  std::string error;
  auto parsed = parse_line(line, error);
  if (!parsed) {
    out_.send(make_error(nullptr, ErrorCode::kParseError,
                         "Parse error: " + strip_nlohmann_prefix(error)));
    return;
  }
  if (parsed->value.is_array()) {  // batches need the session's version: the worker decides
    enqueue(Job{std::move(parsed->value), std::move(parsed->decimals)});
    return;
  }
  on_object(std::move(parsed->value), std::move(parsed->decimals));
}

void Server::on_object(json message, DecimalLexemes decimals) {
  Kind kind;
  if (auto error = check_envelope(message, kind)) {
    if (kind != Kind::kNotification) out_.send(*error);
    else spdlog::debug("dropped a malformed notification");
    return;
  }
  if (kind == Kind::kResponse) {
    deliver_response(message);
    return;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  if (kind == Kind::kNotification && method == "notifications/cancelled") {
    cancel(message.value("params", json::object()));
    return;
  }
  if (kind == Kind::kRequest) {
    const bool modern = era_of(message) == Era::kModern;
    if (method == "ping" && !modern) {  // answered at once, even while a tool runs (A10)
      out_.send(make_result(message["id"], json::object()));
      return;
    }
    if (!begin_call(message["id"], method != "initialize", modern && method == "subscriptions/listen")) {
      out_.send(make_error(message["id"], ErrorCode::kInvalidRequest,
                           "Invalid Request: id " + key_of(message["id"]) +
                               " is already used by a request in progress"));
      return;
    }
  }
  enqueue(Job{std::move(message), std::move(decimals)});
}

void Server::enqueue(Job job) {
  std::unique_lock lock(mu_);
  // Back-pressure: a client that pipelines thousands of requests is read only
  // as fast as they are answered, so memory stays flat. Never while a tool
  // waits for the client's answer to a request of ours: that answer is behind.
  space_cv_.wait(lock, [&] {
    return queue_.size() < options_.max_queued || !client_requests_.empty() || stopping_;
  });
  queue_.push_back(std::move(job));
  cv_.notify_one();
}

void Server::run_worker() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || input_done_ || stopping_; });
      if (stopping_ || queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    space_cv_.notify_one();
    if (options_.write_group && is_write_call(job))
      run_write_group(job);
    else
      run_job(job);
  }
}

bool Server::is_write_call(const Job& job) const {
  const json& m = job.message;
  if (!m.is_object() || !m.contains("id")) return false;
  auto method = m.find("method");
  if (method == m.end() || *method != "tools/call") return false;
  auto params = m.find("params");
  if (params == m.end() || !params->is_object()) return false;
  auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return false;
  const ToolSpec* tool = tools_.find(name->get_ref<const std::string&>());
  return tool != nullptr && !tool->annotations.read_only;
}

void Server::run_write_group(Job& first) {
  // Alone in the queue: the call commits by itself, as without grouping.
  bool alone;
  {
    std::lock_guard lock(mu_);
    alone = queue_.empty() || !is_write_call(queue_.front());
  }
  if (alone) {
    run_job(first);
    return;
  }
  std::vector<json> answers;
  auto run = [&](Job& job) {
    if (auto response = process(job.message, job.decimals, false)) answers.push_back(std::move(*response));
  };
  options_.write_group->begin();
  run(first);
  for (std::size_t n = 1; n < options_.max_group && !stopping_; ++n) {
    Job next;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty() || !is_write_call(queue_.front())) break;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    space_cv_.notify_one();
    run(next);
  }
  const bool durable = options_.write_group->commit();
  spdlog::debug("a group of {} write calls {}", answers.size(), durable ? "committed with one sync" : "was lost");
  if (!durable) {
    // Nothing of the group was kept: every answer that reported success must not stand.
    for (json& answer : answers)
      if (answer.contains("result"))
        answer = make_error(answer["id"], ErrorCode::kInternalError,
                            "Internal error: the ledger could not make this write durable; nothing was "
                            "changed. The server log has the details.");
  }
  for (const json& answer : answers) out_.send(answer);
}

void Server::run_job(Job& job) {
  if (job.message.is_array()) {
    json responses = process_batch(job);
    if (!responses.is_null()) out_.send(responses);
    return;
  }
  if (auto response = process(job.message, job.decimals, false)) out_.send(*response);
}

json Server::process_batch(const Job& job) {
  if (!initialized_ || !has_batches(version_))
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: batches are accepted only under protocol version 2025-03-26");
  if (job.message.empty())
    return make_error(nullptr, ErrorCode::kInvalidRequest, "Invalid Request: empty batch");
  json responses = json::array();
  for (std::size_t i = 0; i < job.message.size(); ++i) {
    const json& element = job.message[i];
    if (element.is_object() && element.value("method", json()) == "initialize") {
      json id = element.contains("id") && is_valid_id(element["id"]) ? element["id"] : json(nullptr);
      responses.push_back(make_error(id, ErrorCode::kInvalidRequest,
                                     "Invalid Request: initialize cannot be part of a batch"));
      continue;
    }
    if (auto r = process(element, job.decimals.under("/" + std::to_string(i)), true))
      responses.push_back(std::move(*r));
  }
  return responses.empty() ? json() : responses;
}

std::optional<json> Server::process(const json& message, const DecimalLexemes& decimals,
                                    bool in_batch) {
  Kind kind;
  if (auto error = check_envelope(message, kind))
    return kind == Kind::kNotification ? std::nullopt : error;
  if (kind == Kind::kResponse) {
    deliver_response(message);
    return std::nullopt;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  const json params = message.value("params", json::object());
  if (kind == Kind::kNotification) {
    on_notification(method, params);
    return std::nullopt;
  }
  const json& id = message["id"];
  std::shared_ptr<Call> call;
  if (in_batch) {
    call = begin_call(id, true, era_of(message) == Era::kModern && method == "subscriptions/listen");
    if (!call)
      return make_error(id, ErrorCode::kInvalidRequest,
                        "Invalid Request: id " + key_of(id) + " is already used by a request in progress");
  } else {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(key_of(id));
    if (it != in_flight_.end()) call = it->second;
  }
  std::optional<json> response;
  std::optional<std::string> listed;  // a modern tools/list page, already serialised
  bool held = false;
  try {
    if (call && call->cancelled) {
      // cancelled while queued: nothing to run, nothing to say
    } else if (call && call->held) {
      held = open_listen(id, params, call);
    } else if (era_of(message) == Era::kModern) {
      if (method == "tools/list" && !in_batch) {
        read_envelope(params);
        listed = modern_tools_page(params.value("cursor", json()));
      } else {
        response = make_result(id, dispatch_modern(method, params, decimals, call));
      }
    } else {
      response = make_result(id, dispatch(id, method, params, decimals, call));
    }
  } catch (const RpcError& e) {
    response = make_error(id, e.code(), e.what(), e.data());
  } catch (const Cancelled&) {
    response.reset();
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    response = make_error(id, ErrorCode::kInternalError,
                          "Internal error while handling " + method +
                              "; nothing was changed. The server log has the details.");
  }
  if (held) return std::nullopt;  // stays in flight until cancelled (A9)
  bool cancelled = call && call->cancellable && call->cancelled;
  end_call(id);  // before answering, so the client may reuse the id at once
  if (cancelled) return std::nullopt;  // a cancelled request gets no response (A8)
  if (listed) {
    out_.send_result(id, *listed);
    return std::nullopt;
  }
  return response;
}

json Server::dispatch(const json&, const std::string& method, const json& params,
                      const DecimalLexemes& decimals, const std::shared_ptr<Call>& call) {
  if (method == "initialize") return initialize(params);
  if (method == "ping") return json::object();
  // Modern-only methods without a claim: the envelope check names what is missing (A1, ours).
  if (method == "server/discover" || method == "subscriptions/listen") read_envelope(params);
  if (!initialized_) {
    if (is_known_method(method))
      throw RpcError(ErrorCode::kInvalidRequest,
                     "Not initialized: send initialize first (only ping may come before it), or "
                     "send 2026-07-28 requests, each with \"params._meta\" naming its version");
    throw RpcError(ErrorCode::kMethodNotFound, "Method not found: " + method);
  }
  if (method == "tools/list") {
    json cursor = params.value("cursor", json());
    return tools_.list(version_, cursor, options_.page_size);
  }
  if (method == "tools/call") {
    Caller caller{client_capabilities_, client_info_, log_level_, has_progress_message(version_), true,
                  version_};
    return call_tool(params, decimals, call, caller);
  }
  if (method == "logging/setLevel") {
    auto level = params.contains("level") && params["level"].is_string()
                     ? parse_log_level(params["level"].get<std::string>())
                     : std::nullopt;
    if (!level)
      throw RpcError(ErrorCode::kInvalidParams,
                     "Invalid params: \"level\" must be one of debug, info, notice, warning, "
                     "error, critical, alert, emergency");
    log_level_ = *level;
    return json::object();
  }
  throw RpcError(ErrorCode::kMethodNotFound, "Method not found: " + method);
}

json Server::dispatch_modern(const std::string& method, const json& params,
                             const DecimalLexemes& decimals, const std::shared_ptr<Call>& call) {
  const Envelope envelope = read_envelope(params);
  json result;
  if (method == "server/discover") {
    result = discover();
  } else if (method == "tools/list") {
    return modern_tools_list(params.value("cursor", json()));  // in a batch: not cached
  } else if (method == "tools/call") {
    // Modern log notifications are not adopted (A6, ours): the level is checked, never used.
    Caller caller{*envelope.client_capabilities,
                  envelope.client_info ? *envelope.client_info : no_client_info(),
                  std::nullopt, true, false, kModernShape};
    result = call_tool(params, decimals, call, caller);
  } else {
    throw RpcError(ErrorCode::kMethodNotFound, not_in_modern(method));
  }
  stamp_modern(result);
  return result;
}

void Server::stamp_modern(json& result) const {
  result["resultType"] = "complete";  // Tally never asks for input mid-call (A4)
  result["_meta"][meta_key::kServerInfo] = server_info_meta_;
}

json Server::modern_tools_list(const json& cursor) const {
  json result = tools_.list(kModernShape, cursor, options_.page_size);
  result["ttlMs"] = kListTtlMs;  // the same on every page (A5)
  result["cacheScope"] = "public";
  stamp_modern(result);
  return result;
}

const std::string& Server::modern_tools_page(const json& cursor) {
  std::string key = to_line(cursor);
  auto it = modern_pages_.find(key);
  if (it == modern_pages_.end())  // only valid cursors get here: list() throws on the rest
    it = modern_pages_.emplace(std::move(key), to_line(modern_tools_list(cursor))).first;
  return it->second;
}

json Server::discover() const {
  // Side-effect free: clients probe with it and may throw the process away (A3).
  json result{{"supportedVersions", json::array({kModernVersion})},
              {"capabilities", {{"tools", {{"listChanged", false}}}}},
              {"ttlMs", kListTtlMs},
              {"cacheScope", "public"}};
  if (!options_.info.instructions.empty()) result["instructions"] = options_.info.instructions;
  return result;
}

bool Server::open_listen(const json& id, const json& params, const std::shared_ptr<Call>& call) {
  read_envelope(params);
  auto filter = params.find("notifications");
  if (filter == params.end() || !filter->is_object())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: subscriptions/listen needs \"notifications\" (an object naming "
                   "the notifications wanted)");
  // Tally's tool list never changes and it has no resources, so it honours none of the
  // filter; the stream still stays open, as the pattern requires.
  std::lock_guard lock(mu_);
  if (call->cancelled) return false;
  call->open = true;
  out_.send(make_notification("notifications/subscriptions/acknowledged",
                              {{"_meta", {{meta_key::kSubscriptionId, id}}},
                               {"notifications", json::object()}}));
  return true;
}

json Server::initialize(const json& params) {
  if (initialized_)
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
  version_ = parse_version(requested->get<std::string>()).value_or(kLatestVersion);
  client_capabilities_ = caps != params.end() ? *caps : json::object();
  client_info_ = params.value("clientInfo", json::object());
  initialized_ = true;

  const ServerInfo& info = options_.info;
  json server_info{{"name", info.name}, {"version", info.version}};
  if (has_titles(version_)) server_info["title"] = info.title;
  if (has_server_description(version_)) {
    if (!info.description.empty()) server_info["description"] = info.description;
    if (!info.website_url.empty()) server_info["websiteUrl"] = info.website_url;
  }
  json result{{"protocolVersion", to_string(version_)},
              {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", json::object()}}},
              {"serverInfo", std::move(server_info)}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  return result;
}

json Server::call_tool(const json& params, const DecimalLexemes& decimals,
                       const std::shared_ptr<Call>& call, const Caller& caller) {
  auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
  json arguments = params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: \"arguments\" must be an object");
  const ToolSpec* tool = tools_.find(name->get<std::string>());
  if (tool == nullptr)
    throw RpcError(ErrorCode::kInvalidParams,
                   "Unknown tool: " + name->get<std::string>() + " (tools/list names the tools)");
  json token;
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
    auto t = meta->find("progressToken");
    if (t != meta->end() && (t->is_string() || t->is_number_integer())) token = *t;
  }
  Context context(*this, call, token, caller);
  return tools_.call(*tool, std::move(arguments), decimals, "/params/arguments", context,
                     caller.result_shape);
}

void Server::on_notification(const std::string& method, const json& params) {
  if (method == "notifications/cancelled") cancel(params);
  // notifications/initialized needs nothing: requests are never gated on it (A3).
  else if (method != "notifications/initialized") spdlog::debug("ignored notification {}", method);
}

void Server::cancel(const json& params) {
  if (!params.is_object() || !params.contains("requestId") || !is_valid_id(params["requestId"]))
    return;  // malformed cancellations are ignored (A8)
  bool interrupt = false;
  {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(key_of(params["requestId"]));
    if (it == in_flight_.end() || !it->second->cancellable) return;
    it->second->cancelled = true;
    if (it->second->held) {  // a listen ends silently; no tool runs under it to interrupt
      if (it->second->open) in_flight_.erase(it);
      return;
    }
    interrupt = true;
  }
  if (interrupt && interrupt_) interrupt_();
}

void Server::deliver_response(const json& message) {
  std::lock_guard lock(mu_);
  auto it = client_requests_.find(key_of(message["id"]));
  if (it == client_requests_.end()) {
    spdlog::debug("ignored a response to an unknown request");
    return;
  }
  it->second.set_value(message);
  client_requests_.erase(it);
}

std::shared_ptr<Server::Call> Server::begin_call(const json& id, bool cancellable, bool held) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = in_flight_.try_emplace(key_of(id));
  if (!inserted) return nullptr;
  it->second = std::make_shared<Call>();
  it->second->id = id;
  it->second->cancellable = cancellable;
  it->second->held = held;
  return it->second;
}

void Server::end_call(const json& id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key_of(id));
}

}  // namespace tally::mcp
