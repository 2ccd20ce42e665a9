#include <chrono>
#include <optional>

#include <spdlog/spdlog.h>

#include "authorized_post.h"
#include "json_member.h"
#include "modern_upstream.h"
#include "post_answer.h"

// The POSTs to a 2026-07-28 server: a bridged request under a bridge id whose
// reply is taken here, and a modern client's message passed through.
namespace tally::bridge {

ModernUpstream::Reply ModernUpstream::exchange(nlohmann::json request) {
  const std::string method = request.value("method", "");
  const std::string raw_id = ctx_.router.open_bridge_request(method);
  request["id"] = nlohmann::json::parse(raw_id);
  const std::string body = request.dump();
  const ParamHeaders params = param_headers(request);
  const std::string& url = ctx_.options.server_url;
  std::optional<MessageStream> answer;
  auto sent = post_authorized(ctx_.auth, [&](const AuthGate::Ticket& ticket) {
    answer.emplace(ctx_.router, id_key(raw_id));
    spdlog::debug("bridge -> server POST {} {}", method, raw_id);
    return post(request, body, params, ticket, *answer, ConnectionPool::Wait::for_free,
                is_read_method(method));
  });
  MessageStream& stream = *answer;
  const long status = sent.http.head.status;
  const Answer read = read_answer(sent, stream);
  // What the router kept for the bridge id (an SSE answer arrives before the transfer ends).
  auto got = ctx_.router.await_bridge_response(raw_id, std::chrono::steady_clock::now());
  auto reply_of = [&]() -> std::optional<nlohmann::json> {
    if (!got) return std::nullopt;
    return nlohmann::json::parse(*got, nullptr, false);
  };
  switch (read) {
    case Answer::interrupted:
      return {Reply::Kind::interrupted, {}, {}, status};
    case Answer::transport_failure:
      if (auto message = reply_of())
        return {Reply::Kind::response, std::move(*message), {}, status};
      return {Reply::Kind::broken, {}, describe_answer(read, sent, stream, url), status};
    case Answer::http_error: {
      // A 2026 server answers most refusals with a JSON-RPC error in a 4xx body.
      auto doc = nlohmann::json::parse(stream.body(), nullptr, false);
      if (doc.is_object() && doc.contains("error"))
        return {Reply::Kind::response, std::move(doc), {}, status};
      return {Reply::Kind::http_error, {}, describe_answer(read, sent, stream, url), status};
    }
    case Answer::refused:
    case Answer::bad_body:
      return {Reply::Kind::http_error, {}, describe_answer(read, sent, stream, url), status};
    case Answer::ok:
      break;
  }
  if (auto message = reply_of(); message && message->is_object())
    return {Reply::Kind::response, std::move(*message), {}, status};
  return {Reply::Kind::broken,
          {},
          "tally-bridge: " + url + " closed the response to " + method + " without answering",
          status};
}

void ModernUpstream::send_modern(const ClientMessage& message) {
  if (message.kind == MessageKind::notification && message.method == "notifications/cancelled")
    return;
  const auto parsed = nlohmann::json::parse(message.text, nullptr, false);
  const ParamHeaders params = param_headers(parsed);
  const std::string key = message.is_request() ? id_key(message.raw_id) : std::string();
  const std::string& url = ctx_.options.server_url;
  std::optional<MessageStream> answer;
  auto sent = post_authorized(ctx_.auth, [&](const AuthGate::Ticket& ticket) {
    answer.emplace(ctx_.router, key);
    return post(parsed, message.text, params, ticket, *answer, wait_policy(message),
                message.may_resend());
  });
  MessageStream& stream = *answer;
  const Answer read = read_answer(sent, stream);
  if (read == Answer::interrupted) return;
  if (read == Answer::transport_failure) {
    if (!stream.got_response()) ctx_.router.fail(message, describe_answer(read, sent, stream, url));
    return;
  }
  if (read == Answer::http_error && message.is_request() &&
      peek_envelope(stream.body()).kind == MessageKind::response) {
    // The server's own JSON-RPC error (e.g. -32022 naming its versions) lets a
    // dual-era client fall back; anything else becomes ours.
    ctx_.router.deliver(stream.body());
    if (!ctx_.router.is_pending(key)) return;
  }
  if (read != Answer::ok)
    return ctx_.router.fail(message, describe_answer(read, sent, stream, url));
  if (message.is_request() && !stream.got_response())
    ctx_.router.fail(message,
                     "tally-bridge: " + url + " closed the response stream without answering");
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
}

ParamHeaders ModernUpstream::param_headers(const nlohmann::json& request) const {
  const nlohmann::json* method = member(request, "method");
  if (!method || *method != "tools/call") return {};
  const nlohmann::json* p = member(request, "params");
  std::lock_guard lock(mutex_);
  if (p && p->is_object())
    if (auto it = tool_headers_.find(p->value("name", "")); it != tool_headers_.end())
      return it->second;
  return {};
}

HttpResult ModernUpstream::post(const nlohmann::json& request, std::string_view body,
                                const ParamHeaders& params, const AuthGate::Ticket& ticket,
                                MessageStream& stream, ConnectionPool::Wait wait, bool resendable) {
  HeaderList headers;
  add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
  add_modern_headers(headers, request, params.empty() ? nullptr : &params);
  HttpRequest http;
  http.url = ctx_.options.server_url;
  http.headers = &headers;
  http.body = body;
  http.resendable = resendable;
  return ctx_.http.perform(http, stream, wait);
}

}  // namespace tally::bridge
