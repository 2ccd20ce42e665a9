#pragma once
// Test-only: keys generated with OpenSSL and JWS tokens signed with them, as an
// authorization server would.
#include <doctest/doctest.h>

#include <string>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <nlohmann/json.hpp>

#include "auth/base64url.h"
#include "auth/openssl_ptr.h"

namespace tally::auth::testing {

using nlohmann::json;

inline std::string bn_bytes(const EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

struct SigningKey {
  PkeyPtr key;
  std::string kid;
  std::string alg;

  json jwk() const {
    if (alg == "ES256") {
      unsigned char point[65];
      std::size_t size = 0;
      REQUIRE(EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point,
                                              sizeof point, &size) == 1);
      REQUIRE(size == 65);
      std::string p(reinterpret_cast<char*>(point), size);
      return {{"kty", "EC"},
              {"crv", "P-256"},
              {"kid", kid},
              {"use", "sig"},
              {"alg", alg},
              {"x", base64url_encode(p.substr(1, 32))},
              {"y", base64url_encode(p.substr(33, 32))}};
    }
    return {{"kty", "RSA"},
            {"kid", kid},
            {"use", "sig"},
            {"n", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_RSA_N))},
            {"e", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_RSA_E))}};
  }

  std::string public_pem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key.get());
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return pem;
  }

  std::string sign(const std::string& input) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    REQUIRE(EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) == 1);
    if (alg == "PS256") {
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    std::size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) == 1);
    std::string sig(size, '\0');
    REQUIRE(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size, data,
                           input.size()) == 1);
    sig.resize(size);
    if (alg != "ES256") return sig;
    const auto* der = reinterpret_cast<const unsigned char*>(sig.data());
    EcdsaSigPtr ecdsa(d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(sig.size())));
    unsigned char raw[64];
    BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa.get()), raw, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa.get()), raw + 32, 32);
    return std::string(reinterpret_cast<char*>(raw), 64);
  }
};

inline SigningKey rsa_key(const std::string& kid, const std::string& alg = "RS256") {
  return {PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))), kid, alg};
}
inline SigningKey ec_key(const std::string& kid) {
  return {PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")), kid, "ES256"};
}

inline std::string compact(const json& header, const json& claims, const SigningKey& key) {
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  return input + "." + base64url_encode(key.sign(input));
}

/// RSA key generation takes a while: tests share these two.
inline const SigningKey& shared_rsa() {
  static const SigningKey key = rsa_key("rsa-1");
  return key;
}
inline const SigningKey& shared_ec() {
  static const SigningKey key = ec_key("ec-1");
  return key;
}

}  // namespace tally::auth::testing
