#include "oauth/jwt.h"

#include <chrono>
#include <memory>
#include <vector>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "oauth/base64.h"
#include "oauth/pkce.h"

namespace tally::bridge::oauth {
namespace {
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

// JWS ES256 wants r||s (RFC 7518 §3.4); OpenSSL produces DER.
std::optional<std::string> der_to_raw(const std::vector<unsigned char>& der) {
  const unsigned char* p = der.data();
  std::unique_ptr<ECDSA_SIG, SigFree> sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  unsigned char raw[64];
  if (BN_bn2binpad(r, raw, 32) != 32 || BN_bn2binpad(s, raw + 32, 32) != 32) return std::nullopt;
  return std::string(reinterpret_cast<char*>(raw), sizeof raw);
}
}  // namespace

std::optional<std::string> sign_jwt(const nlohmann::json& claims, const std::string& private_key_pem,
                                    const std::string& alg, std::string& error, const std::string& typ) {
  if (alg != "ES256" && alg != "RS256") {
    error = "unsupported signing algorithm " + alg + " (ES256 or RS256)";
    return std::nullopt;
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(private_key_pem.data(), int(private_key_pem.size())));
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    error = "the client private key is not a PEM private key";
    return std::nullopt;
  }
  int type = EVP_PKEY_get_base_id(key.get());
  if ((alg == "ES256" && (type != EVP_PKEY_EC || EVP_PKEY_get_bits(key.get()) != 256)) ||
      (alg == "RS256" && type != EVP_PKEY_RSA)) {
    error = "the client private key does not fit " + alg + (alg == "ES256" ? " (needs P-256)" : " (needs RSA)");
    return std::nullopt;
  }
  nlohmann::json header = {{"alg", alg}, {"typ", typ}};
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    error = "signing the client assertion failed";
    return std::nullopt;
  }
  std::vector<unsigned char> signature(length);
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    error = "signing the client assertion failed";
    return std::nullopt;
  }
  signature.resize(length);
  std::string encoded;
  if (alg == "ES256") {
    auto raw = der_to_raw(signature);
    if (!raw) {
      error = "signing the client assertion failed (bad ECDSA signature)";
      return std::nullopt;
    }
    encoded = base64url_encode(*raw);
  } else {
    encoded = base64url_encode(std::string_view(reinterpret_cast<char*>(signature.data()), signature.size()));
  }
  return input + "." + encoded;
}

std::optional<std::string> client_assertion(const std::string& client_id, const std::string& audience,
                                            const std::string& private_key_pem, const std::string& alg,
                                            std::string& error) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  nlohmann::json claims = {{"iss", client_id}, {"sub", client_id}, {"aud", audience},
                           {"iat", now},       {"exp", now + 300},  {"jti", random_token(16)}};
  return sign_jwt(claims, private_key_pem, alg, error);
}

std::optional<nlohmann::json> jwt_claims(const std::string& jwt) {
  auto first = jwt.find('.');
  auto second = first == std::string::npos ? first : jwt.find('.', first + 1);
  if (second == std::string::npos) return std::nullopt;
  auto payload = base64url_decode(std::string_view(jwt).substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  auto doc = nlohmann::json::parse(*payload, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  return doc;
}

}  // namespace tally::bridge::oauth
