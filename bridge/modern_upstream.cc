#include "modern_upstream.h"

#include <spdlog/spdlog.h>

#include "json_member.h"
#include "upstream_error.h"

// A legacy client's requests bridged to a 2026-07-28 server (§C3): the envelope
// they are stamped with, the methods answered here, and each request's rounds
// (re-issued reads, a refreshed tool list, MRTR input).
namespace tally::bridge {
namespace {

constexpr int kMaxReissues = 2;
constexpr int kInternalError = -32603;

bool may_need_input(const std::string& method) {
  return method == "tools/call" || method == "prompts/get" || method == "resources/read";
}

}  // namespace

void ModernUpstream::adopt_initialize(const ClientMessage& initialize) {
  auto msg = nlohmann::json::parse(initialize.text, nullptr, false);
  const nlohmann::json* params = member(msg, "params");
  std::lock_guard lock(mutex_);
  if (const nlohmann::json* caps = params ? member(*params, "capabilities") : nullptr;
      caps && caps->is_object())
    capabilities_ = *caps;
  if (const nlohmann::json* info = params ? member(*params, "clientInfo") : nullptr;
      info && info->is_object())
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

void ModernUpstream::answer(const ClientMessage& message, nlohmann::json response) {
  response["id"] = nlohmann::json::parse(message.raw_id);
  ctx_.router.respond(message.raw_id, response.dump());
}

void ModernUpstream::answer_error(const ClientMessage& message, int code, const std::string& text) {
  ctx_.router.respond(message.raw_id, jsonrpc_error(message.raw_id, code, text));
}

void ModernUpstream::send_legacy(const ClientMessage& message) {
  if (message.kind == MessageKind::notification) {
    // initialized, roots/list_changed: nothing to tell a sessionless server. A
    // cancelled request is simply not answered by us any more.
    spdlog::debug("client notification {} not sent to a 2026-07-28 server", message.method);
    return;
  }
  if (message.kind == MessageKind::batch) {
    for (const auto& id : message.batch_request_ids)
      ctx_.router.fail(
          id, "tally-bridge: a 2026-07-28 server takes no batches; send the requests one by one");
    return;
  }
  if (message.kind != MessageKind::request) return;
  const std::string& m = message.method;
  if (m == "ping" || m == "resources/subscribe" || m == "resources/unsubscribe" ||
      m == "logging/setLevel") {
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
  forward(message);
}

void ModernUpstream::forward(const ClientMessage& message) {
  auto request = nlohmann::json::parse(message.text, nullptr, false);
  if (!request.is_object())
    return ctx_.router.fail(message, "tally-bridge: the request is not valid JSON");
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
    Reply reply = exchange(request);
    if (reply.kind == Reply::Kind::interrupted) return;
    if (reply.kind == Reply::Kind::broken) {
      if (is_read_method(method) && reissues < kMaxReissues) {
        ++reissues;
        spdlog::debug("{} stream broke; re-issuing the read with a new id", method);
        continue;
      }
      return ctx_.router.fail(
          message,
          reply.error + (is_read_method(method) ? std::string()
                                                : ". The request may have run on the server; "
                                                  "tally-bridge does not send a write twice."));
    }
    if (reply.kind == Reply::Kind::http_error) return ctx_.router.fail(message, reply.error);
    nlohmann::json& response = reply.message;
    if (response.contains("error")) {
      if (error_code(response) == -32020 && method == "tools/call" && !refetched) {
        // Our Mcp-Param headers disagree with the server: its tool list changed.
        refetched = true;
        if (refresh_tools()) continue;
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
                            "tally-bridge: the server asked for more input " +
                                std::to_string(kMaxRounds) + " times for one " + method +
                                "; stopped");
      nlohmann::json responses;
      std::string error;
      const nlohmann::json* inputs = member(result, "inputRequests");
      if (!inputs || !gather_inputs(*inputs, responses, error))
        return answer_error(message, kInternalError, error);
      params["inputResponses"] = std::move(responses);
      // requestState goes back byte for byte, and only when the server sent one.
      if (auto state = result.find("requestState"); state != result.end())
        params["requestState"] = *state;
      else
        params.erase("requestState");
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

bool ModernUpstream::refresh_tools() {
  nlohmann::json request = {
      {"jsonrpc", "2.0"}, {"method", "tools/list"}, {"params", {{"_meta", envelope()}}}};
  Reply reply = exchange(std::move(request));
  if (reply.kind != Reply::Kind::response) return false;
  auto result = reply.message.find("result");
  if (result == reply.message.end() || !result->is_object()) return false;
  auto designations = screen_tools(*result);
  std::lock_guard lock(mutex_);
  tool_headers_ = std::move(designations);
  return true;
}

}  // namespace tally::bridge
