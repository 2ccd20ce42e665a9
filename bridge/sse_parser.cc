#include "sse_parser.h"

#include <charconv>

namespace tally::bridge {

void SseParser::feed(std::string_view chunk, const Handler& on_event) {
  if (started_) {
    scan(chunk, on_event);
    return;
  }
  // A UTF-8 BOM may open the stream, split across chunks like any bytes (the
  // fuzzer fed it one byte at a time): hold the first bytes until it is known.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  head_.append(chunk);
  if (head_.size() < kBom.size() && kBom.starts_with(head_)) return;
  started_ = true;
  std::string head = std::move(head_);
  head_.clear();
  scan(std::string_view(head).substr(head.starts_with(kBom) ? kBom.size() : 0), on_event);
}

void SseParser::scan(std::string_view chunk, const Handler& on_event) {
  std::size_t pos = 0;
  if (skip_lf_ && !chunk.empty()) {
    if (chunk[0] == '\n') pos = 1;
    skip_lf_ = false;
  }
  while (pos < chunk.size()) {
    std::size_t end = chunk.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) {
      partial_.append(chunk.substr(pos));
      return;
    }
    std::string_view piece = chunk.substr(pos, end - pos);
    if (partial_.empty()) {
      line(piece, on_event);
    } else {
      partial_.append(piece);
      std::string whole;
      whole.swap(partial_);
      line(whole, on_event);
    }
    if (chunk[end] == '\r') {
      if (end + 1 < chunk.size()) {
        pos = chunk[end + 1] == '\n' ? end + 2 : end + 1;
      } else {
        skip_lf_ = true;
        pos = end + 1;
      }
    } else {
      pos = end + 1;
    }
  }
}

void SseParser::line(std::string_view l, const Handler& on_event) {
  if (l.empty()) {
    if (has_data_ && !data_.empty()) {
      SseEvent ev{type_, data_, last_id_};
      on_event(ev);
    }
    data_.clear();
    type_.clear();
    has_data_ = false;
    return;
  }
  if (l[0] == ':') return;  // comment (keep-alive)
  std::string_view field = l, value;
  if (auto colon = l.find(':'); colon != std::string_view::npos) {
    field = l.substr(0, colon);
    value = l.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    type_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) {
      last_id_.assign(value);
      saw_id_ = true;
    }
  } else if (field == "retry") {
    long ms = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec == std::errc() && ptr == value.data() + value.size() && !value.empty()) retry_ms_ = ms;
  }
}

}  // namespace tally::bridge
