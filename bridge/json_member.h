#pragma once
// Null-safe reads of the JSON-RPC messages the 2026 bridging inspects.
#include <string>

#include <nlohmann/json.hpp>

namespace tally::bridge {

/// The member `key` of `j`, or null when `j` is not an object or lacks it.
inline const nlohmann::json* member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

/// error.message of a JSON-RPC error response ("no message" when absent).
inline std::string error_message(const nlohmann::json& response) {
  const nlohmann::json* e = member(response, "error");
  const nlohmann::json* m = e ? member(*e, "message") : nullptr;
  return m && m->is_string() ? m->get<std::string>() : std::string("no message");
}

/// error.code of a JSON-RPC error response (0 when absent).
inline int error_code(const nlohmann::json& response) {
  const nlohmann::json* e = member(response, "error");
  const nlohmann::json* c = e ? member(*e, "code") : nullptr;
  return c && c->is_number_integer() ? c->get<int>() : 0;
}

}  // namespace tally::bridge
