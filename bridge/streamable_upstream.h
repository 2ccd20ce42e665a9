#pragma once
// Streamable HTTP (MCP 2025-03-26 and later, protocol.md §C1-C5, C8): one POST
// per client message; JSON or SSE answers; session capture and resend; a 404
// on a session re-initializes with the cached initialize and retries, unseen
// by the client; a stream that drops before its response is resumed with
// Last-Event-ID; 401/403 go through the sign-in seam and are retried once.
#include <mutex>
#include <string>

#include "client_message.h"
#include "http_connection.h"
#include "message_stream.h"
#include "server_stream.h"
#include "upstream_context.h"

namespace tally::bridge {

class StreamableUpstream {
 public:
  explicit StreamableUpstream(UpstreamContext context) : ctx_(context), stream_(context) {}

  /// Outcome of the first initialize under http-first / sse-first.
  struct Fallback {
    bool wanted = false;  ///< the server answered 400/404/405: try the legacy transport
    long status = 0;
    std::string error;  ///< what to tell the client if the fallback fails too
  };

  /// Sends one client message and routes what comes back; a failure is answered
  /// as a JSON-RPC error under the request's id. With `fallback` set, an
  /// initialize answered 400/404/405 is left unanswered and reported there.
  /// `may_reinitialize` is false for the bridge's own notifications/initialized
  /// sent from inside a re-initialize.
  void send(const ClientMessage& message, Fallback* fallback = nullptr,
            bool may_reinitialize = true);

  /// Stops the GET stream and DELETEs the session (bounded in time).
  void close(long timeout_ms);

 private:
  bool reinitialize(std::uint64_t failed_generation, std::string& error);
  void resume(const ClientMessage& message, const MessageStream& dropped);
  void adopt_session(const ResponseHead& head);
  void build_post_headers(HeaderList& headers, const ClientMessage& message,
                          const SessionState::View& view, const AuthGate::Ticket& ticket) const;

  UpstreamContext ctx_;
  ServerStream stream_;
  std::mutex reinit_mutex_;
};

}  // namespace tally::bridge
