#include "server_stream.h"

#include <chrono>
#include <functional>

#include <spdlog/spdlog.h>

#include "message_stream.h"

namespace tally::bridge {
namespace {
constexpr int kMaxFruitlessReconnects = 5;
constexpr auto kOpenWait = std::chrono::seconds(3);

/// A MessageStream that also says when the GET's answer has begun.
class Opening final : public ResponseHandler {
 public:
  Opening(MessageStream& inner, std::function<void()> opened)
      : inner_(inner), opened_(std::move(opened)) {}
  void on_head(const ResponseHead& head) override {
    inner_.on_head(head);
    opened_();
  }
  bool on_body(std::string_view chunk) override { return inner_.on_body(chunk); }

 private:
  MessageStream& inner_;
  std::function<void()> opened_;
};
}  // namespace

void ServerStream::start() {
  if (unsupported_.load() || ctx_.stop.stopped()) return;
  std::lock_guard lock(mutex_);
  if (current_) {
    current_->stop.stop();
    current_->connection.interrupt();
    current_->thread.join();
    current_.reset();
  }
  current_ = std::make_unique<Run>(ctx_.options.http);
  Run* r = current_.get();
  std::future<void> opened = r->opened.get_future();
  r->thread = std::thread([this, r] {
    run(*r);
    r->signal_opened();  // whatever happened, nobody waits any longer
  });
  opened.wait_for(kOpenWait);
}

void ServerStream::stop() {
  std::lock_guard lock(mutex_);
  if (!current_) return;
  current_->stop.stop();
  current_->connection.interrupt();
  current_->thread.join();
  current_.reset();
}

void ServerStream::run(Run& r) {
  std::string last_event_id;
  int fruitless = 0;
  long server_retry = -1;
  while (!r.stop.stopped() && !ctx_.stop.stopped()) {
    auto view = ctx_.session.view();
    auto ticket = ctx_.auth.ticket();
    HeaderList headers;
    add_request_headers(headers, ctx_.options, Accept::event_stream, ticket.authorization);
    add_session_headers(headers, view);
    if (!last_event_id.empty()) headers.add("Last-Event-ID", last_event_id);
    MessageStream stream(ctx_.router, "");
    HttpRequest request;
    request.method = "GET";
    request.url = ctx_.options.server_url;
    request.headers = &headers;
    Opening opening(stream, [&r] { r.signal_opened(); });
    HttpResult result = r.connection.perform(request, opening);
    r.signal_opened();
    if (result.interrupted) return;
    const long status = result.head.status;
    if (status == 405) {
      spdlog::debug("GET stream: server has none (405)");
      unsupported_ = true;
      return;
    }
    if (stream.mode() == MessageStream::Mode::sse) {
      if (stream.sse().saw_id()) last_event_id = stream.sse().last_event_id();
      if (stream.sse().retry_ms()) server_retry = *stream.sse().retry_ms();
      fruitless = stream.events() > 0 ? 0 : fruitless + 1;
      spdlog::debug("GET stream ended after {} events ({})", stream.events(),
                    result.code == CURLE_OK ? "closed" : result.error);
    } else if (status == 400 || status == 401 || status == 403 || status == 404 ||
               (status >= 200 && status < 300)) {
      // No session, no access or no stream here: the next POST sorts the session
      // or sign-in out and restarts the stream.
      spdlog::debug("GET stream: HTTP {}, not retrying", status);
      return;
    } else {
      ++fruitless;
      spdlog::debug("GET stream failed: {}",
                    result.code != CURLE_OK ? result.error : "HTTP " + std::to_string(status));
    }
    if (fruitless > kMaxFruitlessReconnects) return;
    if (!r.stop.sleep_for(std::chrono::milliseconds(reconnect_delay_ms(fruitless, server_retry))))
      return;
  }
}

}  // namespace tally::bridge
