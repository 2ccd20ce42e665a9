#pragma once
// One JSON Web Key (RFC 7517/7518) turned into an OpenSSL public key: RSA from
// n/e (2048 bits or more), EC P-256 from x/y (checked to be on the curve).
#include <string>

#include <nlohmann/json.hpp>

#include "auth/openssl_ptr.h"

namespace tally::auth {

struct Jwk {
  std::string kid;
  std::string kty;  ///< RSA or EC
  std::string alg;  ///< "" when the JWKS does not say
  SharedPkey key;
};

/// The key, or an error sentence in `error` (then key is null). Keys marked for
/// another use than "sig" are refused.
Jwk jwk_from_json(const nlohmann::json& jwk, std::string& error);

}  // namespace tally::auth
