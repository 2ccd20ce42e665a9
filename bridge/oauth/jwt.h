#pragma once
// Compact JWS signing with OpenSSL for RFC 7523 client assertions (private_key_jwt,
// SEP-1046), and reading a JWT's claims without verifying them (the ID token's `exp`
// for --use-id-token; the token came straight from the token endpoint over TLS).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tally::bridge::oauth {

/// Signs `claims` with a PEM private key (PKCS#8 or traditional). `alg` is ES256 (P-256)
/// or RS256. nullopt with `error` on a bad key or a key that does not fit `alg`.
std::optional<std::string> sign_jwt(const nlohmann::json& claims, const std::string& private_key_pem,
                                    const std::string& alg, std::string& error,
                                    const std::string& typ = "JWT");

/// A private_key_jwt client assertion: iss = sub = client_id, aud = the AS issuer,
/// a fresh jti, valid five minutes.
std::optional<std::string> client_assertion(const std::string& client_id, const std::string& audience,
                                            const std::string& private_key_pem, const std::string& alg,
                                            std::string& error);

/// The payload of a compact JWT, unverified; nullopt when it is not one.
std::optional<nlohmann::json> jwt_claims(const std::string& jwt);

}  // namespace tally::bridge::oauth
