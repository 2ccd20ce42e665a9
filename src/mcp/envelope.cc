#include "mcp/envelope.h"

#include "mcp/era.h"

namespace tally::mcp {

namespace {

const json* member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

Envelope read_envelope(const json& params) {
  const json* meta = params.is_object() ? member(params, "_meta") : nullptr;
  const json* version = meta && meta->is_object() ? member(*meta, meta_key::kProtocolVersion) : nullptr;
  if (version == nullptr)
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: a 2026-07-28 request carries \"params\": {\"_meta\": {\"" +
                       std::string(meta_key::kProtocolVersion) + "\": \"2026-07-28\", \"" +
                       meta_key::kClientCapabilities +
                       "\": {...}}}; legacy clients send initialize first instead");
  if (!version->is_string())
    throw RpcError(ErrorCode::kInvalidParams, "Invalid params: \"" + std::string(meta_key::kProtocolVersion) +
                                                  "\" must be a string such as \"2026-07-28\"");
  if (version->get_ref<const std::string&>() != kModernVersion)
    throw RpcError(ErrorCode::kUnsupportedVersion,
                   "Unsupported protocol version: requests with \"_meta\" speak 2026-07-28; "
                   "2024-11-05 to 2025-11-25 are negotiated with initialize",
                   json{{"supported", json::array({kModernVersion})}, {"requested", *version}});
  const json* capabilities = member(*meta, meta_key::kClientCapabilities);
  if (capabilities == nullptr || !capabilities->is_object())
    throw RpcError(ErrorCode::kInvalidParams,
                   "Invalid params: \"_meta\" needs \"" + std::string(meta_key::kClientCapabilities) +
                       "\" (an object; {} declares none)");
  Envelope envelope;
  envelope.client_capabilities = capabilities;
  if (const json* info = member(*meta, meta_key::kClientInfo); info && info->is_object())
    envelope.client_info = info;  // optional: never required (A2)
  if (const json* level = member(*meta, meta_key::kLogLevel)) {
    envelope.log_level = level->is_string() ? parse_log_level(level->get_ref<const std::string&>())
                                            : std::nullopt;
    if (!envelope.log_level)
      throw RpcError(ErrorCode::kInvalidParams,
                     "Invalid params: \"" + std::string(meta_key::kLogLevel) +
                         "\" must be one of debug, info, notice, warning, error, critical, alert, "
                         "emergency");
  }
  return envelope;
}

}  // namespace tally::mcp
