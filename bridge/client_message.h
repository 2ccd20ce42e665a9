#pragma once
// One line from the client, classified once on arrival.
#include <string>
#include <vector>

#include "envelope.h"

namespace tally::bridge {

struct ClientMessage {
  std::string text;     ///< the bytes to POST, exactly as the client wrote them
  MessageKind kind = MessageKind::invalid;
  std::string raw_id;   ///< requests: the id's JSON text
  std::string method;   ///< requests and notifications
  std::vector<std::string> batch_request_ids;  ///< batches: raw ids of the requests inside

  bool is_request() const { return kind == MessageKind::request; }
  bool expects_response() const {
    return kind == MessageKind::request || (kind == MessageKind::batch && !batch_request_ids.empty());
  }
  bool is_initialize() const { return kind == MessageKind::request && method == "initialize"; }
};

/// Builds a ClientMessage from a line; kind stays invalid for non-JSON-RPC text.
ClientMessage classify_client_line(std::string line);

}  // namespace tally::bridge
