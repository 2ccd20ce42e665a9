#pragma once
// The requestState of a 2026-07-28 input_required result (SEP-2322): what the
// server needs back on the retry, carried by the client. Tally keeps no state
// between rounds, so the state is sealed with an HMAC-SHA256 under a key made
// at start-up: a client can echo it, never forge or alter it. A restarted
// server no longer opens old states; the client then starts the call again.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"

namespace tally::mcp {

class RequestStateSeal {
 public:
  RequestStateSeal();  ///< a fresh random key
  /// base64url(compact JSON) "." hex(HMAC): opaque to clients.
  std::string seal(const json& state) const;
  /// The state sealed by this key, or nullopt when `token` was altered or is not ours.
  std::optional<json> open(std::string_view token) const;

 private:
  std::string mac(std::string_view data) const;
  std::array<unsigned char, 32> key_{};
};

}  // namespace tally::mcp
