// One HTTP/1.1 connection: a state machine on its own strand.
//
// Phases: waiting for a request (idle timer, then header timer) → reading the
// body (request timer) → handling (the route's Reply may come from any thread;
// a read stays posted so a client that goes away is noticed at once and
// on_close fires) → writing (a queue, so SSE events, keep-alive comments and
// the end of a stream go out in order) → next request, or a lingering close
// that drains what the client still sends, so it reads our 413/431 instead of
// a reset.
//
// Responses are serialised here rather than with Beast's serializer: an SSE
// stream is a response head followed by chunks written over minutes, and one
// write queue for both keeps the code in one shape. Beast parses requests.

#include <algorithm>
#include <chrono>
#include <deque>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/access_log.h"
#include "http/server_state.h"

namespace tally::http::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kReadChunk = 4096;

tcp::socket& lowest(tcp::socket& s) {
  return s;
}
tcp::socket& lowest(net::ssl::stream<tcp::socket>& s) {
  return s.next_layer();
}

bool is_tls(const tcp::socket&) {
  return false;
}
bool is_tls(const net::ssl::stream<tcp::socket>&) {
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

// Fields the server owns: a route setting them would corrupt the framing.
bool reserved_field(std::string_view lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" ||
         lower_name == "connection";
}

std::string status_line(unsigned status) {
  auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  return fmt::format("HTTP/1.1 {} {}\r\n", status, std::string_view(reason.data(), reason.size()));
}

void append_fields(std::string& out, const Headers& headers, spdlog::logger& log) {
  for (const auto& [name, value] : headers) {
    if (name.empty() || has_line_break(name) || has_line_break(value)) {
      log.error("http: dropped a response header with a line break in it");
      continue;
    }
    if (reserved_field(lower(name))) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
}

std::string chunk(std::string_view data) {
  return fmt::format("{:x}\r\n{}\r\n", data.size(), data);
}

std::string peer_of(tcp::socket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

template <class Stream>
class ConnectionImpl final : public Connection {
 public:
  ConnectionImpl(Stream stream, std::shared_ptr<ServerState> state)
      : stream_(std::move(stream)),
        state_(std::move(state)),
        options_(state_->options),
        read_deadline_(stream_.get_executor()),
        write_deadline_(stream_.get_executor()),
        request_timer_(stream_.get_executor()),
        keepalive_timer_(stream_.get_executor()) {
    peer_ = peer_of(lowest(stream_));
  }

  void start() override {
    post([](ConnectionImpl& self) { self.begin(); });
  }
  void stop_gently() override {
    post([](ConnectionImpl& self) {
      if (!self.in_request_)
        self.close();
      else
        self.close_after_reply_ = true;
    });
  }
  void stop_now() override {
    post([](ConnectionImpl& self) { self.close(); });
  }
  void evict() override {
    post([](ConnectionImpl& self) {
      if (!self.in_request_) self.close();
    });
  }

  // ReplySink: each step runs on the strand, and only for the current request.
  void send(std::uint64_t seq, Response response) override {
    post_for(seq, [response = std::move(response)](ConnectionImpl& self) mutable {
      if (!self.response_started_) self.send_response(std::move(response));
    });
  }
  void open_stream(std::uint64_t seq, unsigned status, Headers headers) override {
    post_for(seq, [status, headers = std::move(headers)](ConnectionImpl& self) mutable {
      if (!self.response_started_) self.start_stream(status, std::move(headers));
    });
  }
  void write_event(std::uint64_t seq, std::string frame) override {
    post_for(seq, [frame = std::move(frame)](ConnectionImpl& self) {
      if (self.stream_open_) self.enqueue(self.chunked_ ? chunk(frame) : frame);
    });
  }
  void end_stream(std::uint64_t seq) override {
    post_for(seq, [](ConnectionImpl& self) {
      if (self.stream_open_) self.finish_stream();
    });
  }
  void hold(std::uint64_t seq) override {
    post_for(seq, [](ConnectionImpl& self) {
      self.held_ = true;
      self.request_timer_.cancel();
    });
  }
  void on_close(std::uint64_t seq, std::function<void()> callback) override {
    post([seq, callback = std::move(callback)](ConnectionImpl& self) mutable {
      if (seq != self.seq_ || self.response_complete_) return;
      if (self.closed_)
        callback();
      else
        self.close_callbacks_.push_back(std::move(callback));
    });
  }
  void log_field(std::uint64_t seq, std::string key, std::string value) override {
    post_for(seq, [key = std::move(key), value = std::move(value)](ConnectionImpl& self) mutable {
      self.log_fields_.emplace_back(std::move(key), std::move(value));
    });
  }
  void abandon(std::uint64_t seq) override {
    post_for(seq, [](ConnectionImpl& self) {
      if (!self.response_started_)
        self.send_response(plain(500, "no response was given\n"));
      else if (self.stream_open_)
        self.finish_stream();
    });
  }

 private:
  enum class Reading { nothing, next_request, watch, drain };

  template <class F>
  void post(F f) {
    net::post(stream_.get_executor(),
              [self = shared_this(), f = std::move(f)]() mutable { f(*self); });
  }
  // Runs `f` only while `seq` is the request in flight and its reply is open.
  template <class F>
  void post_for(std::uint64_t seq, F f) {
    post([seq, f = std::move(f)](ConnectionImpl& self) mutable {
      if (seq == self.seq_ && self.in_request_ && !self.response_complete_ && !self.closed_)
        f(self);
    });
  }
  std::shared_ptr<ConnectionImpl> shared_this() {
    return std::static_pointer_cast<ConnectionImpl>(shared_from_this());
  }

  static Response plain(unsigned status, std::string body) {
    return Response{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
  }

  // A deadline that closes the connection. The handler re-checks the expiry:
  // one that fired just as it was re-armed or disarmed must not close.
  void arm(net::steady_timer& timer, std::chrono::milliseconds after) {
    timer.expires_after(after);
    timer.async_wait([self = shared_this(), &timer](error_code ec) {
      if (!ec && timer.expiry() <= Clock::now()) self->close();
    });
  }
  static void disarm(net::steady_timer& timer) { timer.expires_at(Clock::time_point::max()); }

  // ---- reading requests ----

  void mark_waiting() { waiting_since = Clock::now().time_since_epoch().count(); }

  void begin() {
    if (state_->stopping) return close();
    mark_waiting();
    arm(read_deadline_, options_.header_timeout);
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      read_header();
    } else {
      stream_.async_handshake(net::ssl::stream_base::server, [self = shared_this()](error_code ec) {
        if (ec) return self->close();
        self->read_header();
      });
    }
  }

  // After a response: wait (idle limit) for the first byte of the next request.
  void next_request() {
    if (close_after_reply_ || state_->stopping) return linger_close();
    if (buffer_.size() > 0 && !read_pending_) return read_header_with_deadline();
    reading_ = Reading::next_request;
    mark_waiting();
    arm(read_deadline_, options_.idle_timeout);
    if (!read_pending_) read_some();
  }

  void read_header_with_deadline() {
    arm(read_deadline_, options_.header_timeout);
    read_header();
  }

  void read_header() {
    reading_ = Reading::nothing;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser_->body_limit(boost::none);  // Content-Length is checked after on_head
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_this()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (closed_) return;
    if (ec == bhttp::error::header_limit)
      return refuse(431, fmt::format("request headers over {} bytes\n", options_.max_header_bytes));
    // A parse error is the client's mistake (400); anything else (end of
    // stream, reset, our own timeout) just ends the connection.
    const bool parse_error =
        ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
    if (parse_error) return refuse(400, "malformed request\n");
    if (ec) return close();
    disarm(read_deadline_);
    begin_request();
  }

  // Answers before the body was read and closes: the unread body cannot be skipped safely.
  void refuse(unsigned status, std::string body) {
    waiting_since = 0;
    in_request_ = true;
    started_ = Clock::now();
    ++seq_;
    head_ = Head{};
    head_.method = "-";  // the request line may be what was wrong
    head_.path = "-";
    close_after_reply_ = true;
    send_response(plain(status, std::move(body)));
  }

  void begin_request() {
    waiting_since = 0;
    in_request_ = true;
    started_ = Clock::now();
    ++seq_;
    const auto& message = parser_->get();
    head_ = Head{};
    head_.method = std::string(message.method_string());
    head_.target = std::string(message.target());
    auto question = head_.target.find('?');
    head_.path = head_.target.substr(0, question);
    if (question != std::string::npos) head_.query = head_.target.substr(question + 1);
    for (const auto& field : message)
      head_.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    head_.peer_address = peer_;
    head_.tls = is_tls(stream_);
    keep_alive_ = message.keep_alive();
    http10_ = message.version() < 11;
    head_only_ = message.method() == bhttp::verb::head;
    const bool body_follows = !parser_->is_done();

    try {
      if (state_->router.on_head) {
        if (auto early = state_->router.on_head(head_)) {
          if (body_follows) close_after_reply_ = true;
          return send_response(std::move(*early));
        }
      }
    } catch (const std::exception& e) {
      state_->access_log->error("http: on_head failed: {}", e.what());
      close_after_reply_ = true;
      return send_response(plain(500, "internal error\n"));
    }

    if (auto length = parser_->content_length(); length && *length > options_.max_body_bytes) {
      close_after_reply_ = true;
      return send_response(
          plain(413, fmt::format("request body over {} bytes\n", options_.max_body_bytes)));
    }
    if (!body_follows) return dispatch();

    parser_->body_limit(options_.max_body_bytes);
    arm(read_deadline_, options_.request_timeout);
    auto expect = message[bhttp::field::expect];
    if (lower(std::string_view(expect.data(), expect.size())) == "100-continue" && !http10_) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_this()](error_code ec, std::size_t) {
                         if (ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(
        stream_, buffer_, *parser_, [self = shared_this()](error_code ec, std::size_t) {
          if (self->closed_) return;
          if (ec == bhttp::error::body_limit) {
            self->close_after_reply_ = true;
            return self->send_response(plain(
                413, fmt::format("request body over {} bytes\n", self->options_.max_body_bytes)));
          }
          if (ec) return self->close();
          disarm(self->read_deadline_);
          self->dispatch();
        });
  }

  void dispatch() {
    Request request;
    static_cast<Head&>(request) = std::move(head_);
    head_ = Head{};
    head_.method = request.method;  // kept for the access log
    head_.path = request.path;
    request.body = std::move(parser_->get().body());
    parser_.reset();

    if (options_.request_timeout.count() > 0) {
      request_timer_.expires_after(options_.request_timeout);
      request_timer_.async_wait(
          [self = shared_this(), seq = seq_](error_code ec) { self->on_request_timeout(ec, seq); });
    }
    // Notice a client that goes away while the route works (its on_close hook).
    reading_ = Reading::watch;
    if (!read_pending_ && buffer_.size() == 0) read_some();

    auto reply = std::make_shared<Reply>(shared_from_this(), seq_);
    try {
      state_->router.on_request(std::move(request), std::move(reply));
    } catch (const std::exception& e) {
      state_->access_log->error("http: on_request failed: {}", e.what());
      if (!response_started_) send_response(plain(500, "internal error\n"));
    }
  }

  void on_request_timeout(error_code ec, std::uint64_t seq) {
    if (ec || seq != seq_ || !in_request_ || response_complete_ || held_ || closed_) return;
    log_fields_.emplace_back("timeout", "request");
    fire_close_callbacks();
    if (!response_started_) {
      close_after_reply_ = true;
      send_response(plain(503, "the request took too long\n"));
    } else {
      close();
    }
  }

  // One read at a time, into buffer_; what it means depends on reading_.
  void read_some() {
    read_pending_ = true;
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_this()](error_code ec, std::size_t n) {
                              self->read_pending_ = false;
                              self->on_read_some(ec, n);
                            });
  }

  void on_read_some(error_code ec, std::size_t n) {
    if (closed_) return;
    if (ec) {
      if (reading_ == Reading::watch) log_fields_.emplace_back("client", "closed");
      return close();
    }
    buffer_.commit(n);
    switch (reading_) {
      case Reading::next_request:
        read_header_with_deadline();
        break;
      case Reading::watch:
        // The client sent its next request early (pipelining): it is alive. Stop
        // watching; those bytes wait in buffer_ for next_request().
        reading_ = Reading::nothing;
        break;
      case Reading::drain:
        buffer_.consume(buffer_.size());
        read_some();
        break;
      case Reading::nothing:
        break;
    }
  }

  // ---- writing responses ----

  bool will_close() const { return close_after_reply_ || !keep_alive_ || state_->stopping.load(); }

  void send_response(Response response) {
    response_started_ = true;
    response_complete_ = true;
    status_ = response.status;
    request_timer_.cancel();
    if (will_close()) close_after_reply_ = true;
    std::string out = status_line(response.status);
    append_fields(out, response.headers, *state_->access_log);
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodyless) out += fmt::format("Content-Length: {}\r\n", response.body.size());
    if (close_after_reply_) out += "Connection: close\r\n";
    out += "\r\n";
    if (!bodyless && !head_only_) out += response.body;
    enqueue(std::move(out));
  }

  void start_stream(unsigned status, Headers headers) {
    response_started_ = true;
    stream_open_ = true;
    status_ = status;
    if (will_close()) close_after_reply_ = true;
    // HTTP/1.0 has no chunks: the stream then ends when the connection does.
    chunked_ = !http10_;
    if (!chunked_) close_after_reply_ = true;
    std::string out = status_line(status);
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const auto& h) {
                                   auto n = lower(h.first);
                                   return n == "content-type" || n == "cache-control" ||
                                          n == "x-accel-buffering";
                                 }),
                  headers.end());
    headers.emplace_back("Content-Type", "text/event-stream");
    headers.emplace_back("Cache-Control", "no-cache");
    headers.emplace_back("X-Accel-Buffering", "no");
    append_fields(out, headers, *state_->access_log);
    if (chunked_) out += "Transfer-Encoding: chunked\r\n";
    if (close_after_reply_) out += "Connection: close\r\n";
    out += "\r\n";
    enqueue(std::move(out));
    schedule_keepalive();
  }

  void schedule_keepalive() {
    if (options_.sse_keepalive.count() <= 0) return;
    keepalive_timer_.expires_after(options_.sse_keepalive);
    keepalive_timer_.async_wait([self = shared_this(), seq = seq_](error_code ec) {
      if (ec || seq != self->seq_ || !self->stream_open_ || self->closed_) return;
      static constexpr std::string_view kComment = ": keep-alive\n\n";
      self->enqueue(self->chunked_ ? chunk(kComment) : std::string(kComment));
      self->schedule_keepalive();
    });
  }

  void finish_stream() {
    stream_open_ = false;
    response_complete_ = true;
    keepalive_timer_.cancel();
    request_timer_.cancel();
    if (chunked_)
      enqueue("0\r\n\r\n");
    else if (!writing_)
      after_response();
  }

  void enqueue(std::string bytes) {
    outbox_.push_back(std::move(bytes));
    if (!writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    writing_now_.clear();
    while (!outbox_.empty()) {
      writing_now_ += outbox_.front();
      outbox_.pop_front();
    }
    arm(write_deadline_, options_.idle_timeout);  // a client that stops reading is dropped
    net::async_write(stream_, net::buffer(writing_now_),
                     [self = shared_this()](error_code ec, std::size_t) {
                       disarm(self->write_deadline_);
                       if (self->closed_) return;
                       if (ec) return self->close();
                       if (!self->outbox_.empty()) return self->write_next();
                       self->writing_ = false;
                       if (self->response_complete_ && !self->stream_open_) self->after_response();
                     });
  }

  void after_response() {
    log_request();
    reset_request();
    next_request();
  }

  void log_request() {
    if (!in_request_) return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
    state_->access_log->info(
        "{}", access_log_line(head_.method, head_.path, status_, ms.count(), log_fields_));
  }

  void reset_request() {
    in_request_ = false;
    response_started_ = response_complete_ = stream_open_ = held_ = false;
    status_ = 0;
    head_ = Head{};
    head_only_ = false;
    log_fields_.clear();
    close_callbacks_.clear();
    request_timer_.cancel();
    keepalive_timer_.cancel();
  }

  // ---- closing ----

  void fire_close_callbacks() {
    auto callbacks = std::move(close_callbacks_);
    close_callbacks_.clear();
    for (auto& callback : callbacks) {
      try {
        callback();
      } catch (const std::exception& e) {
        state_->access_log->error("http: an on_close hook failed: {}", e.what());
      }
    }
  }

  // After a final response: stop sending, read and drop what the client still
  // sends for a moment, then close, so it is not reset before it reads ours.
  void linger_close() {
    if (closed_) return;
    error_code ignored;
    lowest(stream_).shutdown(tcp::socket::shutdown_send, ignored);
    arm(read_deadline_, std::chrono::duration_cast<std::chrono::milliseconds>(kLingerTime));
    reading_ = Reading::drain;
    buffer_.consume(buffer_.size());
    if (!read_pending_) read_some();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    waiting_since = 0;
    if (in_request_) {
      if (!response_complete_) {
        if (status_ == 0) status_ = 499;  // nginx's "client closed request"
        fire_close_callbacks();
      }
      log_request();
    }
    error_code ignored;
    disarm(read_deadline_);
    disarm(write_deadline_);
    request_timer_.cancel();
    keepalive_timer_.cancel();
    lowest(stream_).close(ignored);
    state_->remove(this);
  }

  Stream stream_;
  std::shared_ptr<ServerState> state_;
  const Options& options_;
  std::string peer_;
  net::steady_timer read_deadline_, write_deadline_, request_timer_, keepalive_timer_;

  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Reading reading_ = Reading::nothing;
  bool read_pending_ = false;

  std::deque<std::string> outbox_;
  std::string writing_now_;
  bool writing_ = false;

  bool closed_ = false;
  bool close_after_reply_ = false;

  // The request in flight.
  std::uint64_t seq_ = 0;
  bool in_request_ = false;
  Head head_;
  Clock::time_point started_;
  bool keep_alive_ = true, http10_ = false, head_only_ = false;
  bool response_started_ = false, response_complete_ = false;
  bool stream_open_ = false, chunked_ = true, held_ = false;
  unsigned status_ = 0;
  std::vector<std::pair<std::string, std::string>> log_fields_;
  std::vector<std::function<void()>> close_callbacks_;
};

}  // namespace

std::shared_ptr<Connection> make_connection(tcp::socket socket, net::ssl::context* tls,
                                            std::shared_ptr<ServerState> state) {
  if (tls)
    return std::make_shared<ConnectionImpl<net::ssl::stream<tcp::socket>>>(
        net::ssl::stream<tcp::socket>(std::move(socket), *tls), std::move(state));
  return std::make_shared<ConnectionImpl<tcp::socket>>(std::move(socket), std::move(state));
}

}  // namespace tally::http::detail
