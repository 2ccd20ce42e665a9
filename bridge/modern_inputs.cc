#include <chrono>

#include "json_member.h"
#include "modern_upstream.h"

// MRTR (§C3): the input a server's input_required result asks for, requested
// from the client one by one under bridge ids.
namespace tally::bridge {
namespace {
// An MRTR round waits for a person (an elicitation form), so no short deadline.
constexpr auto kInputWait = std::chrono::hours(1);
}  // namespace

bool ModernUpstream::gather_inputs(const nlohmann::json& input_requests, nlohmann::json& responses,
                                   std::string& error) {
  if (!input_requests.is_object() || input_requests.empty()) {
    error = "tally-bridge: the server asked for input but sent no inputRequests";
    return false;
  }
  if (input_requests.size() > static_cast<std::size_t>(kMaxInputRequests)) {
    error = "tally-bridge: the server asked for " + std::to_string(input_requests.size()) +
            " inputs in one round (at most " + std::to_string(kMaxInputRequests) + ")";
    return false;
  }
  nlohmann::json caps;
  {
    std::lock_guard lock(mutex_);
    caps = capabilities_;
  }
  responses = nlohmann::json::object();
  for (const auto& [key, input] : input_requests.items()) {
    const std::string method = input.is_object() ? input.value("method", "") : "";
    const nlohmann::json* params = member(input, "params");
    const char* capability = method == "sampling/createMessage" ? "sampling"
                             : method == "roots/list"           ? "roots"
                             : method == "elicitation/create"   ? "elicitation"
                                                                : nullptr;
    const bool url_mode =
        method == "elicitation/create" && params && params->value("mode", "form") != "form";
    if (!capability || url_mode || !caps.contains(capability)) {
      error = "tally-bridge: the server needs \"" + method + "\"" +
              (url_mode ? " in URL mode" : "") + " from the client, which " +
              (capability && !url_mode ? "did not declare it" : "the bridge does not relay");
      return false;
    }
    const std::string raw_id = ctx_.router.open_bridge_request(method);
    nlohmann::json ask = {
        {"jsonrpc", "2.0"}, {"id", nlohmann::json::parse(raw_id)}, {"method", method}};
    if (params) ask["params"] = *params;
    auto text =
        ctx_.router.ask_client(raw_id, ask.dump(), std::chrono::steady_clock::now() + kInputWait);
    if (!text) {
      error = "tally-bridge: the client did not answer " + method;
      return false;
    }
    auto reply = nlohmann::json::parse(*text, nullptr, false);
    const nlohmann::json* result = member(reply, "result");
    if (!result) {
      error = "tally-bridge: the client refused " + method + ": " + error_message(reply);
      return false;
    }
    responses[key] = *result;
  }
  return true;
}

}  // namespace tally::bridge
