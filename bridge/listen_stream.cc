#include "listen_stream.h"

#include <chrono>
#include <optional>

#include <spdlog/spdlog.h>

#include "authorized_post.h"
#include "modern_headers.h"
#include "sse_parser.h"

namespace tally::bridge {
namespace {

constexpr std::string_view kSubscriptionId = "io.modelcontextprotocol/subscriptionId";
constexpr auto kInstant = std::chrono::seconds(1);

// Relays each notification of the held stream, minus the acknowledgement and the id.
class ListenHandler : public ResponseHandler {
 public:
  explicit ListenHandler(MessageRouter& router) : router_(router) {}
  void on_head(const ResponseHead& head) override {
    sse_ = head.status == 200 && head.content_type == "text/event-stream";
  }
  bool on_body(std::string_view chunk) override {
    if (sse_) parser_.feed(chunk, [this](const SseEvent& e) { on_event(e); });
    return true;
  }
  bool acknowledged() const { return acknowledged_; }

 private:
  void on_event(const SseEvent& event) {
    auto msg = nlohmann::json::parse(event.data, nullptr, false);
    if (!msg.is_object() || !msg.contains("method")) return;  // the closing result, or noise
    if (msg["method"] == "notifications/subscriptions/acknowledged") {
      acknowledged_ = true;
      return;
    }
    if (auto p = msg.find("params"); p != msg.end() && p->is_object()) {
      if (auto meta = p->find("_meta"); meta != p->end() && meta->is_object()) {
        meta->erase(std::string(kSubscriptionId));
        if (meta->empty()) p->erase("_meta");
      }
      if (p->empty()) msg.erase("params");
    }
    router_.writer().write_line(msg.dump());
  }

  MessageRouter& router_;
  SseParser parser_;
  bool sse_ = false;
  bool acknowledged_ = false;
};

bool flag(const nlohmann::json& caps, const char* kind) {
  auto it = caps.find(kind);
  return it != caps.end() && it->is_object() && it->value("listChanged", false);
}

}  // namespace

nlohmann::json ListenStream::filter_for(const nlohmann::json& discover) {
  nlohmann::json filter = nlohmann::json::object();
  auto caps = discover.find("capabilities");
  if (caps == discover.end() || !caps->is_object()) return filter;
  if (flag(*caps, "tools")) filter["toolsListChanged"] = true;
  if (flag(*caps, "prompts")) filter["promptsListChanged"] = true;
  if (flag(*caps, "resources")) filter["resourcesListChanged"] = true;
  return filter;
}

void ListenStream::start(nlohmann::json filter) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || filter.empty()) return;
  connection_ = std::make_unique<HttpConnection>(ctx_.options.http);
  thread_ = std::thread([this, filter = std::move(filter)] { run(filter); });
}

void ListenStream::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    if (connection_) connection_->interrupt();
    thread = std::move(thread_);
  }
  if (thread.joinable()) thread.join();
}

void ListenStream::run(nlohmann::json filter) {
  int instant_drops = 0, attempt = 0;
  bool reauthorized = false;
  while (!ctx_.stop.stopped()) {
    nlohmann::json request = {{"jsonrpc", "2.0"},
                              {"id", "bridge-listen"},
                              {"method", "subscriptions/listen"},
                              {"params", {{"_meta", envelope_()}, {"notifications", filter}}}};
    const std::string body = request.dump();
    std::optional<ListenHandler> handler;
    auto opened = std::chrono::steady_clock::now();
    auto sent = post_authorized(ctx_.auth, reauthorized, [&](const AuthGate::Ticket& ticket) {
      HeaderList headers;
      add_request_headers(headers, ctx_.options, Accept::post, ticket.authorization);
      add_modern_headers(headers, request, nullptr);
      handler.emplace(ctx_.router);
      HttpRequest http;
      http.url = ctx_.options.server_url;
      http.headers = &headers;
      http.body = body;
      opened = std::chrono::steady_clock::now();
      return connection_->perform(http, *handler);
    });
    const HttpResult& result = sent.http;
    if (result.interrupted || ctx_.stop.stopped()) return;
    const long status = result.head.status;
    if (result.code == CURLE_OK && status != 200) {
      // The server does not offer subscriptions (or refuses ours): nothing to retry.
      spdlog::debug("subscriptions/listen answered HTTP {}; list_changed will not be relayed",
                    status);
      return;
    }
    instant_drops = std::chrono::steady_clock::now() - opened < kInstant ? instant_drops + 1 : 0;
    if (instant_drops >= kMaxInstantDrops) {
      spdlog::debug("subscriptions/listen dropped {} times at once; giving up", instant_drops);
      return;
    }
    if (handler->acknowledged()) attempt = 0;  // it worked for a while: start the backoff afresh
    if (!ctx_.stop.sleep_for(std::chrono::milliseconds(reconnect_delay_ms(attempt++, -1)))) return;
  }
}

}  // namespace tally::bridge
