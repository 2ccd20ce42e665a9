#include "client_message.h"

#include <nlohmann/json.hpp>

namespace tally::bridge {

bool is_read_method(std::string_view method) {
  return method == "tools/list" || method == "resources/list" ||
         method == "resources/templates/list" || method == "resources/read" ||
         method == "prompts/list" || method == "prompts/get" || method == "completion/complete" ||
         method == "server/discover";
}

bool ClientMessage::may_resend() const {
  if (kind == MessageKind::notification || kind == MessageKind::response) return true;
  return kind == MessageKind::request &&
         (is_read_method(method) || method == "initialize" || method == "ping");
}

ClientMessage classify_client_line(std::string line) {
  ClientMessage m;
  Envelope env = peek_envelope(line);
  m.kind = env.kind;
  m.raw_id.assign(env.id);
  m.method = std::move(env.method);
  if (m.kind == MessageKind::batch) {
    // Rare (2025-03-26 only): a full parse is fine here.
    auto batch = nlohmann::json::parse(line, nullptr, false);
    if (!batch.is_array() || batch.empty()) {
      m.kind = MessageKind::invalid;
    } else {
      for (const auto& item : batch)
        if (item.is_object() && item.contains("method") && item.contains("id"))
          m.batch_request_ids.push_back(item["id"].dump());
    }
  }
  m.text = std::move(line);
  return m;
}

}  // namespace tally::bridge
