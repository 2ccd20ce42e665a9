#pragma once
// Incremental text/event-stream parser (WHATWG HTML §9.2.6): bytes arrive in
// arbitrary chunks from libcurl and events are dispatched as soon as their
// blank line is seen, so a long SSE response streams progress to the client
// instead of waiting for the stream to end.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tally::bridge {

struct SseEvent {
  std::string_view type;  ///< "event" field; empty means "message"
  std::string_view data;  ///< data lines joined with '\n'
  std::string_view id;    ///< the last event id in effect for this event
};

class SseParser {
 public:
  using Handler = std::function<void(const SseEvent&)>;

  /// Feeds a chunk; calls `on_event` for each complete event with non-empty data.
  void feed(std::string_view chunk, const Handler& on_event);

  /// The last `id` field seen (persists across events, as the spec says).
  const std::string& last_event_id() const { return last_id_; }
  /// The last valid `retry` field, in milliseconds.
  std::optional<long> retry_ms() const { return retry_ms_; }
  /// True once any event (even one with empty data, e.g. a priming event) carried an id.
  bool saw_id() const { return saw_id_; }

 private:
  void scan(std::string_view chunk, const Handler& on_event);
  void line(std::string_view l, const Handler& on_event);

  std::string head_;     // the stream's first bytes, until they are known not to be a BOM
  std::string partial_;  // an unfinished line carried between chunks
  std::string data_;
  std::string type_;
  std::string last_id_;
  std::optional<long> retry_ms_;
  bool has_data_ = false;
  bool saw_id_ = false;
  bool skip_lf_ = false;  // the previous chunk ended in CR; a leading LF belongs to it
  bool started_ = false;  // BOM check done
};

}  // namespace tally::bridge
