#include "relay.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "oauth/token_store.h"
#include "upstream_error.h"

namespace tally::bridge {
namespace {

// A 2026-07-28 request names its version in params._meta; a legacy one never does.
// A substring test is enough to route: the server checks the envelope itself.
bool claims_modern(const ClientMessage& message) {
  return message.kind != MessageKind::response &&
         message.text.find(kMetaVersion) != std::string::npos;
}

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
      connections_(options_.http, kConnections),
      context_{options_, session_, router_, auth_, stop_, connections_},
      streamable_(context_),
      legacy_(context_),
      modern_(context_),
      listen_(context_, [this] { return modern_.envelope(); }),
      eras_(options.protocol == ProtocolMode::automatic ? oauth::TokenStore::default_root()
                                                        : std::filesystem::path(),
            options.server_url),
      pool_(kWorkers) {}

Relay::~Relay() {
  close(std::chrono::milliseconds(0), std::chrono::milliseconds(1000));
}

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
    out_.write_line(jsonrpc_error(
        "null", -32700, "tally-bridge: the line from the client is not a JSON-RPC message"));
    return;
  }
  // The client answering one of our MRTR input requests: the waiting worker takes it.
  if (message.kind == MessageKind::response && router_.take_client_response(message.text)) return;
  if (refuse_hidden_tool(message)) return;
  if (message.expects_response()) router_.track(message);
  if (message.is_initialize()) session_.remember_initialize(message.text);
  const bool ordered = !message.is_request() || message.is_initialize();
  const auto seq = gate_.enter(ordered);
  const bool urgent = message.is_urgent();
  pool_.submit(
      [this, message = std::move(message), seq, ordered] {
        if (gate_.wait_turn(seq)) dispatch(message);
        gate_.leave(seq, ordered);
      },
      urgent);
}

bool Relay::wait_for_room(std::chrono::milliseconds timeout) {
  return router_.asking_client() || pool_.wait_for_room(timeout);
}

bool Relay::refuse_hidden_tool(const ClientMessage& message) {
  if (!filter_.active() || !message.is_request() || message.method != "tools/call") return false;
  const std::string name = ToolFilter::tool_name_of_call(message.text);
  const std::string* pattern = filter_.match(name);
  if (!pattern) return false;
  out_.write_line(jsonrpc_error(
      message.raw_id, -32602,
      "Tool \"" + name + "\" is not available: hidden by --ignore-tool \"" + *pattern + "\""));
  return true;
}

void Relay::dispatch(const ClientMessage& message) {
  if (options_.protocol != ProtocolMode::legacy && claims_modern(message)) {
    modern_.send_modern(message);
    return;
  }
  if (message.is_initialize()) {
    dispatch_initialize(message);
    return;
  }
  Mode m = mode();
  if (m == Mode::modern) {
    modern_.send_legacy(message);
    return;
  }
  if (m == Mode::undecided)
    m = options_.transport == TransportStrategy::sse_only ||
                options_.transport == TransportStrategy::sse_first
            ? Mode::legacy
            : Mode::streamable;
  if (m == Mode::legacy)
    legacy_.send(message);
  else
    streamable_.send(message);
}

void Relay::dispatch_initialize(const ClientMessage& message) {
  const Mode decided = mode();
  if (decided == Mode::streamable) return streamable_.send(message);
  if (decided == Mode::legacy) return legacy_.send(message);
  if (decided == Mode::modern) {
    modern_.adopt_initialize(message);
    return modern_.answer_initialize(message, discover_);
  }
  if (options_.protocol != ProtocolMode::legacy && bridge_to_modern(message)) return;
  dispatch_legacy_initialize(message);
}

bool Relay::bridge_to_modern(const ClientMessage& message) {
  modern_.adopt_initialize(message);
  const auto cached = eras_.load();
  const auto now = EraCache::now_ms();
  if (cached && cached->era == Era::legacy && options_.protocol == ProtocolMode::automatic)
    return false;
  if (cached && cached->era == Era::modern && cached->discover.is_object() &&
      now < cached->discover_until_ms) {
    // Warm start: the server said how long its discover result stays good.
    spdlog::debug("{} is a 2026-07-28 server (cached); no probe", options_.server_url);
    modern_.set_version(cached->version);
    discover_ = cached->discover;
    set_mode(Mode::modern);
    modern_.answer_initialize(message, discover_);
    listen_.start(ListenStream::filter_for(discover_));
    return true;
  }
  auto probe = modern_.probe();
  if (probe.outcome == ModernUpstream::Probe::Outcome::failed) {
    router_.fail(message, probe.error);  // 5xx, network, shutdown: nothing learnt, nothing cached
    return true;
  }
  EraRecord record;
  record.time_ms = now;
  if (probe.outcome == ModernUpstream::Probe::Outcome::legacy) {
    if (options_.protocol == ProtocolMode::modern) {
      router_.fail(message, "tally-bridge: " + options_.server_url +
                                " does not speak MCP 2026-07-28 (server/discover was refused); "
                                "drop --protocol modern to use its earlier protocol");
      return true;
    }
    spdlog::debug("{} is a server of the earlier era", options_.server_url);
    record.era = Era::legacy;
    if (!cached || cached->era != Era::legacy) eras_.save(record);
    return false;
  }
  record.era = Era::modern;
  record.version = probe.version;
  record.discover = probe.discover;
  const auto ttl = probe.discover.value("ttlMs", std::int64_t{0});
  record.discover_until_ms = ttl > 0 ? now + ttl : 0;
  if (!cached || cached->era != Era::modern || ttl > 0) eras_.save(record);
  discover_ = std::move(probe.discover);
  set_mode(Mode::modern);
  modern_.answer_initialize(message, discover_);
  listen_.start(ListenStream::filter_for(discover_));
  return true;
}

void Relay::dispatch_legacy_initialize(const ClientMessage& message) {
  switch (options_.transport) {
    case TransportStrategy::http_only:
      set_mode(Mode::streamable);
      streamable_.send(message);
      return;
    case TransportStrategy::sse_only:
      set_mode(Mode::legacy);
      legacy_.send(message);
      return;
    case TransportStrategy::http_first: {
      StreamableUpstream::Fallback fallback;
      set_mode(Mode::streamable);
      streamable_.send(message, &fallback);
      if (!fallback.wanted) return;
      spdlog::debug("initialize POST answered {}; trying the legacy HTTP+SSE transport",
                    fallback.status);
      auto connected = legacy_.connect();
      if (!connected.ok) {
        router_.fail(message, fallback.error +
                                  " The legacy HTTP+SSE transport failed too: " + connected.error);
        return;
      }
      set_mode(Mode::legacy);
      legacy_.send(message);
      return;
    }
    case TransportStrategy::sse_first: {
      auto connected = legacy_.connect();
      const bool not_sse = !connected.ok && ((connected.status >= 400 && connected.status < 500 &&
                                              connected.status != 401 && connected.status != 403) ||
                                             !connected.event_stream);
      if (connected.ok || !not_sse) {
        set_mode(Mode::legacy);
        legacy_.send(message);
        return;
      }
      spdlog::debug("SSE GET failed ({}); trying Streamable HTTP", connected.status);
      set_mode(Mode::streamable);
      streamable_.send(message);
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
  connections_.shutdown();
  legacy_.close();
  listen_.stop();
  if (mode() == Mode::streamable || mode() == Mode::undecided)
    streamable_.close(static_cast<long>(delete_timeout.count()));
  return pool_.wait_idle(std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
}

}  // namespace tally::bridge
