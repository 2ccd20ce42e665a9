#include "auth/jwt.h"

#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include "auth/base64url.h"
#include "auth/jwks.h"
#include "auth/openssl_ptr.h"

namespace tally::auth {

namespace {

TokenResult fail(TokenError error, std::string message) {
  TokenResult r;
  r.error = error;
  r.message = std::move(message);
  return r;
}

/// A base64url segment holding a JSON object, or a discarded json.
nlohmann::json json_segment(std::string_view segment) {
  auto bytes = base64url_decode(segment);
  if (!bytes) return nlohmann::json(nlohmann::json::value_t::discarded);
  auto j = nlohmann::json::parse(*bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return nlohmann::json(nlohmann::json::value_t::discarded);
  return j;
}

std::string string_member(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

/// A NumericDate claim: present (true) with its value, or absent/invalid (false).
bool numeric_date(const nlohmann::json& claims, const char* name, std::int64_t& out,
                  bool& malformed) {
  auto it = claims.find(name);
  if (it == claims.end()) return false;
  // Up to 9999-12-31: keeps the casts defined and exp + skew from overflowing.
  constexpr double kLatest = 253402300799.0;
  double value = it->is_number() ? it->get<double>() : -1;
  if (!(value >= 0 && value <= kLatest)) {
    malformed = true;
    return false;
  }
  out = static_cast<std::int64_t>(value);
  return true;
}

/// ES256 signatures are r||s (RFC 7518 §3.4); OpenSSL verifies DER.
bool es256_to_der(const std::string& raw, std::string& der) {
  if (raw.size() != 64) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return false;
  der.resize(static_cast<std::size_t>(size));
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  return i2d_ECDSA_SIG(sig.get(), &out) == size;
}

bool verify_signature(const std::string& alg, EVP_PKEY* key, std::string_view signed_part,
                      const std::string& signature) {
  std::string sig = signature;
  if (alg == "ES256" && !es256_to_der(signature, sig)) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1) return false;
  if (alg == "PS256" && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
                         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
    return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()),
                          signed_part.size()) == 1;
}

bool audience_matches(const nlohmann::json& claims, const std::string& audience) {
  auto aud = claims.find("aud");
  if (aud == claims.end() || audience.empty()) return false;
  if (aud->is_string()) return *aud == audience;
  if (aud->is_array())
    for (const auto& a : *aud)
      if (a.is_string() && a == audience) return true;
  return false;
}

std::vector<std::string> strings_of(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<std::string> scopes_of(const nlohmann::json& claims) {
  std::vector<std::string> out;
  if (auto scope = claims.find("scope"); scope != claims.end() && scope->is_string()) {
    const std::string& text = scope->get_ref<const std::string&>();
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  } else if (auto scp = claims.find("scp"); scp != claims.end()) {
    out = strings_of(*scp);  // Okta/Azure style array (or one string)
  }
  return out;
}

bool key_fits(const Jwk& jwk, const std::string& alg) {
  if (!jwk.alg.empty() && jwk.alg != alg) return false;
  return alg == "ES256" ? jwk.kty == "EC" : jwk.kty == "RSA";
}

}  // namespace

const char* token_error_name(TokenError error) {
  switch (error) {
    case TokenError::none:
      return "none";
    case TokenError::malformed:
      return "malformed";
    case TokenError::unsupported_algorithm:
      return "unsupported_algorithm";
    case TokenError::critical_header:
      return "critical_header";
    case TokenError::unknown_key:
      return "unknown_key";
    case TokenError::jwks_unavailable:
      return "jwks_unavailable";
    case TokenError::bad_signature:
      return "bad_signature";
    case TokenError::wrong_issuer:
      return "wrong_issuer";
    case TokenError::wrong_audience:
      return "wrong_audience";
    case TokenError::not_access_token:
      return "not_access_token";
    case TokenError::expired:
      return "expired";
    case TokenError::not_yet_valid:
      return "not_yet_valid";
    case TokenError::missing_claim:
      return "missing_claim";
  }
  return "unknown";
}

TokenResult verify_access_token(const std::string& token, const TokenPolicy& policy, Jwks& keys,
                                std::int64_t now_seconds) {
  // 1. Shape: header.payload.signature, each strict base64url.
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos)
    return fail(TokenError::malformed,
                "the token is not a JWS compact serialization (three parts)");
  std::string_view view(token);
  nlohmann::json header = json_segment(view.substr(0, dot1));
  nlohmann::json claims = json_segment(view.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(view.substr(dot2 + 1));
  if (header.is_discarded() || claims.is_discarded() || !signature)
    return fail(TokenError::malformed, "the token's parts are not base64url-encoded JSON");

  // 2. Header: an asymmetric algorithm Tally knows, no extensions.
  std::string alg = string_member(header, "alg");
  if (alg != "RS256" && alg != "ES256" && alg != "PS256")
    return fail(TokenError::unsupported_algorithm,
                "the token's algorithm is not RS256, ES256 or PS256");
  if (header.contains("crit"))
    return fail(TokenError::critical_header, "the token has critical header extensions (crit)");
  if (header.contains("kid") && !header["kid"].is_string())
    return fail(TokenError::malformed, "the token's kid is not a string");

  // 3. Signature with the issuer's key for its kid.
  Jwks::Lookup lookup = keys.find(string_member(header, "kid"), now_seconds * 1000);
  if (lookup.error != TokenError::none) return fail(lookup.error, lookup.message);
  if (!key_fits(lookup.jwk, alg))
    return fail(TokenError::bad_signature, "the token's algorithm does not match its key");
  if (!verify_signature(alg, lookup.jwk.key.get(), view.substr(0, dot2), *signature))
    return fail(TokenError::bad_signature, "the token's signature does not verify");

  // 4. Claims.
  if (string_member(claims, "iss") != policy.issuer)
    return fail(TokenError::wrong_issuer, "the token was issued by another issuer");
  bool bad_date = false;
  std::int64_t exp = 0, nbf = 0, iat = 0;
  bool has_exp = numeric_date(claims, "exp", exp, bad_date);
  bool has_nbf = numeric_date(claims, "nbf", nbf, bad_date);
  bool has_iat = numeric_date(claims, "iat", iat, bad_date);
  if (bad_date) return fail(TokenError::malformed, "a date claim (exp, nbf, iat) is not a number");
  if (!has_exp) return fail(TokenError::missing_claim, "the token has no expiry (exp)");
  if (now_seconds >= exp + policy.skew_seconds)
    return fail(TokenError::expired, "the token has expired");
  if ((has_nbf && nbf > now_seconds + policy.skew_seconds) ||
      (has_iat && iat > now_seconds + policy.skew_seconds))
    return fail(TokenError::not_yet_valid, "the token is not valid yet (nbf or iat in the future)");

  // Cognito: an ID token (token_use "id") is never an access token, whatever its aud.
  std::string token_use = string_member(claims, "token_use");
  if (!token_use.empty() && token_use != "access")
    return fail(TokenError::not_access_token, "the token is an ID token, not an access token");
  bool audience_ok = audience_matches(claims, policy.audience);
  if (!audience_ok && !policy.client_id.empty()) {
    // Cognito access tokens carry client_id and token_use, and no aud.
    if (string_member(claims, "client_id") == policy.client_id) {
      if (token_use != "access")
        return fail(TokenError::not_access_token, "the token has no token_use \"access\"");
      audience_ok = true;
    }
  }
  if (!audience_ok)
    return fail(TokenError::wrong_audience,
                policy.client_id.empty() ? "the token is meant for another resource (aud)"
                                         : "the token is meant for another resource or client");

  TokenResult result;
  result.token.subject = string_member(claims, "sub");
  result.token.scopes = scopes_of(claims);
  result.token.expires_at = exp;
  if (auto claim = claims.find(policy.workspace_claim); claim != claims.end())
    result.token.workspace_values = strings_of(*claim);
  if (result.token.workspace_values.empty())
    return fail(TokenError::missing_claim, "the token has no string claim \"" +
                                               policy.workspace_claim + "\" to pick a workspace");
  result.token.claims = std::move(claims);
  return result;
}

bool has_scope(const AccessToken& token, const std::string& scope) {
  for (const auto& s : token.scopes)
    if (s == scope) return true;
  return false;
}

}  // namespace tally::auth
