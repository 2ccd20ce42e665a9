#pragma once
// One line from the client, classified once on arrival.
#include <string>
#include <string_view>
#include <vector>

#include "envelope.h"

namespace tally::bridge {

struct ClientMessage {
  std::string text;  ///< the bytes to POST, exactly as the client wrote them
  MessageKind kind = MessageKind::invalid;
  std::string raw_id;                          ///< requests: the id's JSON text
  std::string method;                          ///< requests and notifications
  std::vector<std::string> batch_request_ids;  ///< batches: raw ids of the requests inside

  bool is_request() const { return kind == MessageKind::request; }
  bool expects_response() const {
    return kind == MessageKind::request ||
           (kind == MessageKind::batch && !batch_request_ids.empty());
  }
  bool is_initialize() const { return kind == MessageKind::request && method == "initialize"; }
  /// Quick messages that never queue behind long calls (for a worker or a
  /// connection): the client's answers, notifications (a cancellation), ping.
  /// Safe to send twice (libcurl's resend on a dead keep-alive connection):
  /// everything but requests that may change something on the server.
  bool may_resend() const;
  bool is_urgent() const {
    return !expects_response() || (kind == MessageKind::request && method == "ping");
  }
};

/// Reads: safe to send again when a stream broke before the answer (protocol-2026.md §C3).
bool is_read_method(std::string_view method);

/// Builds a ClientMessage from a line; kind stays invalid for non-JSON-RPC text.
ClientMessage classify_client_line(std::string line);

}  // namespace tally::bridge
