#pragma once
// Reading the answer to a POST the way every transport does, in one order: an
// aborted transfer, a network failure, a sign-in the seam declined, an error
// status, a JSON body that is not JSON-RPC. Each caller then adds what is its
// own (resuming a dropped stream, a new session after 404, a 2026 server's
// JSON-RPC error in a 4xx body).
#include <string>

#include "authorized_post.h"
#include "message_stream.h"

namespace tally::bridge {

enum class Answer { interrupted, transport_failure, refused, http_error, bad_body, ok };

/// Classifies a finished POST; a 2xx JSON body is routed here (MessageStream::finish).
Answer read_answer(const AuthorizedResult& sent, MessageStream& stream);

/// The sentence for the client for a failed answer (not `interrupted` or `ok`).
std::string describe_answer(Answer answer, const AuthorizedResult& sent,
                            const MessageStream& stream, const std::string& url);

inline bool ok_status(long status) {
  return status >= 200 && status < 300;
}

}  // namespace tally::bridge
