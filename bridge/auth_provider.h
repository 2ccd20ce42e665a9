#pragma once
// The seam between the relay (issue 4) and sign-in (issue 5, bridge/oauth/).
// The relay asks for the Authorization header before every upstream request;
// on 401 or 403 it hands over the challenge, waits while sign-in runs, and
// retries the request once when told to.
#include <string>
#include <vector>

namespace tally::bridge {

class AuthProvider {
 public:
  virtual ~AuthProvider() = default;

  /// Value for the Authorization header ("Bearer …"), or "" when none is held yet.
  /// May refresh a token that is about to expire.
  virtual std::string authorization() = 0;

  /// Called on 401 or 403 with every WWW-Authenticate header of the response.
  /// Blocks while signing in. Returns true when the request should be retried
  /// with fresh credentials; false with `error` set to a human message
  /// (what happened and the next step) otherwise.
  virtual bool on_challenge(int http_status, const std::vector<std::string>& www_authenticate,
                            std::string& error) = 0;
};

}  // namespace tally::bridge
