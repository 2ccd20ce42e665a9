#include "modern_upstream.h"

#include <algorithm>
#include <array>
#include <chrono>

#include <spdlog/spdlog.h>

#include "message_stream.h"
#include "upstream_error.h"

namespace tally::bridge {
namespace {

// An MRTR round waits for a person (an elicitation form), so no short deadline.
constexpr auto kInputWait = std::chrono::hours(1);
constexpr int kMaxReissues = 2;
constexpr int kInternalError = -32603;
constexpr std::array kLegacyVersions = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

bool ok_status(long s) { return s >= 200 && s < 300; }

// Reads: safe to send again when a stream broke before the answer (§C3, last bullet).
bool is_read(const std::string& method) {
  return method == "tools/list" || method == "resources/list" || method == "resources/templates/list" ||
         method == "resources/read" || method == "prompts/list" || method == "prompts/get" ||
         method == "completion/complete" || method == "server/discover";
}

bool may_need_input(const std::string& method) {
  return method == "tools/call" || method == "prompts/get" || method == "resources/read";
}

const nlohmann::json* member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string error_message(const nlohmann::json& response) {
  const nlohmann::json* e = member(response, "error");
  const nlohmann::json* m = e ? member(*e, "message") : nullptr;
  return m && m->is_string() ? m->get<std::string>() : std::string("no message");
}

int error_code(const nlohmann::json& response) {
  const nlohmann::json* e = member(response, "error");
  const nlohmann::json* c = e ? member(*e, "code") : nullptr;
  return c && c->is_number_integer() ? c->get<int>() : 0;
}

}  // namespace

void ModernUpstream::adopt_initialize(const ClientMessage& initialize) {
  auto msg = nlohmann::json::parse(initialize.text, nullptr, false);
  const nlohmann::json* params = member(msg, "params");
  std::lock_guard lock(mutex_);
  if (const nlohmann::json* caps = params ? member(*params, "capabilities") : nullptr; caps && caps->is_object())
    capabilities_ = *caps;
  if (const nlohmann::json* info = params ? member(*params, "clientInfo") : nullptr; info && info->is_object())
    client_info_ = *info;
}

void ModernUpstream::set_version(std::string version) {
  std::lock_guard lock(mutex_);
  version_ = std::move(version);
}

nlohmann::json ModernUpstream::envelope() const {
  std::lock_guard lock(mutex_);
  nlohmann::json meta = {{kMetaVersion, version_}, {kMetaCapabilities, capabilities_}};
  if (client_info_.is_object()) meta[kMetaClientInfo] = client_info_;
  if (!log_level_.empty()) meta[kMetaLogLevel] = log_level_;
  return meta;
}

ModernUpstream::Reply ModernUpstream::exchange(nlohmann::json request, HttpConnection& connection) {
  const std::string method = request.value("method", "");
  const std::string raw_id = ctx_.router.open_bridge_request(method);
  request["id"] = nlohmann::json::parse(raw_id);
  const std::string body = request.dump();
  ParamHeaders params;
  if (method == "tools/call") {
    std::lock_guard lock(mutex_);
    const std::string name = request["params"].value("name", "");
    if (auto it = tool_headers_.find(name); it != tool_headers_.end()) params = it->second;
  }
  const std::string& url = ctx_.options.server_url;
  auto take = [&]() -> std::optional<nlohmann::json> {
    auto text = ctx_.router.await_bridge_response(raw_id, std::chrono::steady_clock::now());
    if (!text) return std::nullopt;
    return nlohmann::json::parse(*text, nullptr, false);
  };
  bool reauthorized = false;
  for (;;) {
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
    add_modern_headers(headers, request, params.empty() ? nullptr : &params);
    MessageStream stream(ctx_.router, id_key(raw_id));
    HttpRequest http;
    http.url = url;
    http.headers = &headers;
    http.body = body;
    spdlog::debug("bridge -> server POST {} {}", method, raw_id);
    HttpResult result = connection.perform(http, stream);
    Reply reply;
    if (result.interrupted) {
      take();
      reply.kind = Reply::Kind::interrupted;
      return reply;
    }
    const long status = result.head.status;
    if (result.code != CURLE_OK) {
      if (auto got = take()) return {Reply::Kind::response, std::move(*got), {}, status};
      reply.error = describe_transport_failure(result.code, result.error, url);
      return reply;
    }
    if ((status == 401 || status == 403) && !reauthorized) {
      reauthorized = true;
      std::string error;
      if (ctx_.auth.challenge(ticket, status, result.head.www_authenticate, error)) continue;
      take();
      return {Reply::Kind::http_error, {}, error, status};
    }
    if (!ok_status(status)) {
      take();
      // A 2026 server answers most refusals with a JSON-RPC error in a 4xx body.
      auto doc = nlohmann::json::parse(stream.body(), nullptr, false);
      if (doc.is_object() && doc.contains("error")) return {Reply::Kind::response, std::move(doc), {}, status};
      return {Reply::Kind::http_error, {}, describe_http_status(status, result.head.content_type, stream.body(), url),
              status};
    }
    if (stream.mode() == MessageStream::Mode::json && !stream.finish()) {
      take();
      return {Reply::Kind::http_error, {}, describe_bad_body(status, result.head.content_type, stream.body(), url),
              status};
    }
    if (auto got = take(); got && got->is_object()) return {Reply::Kind::response, std::move(*got), {}, status};
    reply.error = "tally-bridge: " + url + " closed the response to " + method + " without answering";
    return reply;
  }
}

ModernUpstream::Probe ModernUpstream::probe(HttpConnection& connection) {
  Probe probe;
  for (int attempt = 0; attempt < 2; ++attempt) {
    nlohmann::json request = {{"jsonrpc", "2.0"}, {"method", "server/discover"}, {"params", {{"_meta", envelope()}}}};
    Reply reply = exchange(std::move(request), connection);
    switch (reply.kind) {
      case Reply::Kind::interrupted:
        probe.error = "tally-bridge is shutting down";
        return probe;
      case Reply::Kind::broken:
        probe.error = reply.error;
        return probe;
      case Reply::Kind::http_error:
        // 400/404/405 and the like without a 2026 body: a server of the earlier era.
        // (A 5xx or a refused sign-in is an error, not an era.)
        if (reply.status >= 400 && reply.status < 500 && reply.status != 401 && reply.status != 403) {
          probe.outcome = Probe::Outcome::legacy;
        } else {
          probe.error = reply.error;
        }
        return probe;
      case Reply::Kind::response:
        break;
    }
    if (const nlohmann::json* result = member(reply.message, "result"); result && result->is_object()) {
      // Only a DiscoverResult listing our version counts: some 2025 servers answer any
      // unknown method with an empty result.
      const nlohmann::json* versions = member(*result, "supportedVersions");
      if (!versions || !versions->is_array() ||
          std::find(versions->begin(), versions->end(), std::string(kModernVersion)) == versions->end()) {
        probe.outcome = Probe::Outcome::legacy;
        return probe;
      }
      probe.outcome = Probe::Outcome::modern;
      probe.discover = *result;
      std::lock_guard lock(mutex_);
      probe.version = version_;
      return probe;
    }
    const int code = error_code(reply.message);
    if (code == -32022) {
      // Unsupported version: retry once with one we speak, even the one just sent
      // (a server may refuse a first request on principle).
      const nlohmann::json* data = member(reply.message["error"], "data");
      const nlohmann::json* supported = data ? member(*data, "supported") : nullptr;
      if (supported && supported->is_array() &&
          std::find(supported->begin(), supported->end(), std::string(kModernVersion)) != supported->end()) {
        set_version(std::string(kModernVersion));
        if (attempt == 0) continue;
        probe.error = "tally-bridge: " + ctx_.options.server_url + " refused protocol version " +
                      std::string(kModernVersion) + " twice: " + error_message(reply.message);
        return probe;
      }
      probe.outcome = Probe::Outcome::legacy;
      return probe;
    }
    if (code == -32020 || code == -32021) {
      // The server speaks 2026 and says our probe is malformed: falling back would hide a bug.
      probe.error = "tally-bridge: " + ctx_.options.server_url + " rejected the server/discover probe (" +
                    std::to_string(code) + ": " + error_message(reply.message) + ")";
      return probe;
    }
    probe.outcome = Probe::Outcome::legacy;  // method not found, no session, ...: the earlier era
    return probe;
  }
  return probe;
}

void ModernUpstream::answer_initialize(const ClientMessage& initialize, const nlohmann::json& discover) {
  auto msg = nlohmann::json::parse(initialize.text, nullptr, false);
  std::string asked;
  if (const nlohmann::json* p = member(msg, "params"))
    if (const nlohmann::json* v = member(*p, "protocolVersion"); v && v->is_string()) asked = v->get<std::string>();
  const bool known = std::find(kLegacyVersions.begin(), kLegacyVersions.end(), asked) != kLegacyVersions.end();
  nlohmann::json result = {{"protocolVersion", known ? asked : std::string(kLegacyVersions.front())}};
  const nlohmann::json* caps = member(discover, "capabilities");
  result["capabilities"] = caps && caps->is_object() ? *caps : nlohmann::json::object();
  nlohmann::json info;
  if (const nlohmann::json* si = member(discover, "serverInfo"); si && si->is_object()) info = *si;
  if (const nlohmann::json* meta = member(discover, "_meta"); !info.is_object() && meta)
    if (const nlohmann::json* si = member(*meta, std::string(kMetaServerInfo).c_str()); si && si->is_object()) info = *si;
  if (!info.is_object()) info = {{"name", "remote MCP server"}, {"version", "unknown"}};
  result["serverInfo"] = info;
  if (const nlohmann::json* ins = member(discover, "instructions"); ins && ins->is_string()) result["instructions"] = *ins;
  answer(initialize, {{"jsonrpc", "2.0"}, {"result", std::move(result)}});
}

void ModernUpstream::answer(const ClientMessage& message, nlohmann::json response) {
  response["id"] = nlohmann::json::parse(message.raw_id);
  ctx_.router.respond(message.raw_id, response.dump());
}

void ModernUpstream::answer_error(const ClientMessage& message, int code, const std::string& text) {
  ctx_.router.respond(message.raw_id, jsonrpc_error(message.raw_id, code, text));
}

void ModernUpstream::send_legacy(const ClientMessage& message, HttpConnection& connection) {
  if (message.kind == MessageKind::notification) {
    // initialized, roots/list_changed: nothing to tell a sessionless server. A
    // cancelled request is simply not answered by us any more.
    spdlog::debug("client notification {} not sent to a 2026-07-28 server", message.method);
    return;
  }
  if (message.kind == MessageKind::batch) {
    for (const auto& id : message.batch_request_ids)
      ctx_.router.fail(id, "tally-bridge: a 2026-07-28 server takes no batches; send the requests one by one");
    return;
  }
  if (message.kind != MessageKind::request) return;
  const std::string& m = message.method;
  if (m == "ping" || m == "resources/subscribe" || m == "resources/unsubscribe" || m == "logging/setLevel") {
    if (m == "logging/setLevel") {
      auto msg = nlohmann::json::parse(message.text, nullptr, false);
      const nlohmann::json* p = member(msg, "params");
      const nlohmann::json* level = p ? member(*p, "level") : nullptr;
      if (level && level->is_string()) {
        std::lock_guard lock(mutex_);
        log_level_ = level->get<std::string>();
      }
    }
    answer(message, {{"jsonrpc", "2.0"}, {"result", nlohmann::json::object()}});
    return;
  }
  forward(message, connection);
}

void ModernUpstream::forward(const ClientMessage& message, HttpConnection& connection) {
  auto request = nlohmann::json::parse(message.text, nullptr, false);
  if (!request.is_object()) return ctx_.router.fail(message, "tally-bridge: the request is not valid JSON");
  request.erase("id");
  auto& params = request["params"];
  if (!params.is_object()) params = nlohmann::json::object();
  auto& meta = params["_meta"];
  if (!meta.is_object()) meta = nlohmann::json::object();
  const nlohmann::json stamp = envelope();  // named: items() must not outlive it
  for (const auto& [k, v] : stamp.items()) meta[k] = v;
  const std::string& method = message.method;
  int rounds = 0, reissues = 0;
  bool refetched = false;
  for (;;) {
    Reply reply = exchange(request, connection);
    if (reply.kind == Reply::Kind::interrupted) return;
    if (reply.kind == Reply::Kind::broken) {
      if (is_read(method) && reissues < kMaxReissues) {
        ++reissues;
        spdlog::debug("{} stream broke; re-issuing the read with a new id", method);
        continue;
      }
      return ctx_.router.fail(message, reply.error + (is_read(method) ? std::string()
                                                                      : ". The request may have run on the server; "
                                                                        "tally-bridge does not send a write twice."));
    }
    if (reply.kind == Reply::Kind::http_error) return ctx_.router.fail(message, reply.error);
    nlohmann::json& response = reply.message;
    if (response.contains("error")) {
      if (error_code(response) == -32020 && method == "tools/call" && !refetched) {
        // Our Mcp-Param headers disagree with the server: its tool list changed.
        refetched = true;
        if (refresh_tools(connection)) continue;
      }
      response.erase("id");
      return answer(message, std::move(response));
    }
    auto result_it = response.find("result");
    if (result_it == response.end() || !result_it->is_object()) {
      response.erase("id");
      return answer(message, std::move(response));
    }
    nlohmann::json& result = *result_it;
    if (result.value("resultType", "complete") == "input_required" && may_need_input(method)) {
      if (++rounds > kMaxRounds)
        return answer_error(message, kInternalError,
                            "tally-bridge: the server asked for more input " + std::to_string(kMaxRounds) +
                                " times for one " + method + "; stopped");
      nlohmann::json responses;
      std::string error;
      const nlohmann::json* inputs = member(result, "inputRequests");
      if (!inputs || !gather_inputs(*inputs, responses, error)) return answer_error(message, kInternalError, error);
      params["inputResponses"] = std::move(responses);
      // requestState goes back byte for byte, and only when the server sent one.
      if (auto state = result.find("requestState"); state != result.end()) params["requestState"] = *state;
      else params.erase("requestState");
      continue;
    }
    result.erase("resultType");
    result.erase("ttlMs");
    result.erase("cacheScope");
    if (method == "tools/list") {
      auto designations = screen_tools(result);
      std::lock_guard lock(mutex_);
      tool_headers_ = std::move(designations);
    }
    response.erase("id");
    response["id"] = nlohmann::json::parse(message.raw_id);
    std::string text = response.dump();
    if (method == "tools/list" && ctx_.router.filter().active()) {
      std::string filtered;
      if (ctx_.router.filter().filter_tools_list(text, filtered)) text = std::move(filtered);
    }
    ctx_.router.respond(message.raw_id, text);
    return;
  }
}

bool ModernUpstream::gather_inputs(const nlohmann::json& input_requests, nlohmann::json& responses,
                                   std::string& error) {
  if (!input_requests.is_object() || input_requests.empty()) {
    error = "tally-bridge: the server asked for input but sent no inputRequests";
    return false;
  }
  if (input_requests.size() > static_cast<std::size_t>(kMaxInputRequests)) {
    error = "tally-bridge: the server asked for " + std::to_string(input_requests.size()) +
            " inputs in one round (at most " + std::to_string(kMaxInputRequests) + ")";
    return false;
  }
  nlohmann::json caps;
  {
    std::lock_guard lock(mutex_);
    caps = capabilities_;
  }
  responses = nlohmann::json::object();
  for (const auto& [key, input] : input_requests.items()) {
    const std::string method = input.is_object() ? input.value("method", "") : "";
    const nlohmann::json* params = member(input, "params");
    const char* capability = method == "sampling/createMessage" ? "sampling"
                             : method == "roots/list"           ? "roots"
                             : method == "elicitation/create"   ? "elicitation"
                                                                : nullptr;
    const bool url_mode = method == "elicitation/create" && params && params->value("mode", "form") != "form";
    if (!capability || url_mode || !caps.contains(capability)) {
      error = "tally-bridge: the server needs \"" + method + "\"" + (url_mode ? " in URL mode" : "") +
              " from the client, which " + (capability && !url_mode ? "did not declare it" : "the bridge does not relay");
      return false;
    }
    const std::string raw_id = ctx_.router.open_bridge_request(method);
    nlohmann::json ask = {{"jsonrpc", "2.0"}, {"id", nlohmann::json::parse(raw_id)}, {"method", method}};
    if (params) ask["params"] = *params;
    ctx_.router.writer().write_line(ask.dump());
    auto text = ctx_.router.await_bridge_response(raw_id, std::chrono::steady_clock::now() + kInputWait);
    if (!text) {
      error = "tally-bridge: the client did not answer " + method;
      return false;
    }
    auto reply = nlohmann::json::parse(*text, nullptr, false);
    const nlohmann::json* result = member(reply, "result");
    if (!result) {
      error = "tally-bridge: the client refused " + method + ": " + error_message(reply);
      return false;
    }
    responses[key] = *result;
  }
  return true;
}

bool ModernUpstream::refresh_tools(HttpConnection& connection) {
  nlohmann::json request = {{"jsonrpc", "2.0"}, {"method", "tools/list"}, {"params", {{"_meta", envelope()}}}};
  Reply reply = exchange(std::move(request), connection);
  if (reply.kind != Reply::Kind::response) return false;
  auto result = reply.message.find("result");
  if (result == reply.message.end() || !result->is_object()) return false;
  auto designations = screen_tools(*result);
  std::lock_guard lock(mutex_);
  tool_headers_ = std::move(designations);
  return true;
}

void ModernUpstream::send_modern(const ClientMessage& message, HttpConnection& connection) {
  if (message.kind == MessageKind::notification && message.method == "notifications/cancelled") return;
  auto parsed = nlohmann::json::parse(message.text, nullptr, false);
  ParamHeaders params;
  if (message.method == "tools/call") {
    const nlohmann::json* p = member(parsed, "params");
    std::lock_guard lock(mutex_);
    if (p && p->is_object())
      if (auto it = tool_headers_.find(p->value("name", "")); it != tool_headers_.end()) params = it->second;
  }
  const std::string key = message.is_request() ? id_key(message.raw_id) : std::string();
  const std::string& url = ctx_.options.server_url;
  bool reauthorized = false;
  for (;;) {
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
    add_modern_headers(headers, parsed, params.empty() ? nullptr : &params);
    MessageStream stream(ctx_.router, key);
    HttpRequest http;
    http.url = url;
    http.headers = &headers;
    http.body = message.text;
    HttpResult result = connection.perform(http, stream);
    if (result.interrupted) return;
    const long status = result.head.status;
    if (result.code != CURLE_OK) {
      if (!stream.got_response()) ctx_.router.fail(message, describe_transport_failure(result.code, result.error, url));
      return;
    }
    if ((status == 401 || status == 403) && !reauthorized) {
      reauthorized = true;
      std::string error;
      if (ctx_.auth.challenge(ticket, status, result.head.www_authenticate, error)) continue;
      return ctx_.router.fail(message, error);
    }
    if (!ok_status(status)) {
      // The server's own JSON-RPC error (e.g. -32022 naming its versions) lets a
      // dual-era client fall back; anything else becomes ours.
      if (message.is_request() && peek_envelope(stream.body()).kind == MessageKind::response) {
        ctx_.router.deliver(stream.body());
        if (!ctx_.router.is_pending(key)) return;
      }
      return ctx_.router.fail(message, describe_http_status(status, result.head.content_type, stream.body(), url));
    }
    if (stream.mode() == MessageStream::Mode::json && !stream.finish())
      return ctx_.router.fail(message, describe_bad_body(status, result.head.content_type, stream.body(), url));
    if (message.is_request() && !stream.got_response())
      ctx_.router.fail(message, "tally-bridge: " + url + " closed the response stream without answering");
    if (message.method == "tools/list" && stream.got_response()) {
      // Designations for later Mcp-Param headers come from the response the client saw;
      // the router already wrote it, so re-read the kept body (JSON answers only).
      auto doc = nlohmann::json::parse(stream.body(), nullptr, false);
      if (auto r = doc.find("result"); doc.is_object() && r != doc.end() && r->is_object()) {
        auto designations = screen_tools(*r);
        std::lock_guard lock(mutex_);
        tool_headers_ = std::move(designations);
      }
    }
    return;
  }
}

}  // namespace tally::bridge
