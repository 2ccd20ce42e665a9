#pragma once
// Asking the client for input in the middle of a call, written once for both
// eras. Legacy clients get server→client requests (sampling, elicitation,
// roots) at once. 2026-07-28 clients get an `input_required` result and the
// whole call runs again with their answers (SEP-2322); the answers of earlier
// rounds ride in the sealed requestState (request_state.h), so a handler is
// written straight through and must do nothing irreversible before its last ask.
#include "mcp/tool.h"

namespace tally::mcp {

/// Thrown by ask() in the 2026-07-28 era: the dispatcher answers with an
/// `input_required` result naming `requests` (the call's transaction rolls back).
struct InputRequired {
  json requests;  ///< {"key": {"method": …, "params": …}}
};

/// Implemented by call contexts that answer ask() from a retried request (the Dispatcher's).
class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual json ask(const json& requests) = 0;
};

/// `requests` is {"key": {"method": …, "params": …}} with elicitation/create,
/// sampling/createMessage or roots/list; returns {"key": result}.
inline json ask(CallContext& ctx, const json& requests) {
  if (auto* source = dynamic_cast<InputSource*>(&ctx)) return source->ask(requests);
  json answers = json::object();
  for (const auto& [key, request] : requests.items())
    answers[key] = ctx.request_client(request.value("method", std::string()),
                                      request.value("params", json::object()));
  return answers;
}

}  // namespace tally::mcp
