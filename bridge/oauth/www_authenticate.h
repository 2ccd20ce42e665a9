#pragma once
// WWW-Authenticate parsing (RFC 9110 §11.6.1): several challenges per header and several
// headers per response, case-insensitive scheme and parameter names, quoted values that
// may hold commas and escapes. MCP reads resource_metadata, scope and error from Bearer.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tally::bridge::oauth {

struct AuthChallenge {
  std::string scheme;                         ///< lowercase, e.g. "bearer"
  std::map<std::string, std::string> params;  ///< lowercase names
  std::string param(const std::string& name) const;
};

std::vector<AuthChallenge> parse_www_authenticate(const std::vector<std::string>& headers);

/// What sign-in needs from a 401/403: the Bearer challenge's parameters.
struct BearerChallenge {
  std::string resource_metadata;
  std::string scope;
  std::string error;
  std::string error_description;
};
/// The first Bearer challenge, if any.
std::optional<BearerChallenge> find_bearer_challenge(const std::vector<std::string>& headers);

}  // namespace tally::bridge::oauth
