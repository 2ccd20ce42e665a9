#include "oauth/base64.h"
#include "oauth/jwt.h"

#include <memory>

#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace tally::bridge::oauth;

namespace {
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Key generate(const char* type) {
  if (std::string(type) == "EC") return Key(EVP_EC_gen("P-256"));
  return Key(EVP_RSA_gen(2048));
}

std::string private_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size_t(n));
}

// Verifies a compact JWS with the public half, the way an AS would.
bool verify(const std::string& jwt, EVP_PKEY* key, bool ecdsa) {
  auto dot = jwt.rfind('.');
  std::string input = jwt.substr(0, dot);
  auto sig = base64url_decode(jwt.substr(dot + 1));
  if (!sig) return false;
  std::string der = *sig;
  if (ecdsa) {  // r||s back to DER for OpenSSL
    if (sig->size() != 64) return false;
    ECDSA_SIG* s = ECDSA_SIG_new();
    ECDSA_SIG_set0(s, BN_bin2bn(reinterpret_cast<const unsigned char*>(sig->data()), 32, nullptr),
                   BN_bin2bn(reinterpret_cast<const unsigned char*>(sig->data()) + 32, 32, nullptr));
    unsigned char* out = nullptr;
    int len = i2d_ECDSA_SIG(s, &out);
    der.assign(reinterpret_cast<char*>(out), size_t(len));
    OPENSSL_free(out);
    ECDSA_SIG_free(s);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key);
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}
}  // namespace

TEST_CASE("ES256 client assertion verifies and carries RFC 7523 claims") {
  Key key = generate("EC");
  std::string error;
  auto jwt = client_assertion("client-1", "https://as.example", private_pem(key.get()), "ES256", error);
  REQUIRE(jwt);
  CHECK(verify(*jwt, key.get(), true));
  auto claims = jwt_claims(*jwt);
  REQUIRE(claims);
  CHECK((*claims)["iss"] == "client-1");
  CHECK((*claims)["sub"] == "client-1");
  CHECK((*claims)["aud"] == "https://as.example");
  CHECK((*claims)["exp"].get<int64_t>() > (*claims)["iat"].get<int64_t>());
  CHECK((*claims)["jti"].get<std::string>().size() >= 16);
  auto header = base64url_decode(jwt->substr(0, jwt->find('.')));
  CHECK(nlohmann::json::parse(*header)["alg"] == "ES256");
}

TEST_CASE("RS256 signs with an RSA key") {
  Key key = generate("RSA");
  std::string error;
  auto jwt = sign_jwt({{"a", 1}}, private_pem(key.get()), "RS256", error);
  REQUIRE(jwt);
  CHECK(verify(*jwt, key.get(), false));
}

TEST_CASE("a key that does not fit the algorithm is refused with a reason") {
  Key rsa = generate("RSA");
  std::string error;
  CHECK_FALSE(sign_jwt({}, private_pem(rsa.get()), "ES256", error));
  CHECK(error == "the client private key does not fit ES256 (needs P-256)");
  CHECK_FALSE(sign_jwt({}, "not a key", "RS256", error));
  CHECK(error == "the client private key is not a PEM private key");
}
