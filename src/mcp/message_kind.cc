#include "mcp/message_kind.h"

namespace tally::mcp {

std::optional<json> check_message(const json& m, MessageKind& kind) {
  kind = MessageKind::kRequest;
  if (!m.is_object())
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: each message must be a JSON object");
  auto id_it = m.find("id");
  auto method_it = m.find("method");
  if (method_it == m.end()) {
    bool has_outcome = m.contains("result") != m.contains("error");
    if (id_it != m.end() && has_outcome) {
      kind = MessageKind::kResponse;
      return std::nullopt;
    }
    json id = id_it != m.end() && is_valid_id(*id_it) ? *id_it : json(nullptr);
    return make_error(id, ErrorCode::kInvalidRequest,
                      "Invalid Request: a message needs a \"method\" (a request or notification) "
                      "or a \"result\" or \"error\" (a response)");
  }
  kind = id_it == m.end() ? MessageKind::kNotification : MessageKind::kRequest;
  if (kind == MessageKind::kRequest && !is_valid_id(*id_it))
    return make_error(nullptr, ErrorCode::kInvalidRequest,
                      "Invalid Request: \"id\" must be a string or an integer");
  json id = kind == MessageKind::kRequest ? *id_it : json(nullptr);
  auto version = m.find("jsonrpc");
  if (version == m.end() || *version != "2.0")
    return make_error(id, ErrorCode::kInvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
  if (!method_it->is_string())
    return make_error(id, ErrorCode::kInvalidRequest, "Invalid Request: \"method\" must be a string");
  auto params = m.find("params");
  if (params != m.end() && !params->is_object())
    return make_error(id, ErrorCode::kInvalidParams, "Invalid params: \"params\" must be an object");
  return std::nullopt;
}

}  // namespace tally::mcp
