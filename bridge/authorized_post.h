#pragma once
// The rule every upstream POST of the relay follows (auth_gate.h): send it with
// the current credentials and, the first time the server answers 401 or 403,
// hand the challenge to the sign-in seam; when that renews the credentials, send
// it once more. Written once here for the transports, the 2026 bridging and the
// 2026 subscription stream.
#include <functional>
#include <string>

#include "auth_gate.h"
#include "http_connection.h"

namespace tally::bridge {

struct AuthorizedResult {
  HttpResult http;       ///< the last attempt's
  bool refused = false;  ///< a 401/403 the sign-in seam could not fix: `error` says why
  std::string error;
};

/// `attempt` builds the request with the ticket's Authorization and performs it.
/// `reauthorized` is the "once": set by a challenge, and kept by a caller that
/// sends the same message again for a reason of its own (a new session).
AuthorizedResult post_authorized(AuthGate& auth, bool& reauthorized,
                                 const std::function<HttpResult(const AuthGate::Ticket&)>& attempt);

inline AuthorizedResult post_authorized(
    AuthGate& auth, const std::function<HttpResult(const AuthGate::Ticket&)>& attempt) {
  bool reauthorized = false;
  return post_authorized(auth, reauthorized, attempt);
}

}  // namespace tally::bridge
