#include "auth_gate.h"

namespace tally::bridge {

AuthGate::Ticket AuthGate::ticket() {
  Ticket t;
  {
    std::lock_guard lock(mutex_);
    t.generation = generation_;
  }
  if (!static_ && provider_) t.authorization = provider_->authorization();
  return t;
}

bool AuthGate::challenge(const Ticket& used, long status, const std::vector<std::string>& www_authenticate,
                         std::string& error) {
  if (static_ || !provider_) {
    error = "tally-bridge: the server refused the Authorization header given with --header (HTTP " +
            std::to_string(status) + "). Check that the token is current and has access.";
    return false;
  }
  std::lock_guard lock(mutex_);
  if (generation_ != used.generation) return true;  // someone signed in meanwhile
  if (!provider_->on_challenge(static_cast<int>(status), www_authenticate, error)) {
    if (error.empty()) error = "tally-bridge: sign-in failed (HTTP " + std::to_string(status) + ")";
    return false;
  }
  ++generation_;
  return true;
}

}  // namespace tally::bridge
