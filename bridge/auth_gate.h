#pragma once
// The relay's side of the sign-in seam (auth_provider.h). Every request asks
// for the Authorization value; a 401/403 hands the challenge to the provider,
// which may block while the user signs in. Concurrent 401s start one sign-in:
// requests that were sent with older credentials just retry with the new ones.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "auth_provider.h"

namespace tally::bridge {

class AuthGate {
 public:
  /// `static_authorization`: the user passed --header Authorization, which then
  /// wins and a 401 is reported instead of starting a sign-in.
  AuthGate(AuthProvider* provider, bool static_authorization)
      : provider_(provider), static_(static_authorization) {}

  struct Ticket {
    std::string authorization;  ///< "" = send no Authorization header
    std::uint64_t generation = 0;
  };
  Ticket ticket();

  /// On 401/403: true when the request should be sent again (once) with a new ticket.
  bool challenge(const Ticket& used, long status, const std::vector<std::string>& www_authenticate,
                 std::string& error);

 private:
  AuthProvider* provider_;
  bool static_;
  std::mutex mutex_;  // one sign-in at a time
  std::uint64_t generation_ = 0;
};

}  // namespace tally::bridge
