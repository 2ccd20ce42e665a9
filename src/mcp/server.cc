#include "mcp/server.h"

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "mcp/line_reader.h"

namespace tally::mcp {

struct Server::Call {
  json id;
  bool cancellable = true;
  std::atomic<bool> cancelled{false};
};

namespace {

enum class Kind { kRequest, kNotification, kResponse };

std::string key_of(const json& id) { return to_line(id); }

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
  Context(Server& server, std::shared_ptr<Call> call, json progress_token)
      : s_(server), call_(std::move(call)), token_(std::move(progress_token)) {}

  bool cancelled() const override {
    return s_.stopping_ || (call_ && call_->cancelled.load());
  }

  void progress(double done, std::optional<double> total, const std::string& message) override {
    if (token_.is_null() || (sent_progress_ && done <= last_progress_)) return;  // must increase
    sent_progress_ = true;
    last_progress_ = done;
    json p{{"progressToken", token_}, {"progress", number(done)}};
    if (total) p["total"] = number(*total);
    if (!message.empty() && has_progress_message(s_.version_)) p["message"] = message;
    s_.out_.send(make_notification("notifications/progress", std::move(p)));
  }

  void log(LogLevel level, const std::string& logger, const json& data) override {
    if (level < s_.log_level_) return;
    json p{{"level", to_string(level)}, {"data", data}};
    if (!logger.empty()) p["logger"] = logger;
    s_.out_.send(make_notification("notifications/message", std::move(p)));
  }

  json request_client(const std::string& method, json params) override {
    std::string capability = method == "sampling/createMessage" ? "sampling"
                             : method == "elicitation/create"   ? "elicitation"
                             : method == "roots/list"           ? "roots"
                                                                : "";
    if (!capability.empty() && !s_.client_capabilities_.contains(capability))
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

  const json& client_capabilities() const override { return s_.client_capabilities_; }
  const json& client_info() const override { return s_.client_info_; }

 private:
  Server& s_;
  std::shared_ptr<Call> call_;
  json token_;
  bool sent_progress_ = false;
  double last_progress_ = 0;
};

// ---------------------------------------------------------------------------

Server::Server(ServerOptions options, const ToolRegistry& tools, Output& out)
    : options_(std::move(options)), tools_(tools), out_(out) {}

Server::~Server() = default;

void Server::serve(int in_fd) {
  std::thread reader([this, in_fd] { read_loop(in_fd); });
  run_worker();
  if (stopping_) reader.detach();  // it may be blocked in read(); the process is ending
  else reader.join();
}

void Server::stop() {
  stopping_ = true;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, call] : in_flight_) call->cancelled = true;
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
    if (method == "ping") {  // answered at once, even while a tool runs (A10)
      out_.send(make_result(message["id"], json::object()));
      return;
    }
    if (!begin_call(message["id"], method != "initialize")) {
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
    call = begin_call(id, true);
    if (!call)
      return make_error(id, ErrorCode::kInvalidRequest,
                        "Invalid Request: id " + key_of(id) + " is already used by a request in progress");
  } else {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(key_of(id));
    if (it != in_flight_.end()) call = it->second;
  }
  std::optional<json> response;
  try {
    if (!(call && call->cancelled)) response = make_result(id, dispatch(id, method, params, decimals, call));
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
  bool cancelled = call && call->cancellable && call->cancelled;
  end_call(id);
  if (cancelled) return std::nullopt;  // a cancelled request gets no response (A8)
  return response;
}

json Server::dispatch(const json&, const std::string& method, const json& params,
                      const DecimalLexemes& decimals, const std::shared_ptr<Call>& call) {
  if (method == "initialize") return initialize(params);
  if (method == "ping") return json::object();
  if (!initialized_) {
    if (is_known_method(method))
      throw RpcError(ErrorCode::kInvalidRequest,
                     "Not initialized: send initialize first (only ping may come before it)");
    throw RpcError(ErrorCode::kMethodNotFound, "Method not found: " + method);
  }
  if (method == "tools/list") {
    json cursor = params.value("cursor", json());
    return tools_.list(version_, cursor, options_.page_size);
  }
  if (method == "tools/call") return call_tool(params, decimals, call);
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
                       const std::shared_ptr<Call>& call) {
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
  Context context(*this, call, token);
  return tools_.call(*tool, std::move(arguments), decimals, "/params/arguments", context, version_);
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

std::shared_ptr<Server::Call> Server::begin_call(const json& id, bool cancellable) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = in_flight_.try_emplace(key_of(id));
  if (!inserted) return nullptr;
  it->second = std::make_shared<Call>();
  it->second->id = id;
  it->second->cancellable = cancellable;
  return it->second;
}

void Server::end_call(const json& id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key_of(id));
}

}  // namespace tally::mcp
