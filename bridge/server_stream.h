#pragma once
// The GET stream of a Streamable HTTP session, which carries requests and
// notifications the server starts on its own (list_changed, logging,
// sampling outside a call). Opened after notifications/initialized is
// accepted, as the TS SDK does; 405 means the server has none, which is
// remembered. Dropped streams are resumed with Last-Event-ID.
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "http_connection.h"
#include "stop_flag.h"
#include "upstream_context.h"

namespace tally::bridge {

class ServerStream {
 public:
  explicit ServerStream(UpstreamContext context) : ctx_(context) {}
  ~ServerStream() { stop(); }
  ServerStream(const ServerStream&) = delete;
  ServerStream& operator=(const ServerStream&) = delete;

  /// (Re)opens the stream for the current session, unless the server said 405, and
  /// returns once the server has answered the GET (or refused it, or kOpenWait has
  /// passed): a server that sends a request (elicitation, sampling) on this stream
  /// as soon as the next call arrives would otherwise send it before anyone listens.
  void start();
  void stop();

 private:
  struct Run {
    explicit Run(const HttpSettings& s) : connection(s) {}
    HttpConnection connection;
    StopFlag stop;
    std::thread thread;
    std::promise<void> opened;  // set once: the first GET got its answer's head, or ended
    std::atomic<bool> signalled{false};
    void signal_opened() {
      if (!signalled.exchange(true)) opened.set_value();
    }
  };
  void run(Run& run);

  UpstreamContext ctx_;
  std::mutex mutex_;
  std::unique_ptr<Run> current_;
  std::atomic<bool> unsupported_{false};
};

}  // namespace tally::bridge
