#include "post_answer.h"

#include "upstream_error.h"

namespace tally::bridge {

Answer read_answer(const AuthorizedResult& sent, MessageStream& stream) {
  const HttpResult& result = sent.http;
  if (result.interrupted) return Answer::interrupted;
  if (result.code != CURLE_OK) return Answer::transport_failure;
  if (sent.refused) return Answer::refused;
  if (!ok_status(result.head.status)) return Answer::http_error;
  if (stream.mode() == MessageStream::Mode::json && !stream.finish()) return Answer::bad_body;
  return Answer::ok;
}

std::string describe_answer(Answer answer, const AuthorizedResult& sent,
                            const MessageStream& stream, const std::string& url) {
  const HttpResult& result = sent.http;
  switch (answer) {
    case Answer::transport_failure:
      return describe_transport_failure(result.code, result.error, url);
    case Answer::refused:
      return sent.error;
    case Answer::http_error:
      return describe_http_status(result.head.status, result.head.content_type, stream.body(), url);
    case Answer::bad_body:
      return describe_bad_body(result.head.status, result.head.content_type, stream.body(), url);
    case Answer::interrupted:
    case Answer::ok:
      break;
  }
  return {};
}

}  // namespace tally::bridge
