#include "session_state.h"

#include <nlohmann/json.hpp>

namespace tally::bridge {

std::string SessionState::initialize_with_id(const std::string& raw_id) const {
  std::string cached;
  {
    std::lock_guard lock(mutex_);
    cached = initialize_;
  }
  auto request = nlohmann::json::parse(cached, nullptr, false);
  if (!request.is_object()) return {};
  request["id"] = nlohmann::json::parse(raw_id);
  return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tally::bridge
