#pragma once
// The per-request envelope of a 2026-07-28 request: what `initialize` used to
// negotiate once now rides in every request's params._meta (protocol-2026.md A2).
// Checked on every modern request, so it only looks: no copies, no serialisation.
#include <optional>

#include "mcp/json_rpc.h"
#include "mcp/log_level.h"

namespace tally::mcp {

/// What a checked envelope declares. Points into the request's params, which must outlive it.
struct Envelope {
  const json* client_capabilities = nullptr;  ///< always an object
  const json* client_info = nullptr;          ///< an object, or nullptr when not sent (optional)
  std::optional<LogLevel> log_level;          ///< nullopt: no log notifications wanted
};

/// Checks `params` in the order of protocol-2026.md A2 and throws the first failure as
/// RpcError: missing `_meta`/protocolVersion (−32602), a non-string version (−32602), a
/// version other than 2026-07-28 (−32022 with `supported` and `requested`), missing or
/// non-object clientCapabilities (−32602), a logLevel outside the eight levels (−32602).
/// The version comes first so even a future client learns what Tally supports.
Envelope read_envelope(const json& params);

}  // namespace tally::mcp
