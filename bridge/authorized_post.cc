#include "authorized_post.h"

namespace tally::bridge {

AuthorizedResult post_authorized(
    AuthGate& auth, bool& reauthorized,
    const std::function<HttpResult(const AuthGate::Ticket&)>& attempt) {
  for (;;) {
    const AuthGate::Ticket ticket = auth.ticket();
    AuthorizedResult out{attempt(ticket), false, {}};
    const HttpResult& http = out.http;
    const long status = http.head.status;
    if (http.interrupted || http.code != CURLE_OK || (status != 401 && status != 403) ||
        reauthorized)
      return out;
    reauthorized = true;
    if (auth.challenge(ticket, status, http.head.www_authenticate, out.error)) continue;
    out.refused = true;
    return out;
  }
}

}  // namespace tally::bridge
