#pragma once
// Reads one upstream response and routes the messages in it: a JSON body is
// delivered when complete; an SSE body event by event as it arrives. Error
// statuses and unexpected bodies are kept (capped) for the error message.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "http_connection.h"
#include "message_router.h"
#include "sse_parser.h"

namespace tally::bridge {

class MessageStream : public ResponseHandler {
 public:
  enum class Mode { none, json, sse, other };

  /// `awaited_key`: id_key of the request whose response ends the wait ("" for none).
  MessageStream(MessageRouter& router, std::string awaited_key)
      : router_(router), awaited_(std::move(awaited_key)) {}

  std::function<void(const ResponseHead&)> head_hook;   ///< runs before any body is routed
  std::function<void(std::string_view)> endpoint_hook;  ///< legacy `endpoint` events

  void on_head(const ResponseHead& head) override;
  bool on_body(std::string_view chunk) override;

  /// After the transfer: routes a JSON body. False when a non-empty body is not JSON-RPC.
  bool finish();

  Mode mode() const { return mode_; }
  long status() const { return status_; }
  bool got_response() const { return got_response_; }
  std::size_t events() const { return events_; }
  const std::string& body() const { return body_; }  ///< json/other modes (other: first 4 KiB)
  const SseParser& sse() const { return sse_; }

 private:
  void on_event(const SseEvent& event);

  MessageRouter& router_;
  std::string awaited_;
  Mode mode_ = Mode::none;
  long status_ = 0;
  bool got_response_ = false;
  std::size_t events_ = 0;
  std::string body_;
  SseParser sse_;
};

}  // namespace tally::bridge
