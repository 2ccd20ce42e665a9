#include "message_stream.h"

namespace tally::bridge {
namespace {
constexpr std::size_t kKeptErrorBody = 4096;

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }
}  // namespace

void MessageStream::on_head(const ResponseHead& head) {
  status_ = head.status;
  if (head_hook) head_hook(head);
  if (head.status >= 200 && head.status < 300) {
    if (head.content_type == "application/json")
      mode_ = Mode::json;
    else if (head.content_type == "text/event-stream")
      mode_ = Mode::sse;
    else
      mode_ = Mode::other;
  } else {
    mode_ = Mode::other;
  }
}

bool MessageStream::on_body(std::string_view chunk) {
  switch (mode_) {
    case Mode::sse:
      sse_.feed(chunk, [this](const SseEvent& e) { on_event(e); });
      return true;
    case Mode::json:
      body_.append(chunk);
      return true;
    default:
      if (body_.size() < kKeptErrorBody) body_.append(chunk.substr(0, kKeptErrorBody - body_.size()));
      return true;
  }
}

void MessageStream::on_event(const SseEvent& event) {
  if (event.type == "endpoint") {
    if (endpoint_hook) endpoint_hook(event.data);
    return;
  }
  if (!event.type.empty() && event.type != "message") return;
  if (blank(event.data)) return;
  ++events_;
  auto delivered = router_.deliver(event.data);
  if (delivered.response && !awaited_.empty() && delivered.key == awaited_) got_response_ = true;
}

bool MessageStream::finish() {
  if (mode_ != Mode::json || blank(body_)) return true;
  if (peek_envelope(body_).kind == MessageKind::invalid) return false;
  auto delivered = router_.deliver(body_);
  if (delivered.response && !awaited_.empty() && delivered.key == awaited_) got_response_ = true;
  return true;
}

}  // namespace tally::bridge
