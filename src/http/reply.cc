#include "http/reply.h"

namespace tally::http {

Reply::Reply(std::weak_ptr<detail::ReplySink> sink, std::uint64_t seq)
    : sink_(std::move(sink)), seq_(seq) {}

// The sink ignores this when the reply was already completed.
Reply::~Reply() {
  if (auto sink = sink_.lock()) sink->abandon(seq_);
}

void Reply::send(Response response) {
  if (auto sink = sink_.lock()) sink->send(seq_, std::move(response));
}

void Reply::open_stream(unsigned status, Headers headers) {
  if (auto sink = sink_.lock()) sink->open_stream(seq_, status, std::move(headers));
}

void Reply::event(std::string_view data) {
  if (auto sink = sink_.lock()) sink->write_event(seq_, sse_event_frame(data));
}

void Reply::end_stream() {
  if (auto sink = sink_.lock()) sink->end_stream(seq_);
}

void Reply::hold() {
  if (auto sink = sink_.lock()) sink->hold(seq_);
}

void Reply::on_close(std::function<void()> callback) {
  if (auto sink = sink_.lock())
    sink->on_close(seq_, std::move(callback));
  else
    callback();  // the connection is gone already
}

void Reply::log_field(std::string key, std::string value) {
  if (auto sink = sink_.lock()) sink->log_field(seq_, std::move(key), std::move(value));
}

std::string sse_event_frame(std::string_view data) {
  std::string frame = "event: message\n";
  size_t start = 0;
  while (true) {
    size_t end = data.find_first_of("\r\n", start);
    frame += "data: ";
    frame += data.substr(start, end == std::string_view::npos ? end : end - start);
    frame += '\n';
    if (end == std::string_view::npos) break;
    start = end + 1;
    if (data[end] == '\r' && start < data.size() && data[start] == '\n') ++start;
  }
  frame += '\n';
  return frame;
}

}  // namespace tally::http
