#include <algorithm>
#include <array>

#include "json_member.h"
#include "modern_upstream.h"

// The era of the server (§C1): the server/discover probe, and a legacy client's
// initialize answered from the DiscoverResult.
namespace tally::bridge {
namespace {
constexpr std::array kLegacyVersions = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
}  // namespace

ModernUpstream::Probe ModernUpstream::probe() {
  Probe probe;
  for (int attempt = 0; attempt < 2; ++attempt) {
    nlohmann::json request = {
        {"jsonrpc", "2.0"}, {"method", "server/discover"}, {"params", {{"_meta", envelope()}}}};
    Reply reply = exchange(std::move(request));
    switch (reply.kind) {
      case Reply::Kind::interrupted:
        probe.error = "tally-bridge is shutting down";
        return probe;
      case Reply::Kind::broken:
        probe.error = reply.error;
        return probe;
      case Reply::Kind::http_error:
        // 400/404/405 and the like without a 2026 body: a server of the earlier era.
        // (A 5xx or a refused sign-in is an error, not an era.)
        if (reply.status >= 400 && reply.status < 500 && reply.status != 401 &&
            reply.status != 403) {
          probe.outcome = Probe::Outcome::legacy;
        } else {
          probe.error = reply.error;
        }
        return probe;
      case Reply::Kind::response:
        break;
    }
    if (const nlohmann::json* result = member(reply.message, "result");
        result && result->is_object()) {
      // Only a DiscoverResult listing our version counts: some 2025 servers answer any
      // unknown method with an empty result.
      const nlohmann::json* versions = member(*result, "supportedVersions");
      if (!versions || !versions->is_array() ||
          std::find(versions->begin(), versions->end(), std::string(kModernVersion)) ==
              versions->end()) {
        probe.outcome = Probe::Outcome::legacy;
        return probe;
      }
      probe.outcome = Probe::Outcome::modern;
      probe.discover = *result;
      std::lock_guard lock(mutex_);
      probe.version = version_;
      return probe;
    }
    const int code = error_code(reply.message);
    if (code == -32022) {
      // Unsupported version: retry once with one we speak, even the one just sent
      // (a server may refuse a first request on principle).
      const nlohmann::json* data = member(reply.message["error"], "data");
      const nlohmann::json* supported = data ? member(*data, "supported") : nullptr;
      if (supported && supported->is_array() &&
          std::find(supported->begin(), supported->end(), std::string(kModernVersion)) !=
              supported->end()) {
        set_version(std::string(kModernVersion));
        if (attempt == 0) continue;
        probe.error = "tally-bridge: " + ctx_.options.server_url + " refused protocol version " +
                      std::string(kModernVersion) + " twice: " + error_message(reply.message);
        return probe;
      }
      probe.outcome = Probe::Outcome::legacy;
      return probe;
    }
    if (code == -32020 || code == -32021) {
      // The server speaks 2026 and says our probe is malformed: falling back would hide a bug.
      probe.error = "tally-bridge: " + ctx_.options.server_url +
                    " rejected the server/discover probe (" + std::to_string(code) + ": " +
                    error_message(reply.message) + ")";
      return probe;
    }
    probe.outcome = Probe::Outcome::legacy;  // method not found, no session, ...: the earlier era
    return probe;
  }
  return probe;
}

void ModernUpstream::answer_initialize(const ClientMessage& initialize,
                                       const nlohmann::json& discover) {
  auto msg = nlohmann::json::parse(initialize.text, nullptr, false);
  std::string asked;
  if (const nlohmann::json* p = member(msg, "params"))
    if (const nlohmann::json* v = member(*p, "protocolVersion"); v && v->is_string())
      asked = v->get<std::string>();
  const bool known =
      std::find(kLegacyVersions.begin(), kLegacyVersions.end(), asked) != kLegacyVersions.end();
  nlohmann::json result = {
      {"protocolVersion", known ? asked : std::string(kLegacyVersions.front())}};
  const nlohmann::json* caps = member(discover, "capabilities");
  result["capabilities"] = caps && caps->is_object() ? *caps : nlohmann::json::object();
  nlohmann::json info;
  if (const nlohmann::json* si = member(discover, "serverInfo"); si && si->is_object()) info = *si;
  if (const nlohmann::json* meta = member(discover, "_meta"); !info.is_object() && meta)
    if (const nlohmann::json* si = member(*meta, std::string(kMetaServerInfo).c_str());
        si && si->is_object())
      info = *si;
  if (!info.is_object()) info = {{"name", "remote MCP server"}, {"version", "unknown"}};
  result["serverInfo"] = info;
  if (const nlohmann::json* ins = member(discover, "instructions"); ins && ins->is_string())
    result["instructions"] = *ins;
  answer(initialize, {{"jsonrpc", "2.0"}, {"result", std::move(result)}});
}

}  // namespace tally::bridge
