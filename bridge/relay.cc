#include "relay.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "upstream_error.h"

namespace tally::bridge {
namespace {

bool has_static_authorization(const BridgeOptions& options) {
  return std::any_of(options.headers.begin(), options.headers.end(), [](const Header& h) {
    std::string lower(h.name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == "authorization";
  });
}

}  // namespace

Relay::Relay(const BridgeOptions& options, AuthProvider* auth, StdoutWriter& out)
    : options_(options),
      out_(out),
      filter_(options.ignore_tools),
      router_(out, filter_, session_),
      auth_(auth, has_static_authorization(options)),
      context_{options_, session_, router_, auth_, stop_},
      streamable_(context_),
      legacy_(context_),
      pool_(options.http) {}

Relay::~Relay() { close(std::chrono::milliseconds(0), std::chrono::milliseconds(1000)); }

Relay::Mode Relay::mode() const {
  std::lock_guard lock(mode_mutex_);
  return mode_;
}

void Relay::set_mode(Mode mode) {
  std::lock_guard lock(mode_mutex_);
  mode_ = mode;
}

void Relay::handle_line(std::string line) {
  ClientMessage message = classify_client_line(std::move(line));
  if (message.kind == MessageKind::invalid) {
    out_.write_line(jsonrpc_error("null", -32700, "tally-bridge: the line from the client is not a JSON-RPC message"));
    return;
  }
  if (refuse_hidden_tool(message)) return;
  if (message.expects_response()) router_.track(message);
  if (message.is_initialize()) session_.remember_initialize(message.text);
  const bool ordered = !message.is_request() || message.is_initialize();
  const auto seq = gate_.enter(ordered);
  pool_.submit([this, message = std::move(message), seq, ordered](HttpConnection& connection) {
    if (gate_.wait_turn(seq)) dispatch(message, connection);
    gate_.leave(seq, ordered);
  });
}

bool Relay::refuse_hidden_tool(const ClientMessage& message) {
  if (!filter_.active() || !message.is_request() || message.method != "tools/call") return false;
  const std::string name = ToolFilter::tool_name_of_call(message.text);
  const std::string* pattern = filter_.match(name);
  if (!pattern) return false;
  out_.write_line(jsonrpc_error(message.raw_id, -32602,
                                "Tool \"" + name + "\" is not available: hidden by --ignore-tool \"" + *pattern + "\""));
  return true;
}

void Relay::dispatch(const ClientMessage& message, HttpConnection& connection) {
  if (message.is_initialize()) {
    dispatch_initialize(message, connection);
    return;
  }
  Mode m = mode();
  if (m == Mode::undecided)
    m = options_.transport == TransportStrategy::sse_only || options_.transport == TransportStrategy::sse_first
            ? Mode::legacy
            : Mode::streamable;
  if (m == Mode::legacy)
    legacy_.send(message, connection);
  else
    streamable_.send(message, connection);
}

void Relay::dispatch_initialize(const ClientMessage& message, HttpConnection& connection) {
  const Mode decided = mode();
  if (decided == Mode::streamable) return streamable_.send(message, connection);
  if (decided == Mode::legacy) return legacy_.send(message, connection);

  switch (options_.transport) {
    case TransportStrategy::http_only:
      set_mode(Mode::streamable);
      streamable_.send(message, connection);
      return;
    case TransportStrategy::sse_only:
      set_mode(Mode::legacy);
      legacy_.send(message, connection);
      return;
    case TransportStrategy::http_first: {
      StreamableUpstream::Fallback fallback;
      set_mode(Mode::streamable);
      streamable_.send(message, connection, &fallback);
      if (!fallback.wanted) return;
      spdlog::debug("initialize POST answered {}; trying the legacy HTTP+SSE transport", fallback.status);
      auto connected = legacy_.connect();
      if (!connected.ok) {
        router_.fail(message, fallback.error + " The legacy HTTP+SSE transport failed too: " + connected.error);
        return;
      }
      set_mode(Mode::legacy);
      legacy_.send(message, connection);
      return;
    }
    case TransportStrategy::sse_first: {
      auto connected = legacy_.connect();
      const bool not_sse = !connected.ok && ((connected.status >= 400 && connected.status < 500 &&
                                              connected.status != 401 && connected.status != 403) ||
                                             !connected.event_stream);
      if (connected.ok || !not_sse) {
        set_mode(Mode::legacy);
        legacy_.send(message, connection);
        return;
      }
      spdlog::debug("SSE GET failed ({}); trying Streamable HTTP", connected.status);
      set_mode(Mode::streamable);
      streamable_.send(message, connection);
      return;
    }
  }
}

bool Relay::close(std::chrono::milliseconds grace, std::chrono::milliseconds delete_timeout) {
  {
    std::lock_guard lock(mode_mutex_);
    if (closed_) return true;
    closed_ = true;
  }
  if (grace.count() > 0) pool_.wait_idle(std::chrono::steady_clock::now() + grace);
  stop_.stop();
  gate_.shutdown();
  router_.abandon_bridge_requests();
  pool_.shutdown();
  legacy_.close();
  if (mode() != Mode::legacy) streamable_.close(static_cast<long>(delete_timeout.count()));
  return pool_.wait_idle(std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
}

}  // namespace tally::bridge
