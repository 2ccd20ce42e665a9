#pragma once
// The 2024-11-05 HTTP+SSE transport (protocol.md §C6): a GET opens an event
// stream whose first `endpoint` event names the URL to POST messages to;
// every answer arrives on that stream. The stream is the session: when it
// ends, unanswered requests get an error and the next message reconnects and
// replays the cached initialize, as the Streamable upstream does after a 404.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client_message.h"
#include "http_connection.h"
#include "upstream_context.h"

namespace tally::bridge {

class LegacyUpstream {
 public:
  explicit LegacyUpstream(UpstreamContext context) : ctx_(context) {}
  ~LegacyUpstream() { close(); }
  LegacyUpstream(const LegacyUpstream&) = delete;
  LegacyUpstream& operator=(const LegacyUpstream&) = delete;

  struct Connected {
    bool ok = false;
    long status = 0;           ///< HTTP status of a failed GET (0 for network failures)
    bool event_stream = true;  ///< false when the GET answered 2xx but not text/event-stream
    std::string error;
  };
  /// Opens the stream and waits for its endpoint, unless already open.
  Connected connect();

  /// POSTs one client message to the endpoint; failures are answered as JSON-RPC errors.
  void send(const ClientMessage& message);

  void close();

 private:
  struct Stream {
    explicit Stream(const HttpSettings& s) : connection(s) {}
    HttpConnection connection;
    std::thread thread;
  };
  Connected connect_once(AuthGate::Ticket& ticket_used, std::vector<std::string>& www_authenticate);
  void run_stream(Stream& stream, AuthGate::Ticket ticket);
  bool replay_initialize(std::string& error);
  enum class Post { done, reconnect };
  Post post(const ClientMessage& message);

  UpstreamContext ctx_;
  std::mutex connect_mutex_;  // one connect at a time

  std::mutex mutex_;
  std::condition_variable cv_;
  std::unique_ptr<Stream> stream_;
  bool open_ = false;   // endpoint known, stream running
  bool ended_ = false;  // the current stream attempt finished
  std::string endpoint_;
  std::uint64_t connection_generation_ = 0;
  std::uint64_t initialized_generation_ = 0;  // the connection the initialize went over
  Connected last_failure_;
  std::vector<std::string> last_www_authenticate_;
};

}  // namespace tally::bridge
