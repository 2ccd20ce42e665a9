#include "mcp/http_endpoint.h"

#include <spdlog/spdlog.h>

#include "http/negotiation.h"
#include "mcp/envelope.h"
#include "mcp/era.h"
#include "mcp/message_kind.h"
#include "mcp/message_parser.h"

namespace tally::mcp {

namespace {

constexpr Version kHeaderlessVersion = Version::k2025_03_26;  // protocol.md B3/B4

http::Headers with_json(http::Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return headers;
}

std::optional<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

/// A header value as the client meant it: trimmed, `=?base64?…?=` decoded (B1).
std::optional<std::string> header_value(const http::Request& r, std::string_view name) {
  auto v = r.header(name);
  if (!v) return std::nullopt;
  std::string t(http::trim(*v));
  if (t.size() >= 12 && t.rfind("=?base64?", 0) == 0 && t.substr(t.size() - 2) == "?=")
    return base64_decode(std::string_view(t).substr(9, t.size() - 11));
  return t;
}

/// The HTTP status of a JSON-RPC error (protocol-2026.md B2; legacy: only malformed messages are 400).
unsigned status_of(const json& answer, bool modern) {
  if (!answer.is_object() || !answer.contains("error")) return 200;
  int code = answer["error"].value("code", 0);
  if (code == static_cast<int>(ErrorCode::kParseError) || code == static_cast<int>(ErrorCode::kInvalidRequest))
    return 400;
  if (modern && code == static_cast<int>(ErrorCode::kMethodNotFound)) return 404;
  if (modern && (code == static_cast<int>(ErrorCode::kUnsupportedVersion) ||
                 code == static_cast<int>(ErrorCode::kHeaderMismatch) ||
                 code == static_cast<int>(ErrorCode::kMissingClientCapability)))
    return 400;
  return 200;
}

bool is_final(const json& m) { return m.is_object() && !m.contains("method") && (m.contains("result") || m.contains("error")); }

}  // namespace

/// One POST in flight: the sink its call writes to. JSON until the call says
/// something before its answer, then an SSE stream (when the client accepts one).
struct HttpEndpoint::Exchange final : Sink {
  std::shared_ptr<http::Reply> reply;
  http::Headers headers;
  bool may_json = true;
  bool may_sse = true;
  bool modern = false;
  std::shared_ptr<Session> session;
  json id;
  std::string in_flight_key;

  std::mutex mu;
  bool streaming = false;
  bool finished = false;

  void send(const json& m) override {
    if (is_final(m)) {
      finish(to_line(m), 200);
      return;
    }
    std::lock_guard lock(mu);
    if (finished) return;
    if (!may_sse) {
      // Without a stream nothing can precede the answer: notifications are dropped,
      // and a request to the client cannot be made.
      if (m.contains("id"))
        throw ToolError("This client accepts only application/json answers, so Tally cannot send it " +
                        m.value("method", std::string("a request")) + ".");
      return;
    }
    if (!streaming) {
      reply->open_stream(200, headers);
      streaming = true;
    }
    reply->event(to_line(m));
  }

  void send_result(const json& result_id, std::string_view result) override {
    finish(result_line(result_id, result), 200);
  }

  void finish(std::string line, unsigned status) {
    std::lock_guard lock(mu);
    if (finished) return;
    finished = true;
    if (streaming) {
      reply->event(line);
      reply->end_stream();
    } else if (may_json || status != 200) {
      reply->send(status, with_json(headers), std::move(line));
    } else {  // a client that takes only text/event-stream
      reply->open_stream(200, headers);
      reply->event(line);
      reply->end_stream();
    }
  }

  /// No answer is due (a cancelled call): end what is open.
  void end_silently() {
    std::lock_guard lock(mu);
    if (finished) return;
    finished = true;
    if (streaming) reply->end_stream();
    else reply->send(202, headers, "");
  }
};

HttpEndpoint::HttpEndpoint(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
HttpEndpoint::~HttpEndpoint() = default;

void HttpEndpoint::close_listens() {
  std::set<std::shared_ptr<Exchange>> held;
  {
    std::lock_guard lock(mu_);
    held.swap(held_);
  }
  for (const auto& ex : held) {
    dispatcher_.close_listens(*ex->session, *ex);
    ex->end_silently();
  }
}

void HttpEndpoint::handle(const http::Request& request, std::shared_ptr<http::Reply> reply, HttpCaller caller) {
  auto refuse = [&](unsigned status, const json& id, ErrorCode code, const std::string& message) {
    reply->send(status, with_json(caller.extra_headers), to_line(make_error(id, code, message)));
  };
  if (request.method != "POST") {
    // Stateless: no server stream to GET and no session to DELETE (http.md §1).
    http::Headers h = with_json(caller.extra_headers);
    h.emplace_back("Allow", "POST");
    reply->send(405, std::move(h),
                to_line(make_error(nullptr, ErrorCode::kInvalidRequest,
                                   "Method not allowed: Tally's MCP endpoint takes POST only (no sessions, no "
                                   "server stream)")));
    return;
  }
  auto negotiation = http::negotiate_post(request.header("content-type"), request.header("accept"));
  if (negotiation.status != 0) {
    refuse(negotiation.status, nullptr, ErrorCode::kInvalidRequest, negotiation.message);
    return;
  }
  std::string parse_error;
  auto parsed = parse_line(request.body, parse_error);
  if (!parsed) {
    json id = overflow_request_id(request.body, parse_error);
    if (!id.is_null())
      refuse(400, id, ErrorCode::kInvalidParams,
             "Invalid params: a number in this request is too large to read; send amounts as decimal strings "
             "such as \"12.50\"");
    else
      refuse(400, nullptr, ErrorCode::kParseError, "Parse error: " + parse_error);
    return;
  }
  const json& message = parsed->value;
  auto header_version = header_value(request, "mcp-protocol-version");

  auto ex = std::make_shared<Exchange>();
  ex->reply = reply;
  ex->headers = caller.extra_headers;
  ex->may_json = negotiation.json;
  ex->may_sse = negotiation.sse;

  auto legacy_session = [&](bool for_initialize) -> std::shared_ptr<Session> {
    auto s = std::make_shared<Session>(client_requests_, caller.owner);
    if (!for_initialize) {
      s->initialized = true;
      s->version = header_version ? *parse_version(*header_version) : kHeaderlessVersion;
      // Stateless: the client's initialize was answered by another POST, so its
      // capabilities are unknown here; a request it cannot serve, it refuses.
      s->client_capabilities = {{"sampling", json::object()}, {"elicitation", json::object()}, {"roots", json::object()}};
    }
    return s;
  };

  if (message.is_array()) {  // a 2025-03-26 batch (seed 002: "single or batched")
    if (header_version && !parse_version(*header_version)) {
      refuse(400, nullptr, ErrorCode::kInvalidRequest, "Bad Request: unsupported MCP-Protocol-Version " + *header_version);
      return;
    }
    ex->session = legacy_session(false);
    if (caller.vet)
      for (const auto& element : message)
        if (auto refusal = caller.vet(element)) {
          reply->send(std::move(*refusal));
          return;
        }
    bool write = false;
    for (const auto& element : message) write = write || dispatcher_.is_write_call(element);
    auto decimals = std::make_shared<DecimalLexemes>(std::move(parsed->decimals));
    auto batch = std::make_shared<json>(message);
    const ToolAccess* access = caller.access;
    caller.schedule(
        write,
        [this, ex, batch, decimals, access](CallScope* scope) -> std::optional<json> {
          json answers = dispatcher_.process_batch(*batch, *decimals, *ex->session, *ex, Binding{scope, access});
          if (answers.is_null()) return std::nullopt;
          return answers;
        },
        [ex](std::optional<json> answers) {
          if (answers) ex->finish(to_line(*answers), answers->is_object() ? status_of(*answers, false) : 200);
          else ex->end_silently();
        });
    return;
  }

  MessageKind kind;
  if (auto error = check_message(message, kind)) {
    reply->send(400, with_json(caller.extra_headers), to_line(*error));
    return;
  }
  if (kind == MessageKind::kResponse) {  // the client answering a request of ours (legacy SSE)
    if (!client_requests_->deliver(message, caller.owner)) spdlog::debug("ignored a response to an unknown request");
    reply->send(202, caller.extra_headers, "");
    return;
  }
  const std::string& method = message["method"].get_ref<const std::string&>();
  const json params = message.value("params", json::object());
  if (kind == MessageKind::kNotification) {
    if (method == "notifications/cancelled" && params.is_object() && params.contains("requestId") &&
        is_valid_id(params["requestId"])) {
      std::shared_ptr<Session> target;
      {
        std::lock_guard lock(mu_);
        auto it = in_flight_.find(caller.owner + "\n" + to_line(params["requestId"]));
        if (it != in_flight_.end()) target = it->second.lock();
      }
      if (target) target->cancel(params);
    }
    reply->send(202, caller.extra_headers, "");
    return;
  }

  if (caller.vet)
    if (auto refusal = caller.vet(message)) {
      reply->send(std::move(*refusal));
      return;
    }

  // A request. Its era: a claim in the body, or a header naming 2026-07-28 or later (B4).
  const bool claim = era_of(message) == Era::kModern;
  const bool header_modern = header_version && *header_version >= std::string(kModernVersion);
  const json& id = message["id"];
  if (header_modern && !claim) {
    refuse(400, id, ErrorCode::kInvalidParams,
           "Invalid params: MCP-Protocol-Version names " + *header_version +
               ", but the body has no params._meta[\"io.modelcontextprotocol/protocolVersion\"]");
    return;
  }
  if (claim) {
    const json& claimed = params["_meta"][meta_key::kProtocolVersion];
    if (!header_version || !claimed.is_string() || claimed.get<std::string>() != *header_version) {
      refuse(400, id, ErrorCode::kHeaderMismatch,
             "Header mismatch: MCP-Protocol-Version must be sent and equal "
             "params._meta[\"io.modelcontextprotocol/protocolVersion\"]");
      return;
    }
    try {
      read_envelope(params);
    } catch (const RpcError& e) {
      reply->send(400, with_json(caller.extra_headers), to_line(make_error(id, e.code(), e.what(), e.data())));
      return;
    }
    auto header_method = header_value(request, "mcp-method");
    if (!header_method || *header_method != method) {
      refuse(400, id, ErrorCode::kHeaderMismatch, "Header mismatch: Mcp-Method must be sent and equal the body's method");
      return;
    }
    if (method == "tools/call" || method == "resources/read" || method == "prompts/get") {
      const char* key = method == "resources/read" ? "uri" : "name";
      auto header_name = header_value(request, "mcp-name");
      if (!header_name || !params.contains(key) || !params[key].is_string() || params[key].get<std::string>() != *header_name) {
        refuse(400, id, ErrorCode::kHeaderMismatch,
               std::string("Header mismatch: Mcp-Name must be sent and equal params.") + key);
        return;
      }
    }
    ex->modern = true;
    ex->session = std::make_shared<Session>(client_requests_, caller.owner);
  } else {
    if (header_version && !parse_version(*header_version)) {
      refuse(400, id, ErrorCode::kInvalidRequest,
             "Bad Request: unsupported MCP-Protocol-Version " + *header_version + "; Tally speaks 2024-11-05, "
             "2025-03-26, 2025-06-18, 2025-11-25 and 2026-07-28");
      return;
    }
    ex->session = legacy_session(method == "initialize");
    ex->in_flight_key = caller.owner + "\n" + to_line(id);
    std::lock_guard lock(mu_);
    in_flight_[ex->in_flight_key] = ex->session;
  }
  ex->id = id;
  if (method == "tools/call" && params.contains("name") && params["name"].is_string())
    reply->log_field("tool", params["name"].get<std::string>());

  std::weak_ptr<Exchange> weak = ex;
  reply->on_close([this, weak] {
    auto e = weak.lock();
    if (!e) return;
    e->session->closed = true;
    // Closing a modern stream cancels its request (protocol-2026.md B1); a legacy
    // disconnect is not a cancellation, but nobody is left to answer our requests.
    if (e->modern) e->session->cancel(json{{"requestId", e->id}});
    std::lock_guard lock(mu_);
    held_.erase(e);
  });

  const bool write = dispatcher_.is_write_call(message);
  auto decimals = std::make_shared<DecimalLexemes>(std::move(parsed->decimals));
  auto owned = std::make_shared<json>(message);
  const ToolAccess* access = caller.access;
  caller.schedule(
      write,
      [this, ex, owned, decimals, access](CallScope* scope) {
        return dispatcher_.process(*owned, *decimals, *ex->session, *ex, Binding{scope, access});
      },
      [this, ex](std::optional<json> answer) {
        if (!ex->in_flight_key.empty()) {
          std::lock_guard lock(mu_);
          in_flight_.erase(ex->in_flight_key);
        }
        if (answer) {
          ex->finish(to_line(*answer), status_of(*answer, ex->modern));
          return;
        }
        auto call = ex->session->find_call(ex->id);
        if (call && call->held && call->open) {  // subscriptions/listen: stays open (A9)
          ex->reply->hold();
          std::lock_guard lock(mu_);
          if (!ex->session->closed) held_.insert(ex);
          return;
        }
        ex->end_silently();
      });
}

}  // namespace tally::mcp
