#include "auth/jwk.h"

#include <openssl/core_names.h>

#include "auth/base64url.h"

namespace tally::auth {

namespace {

std::string member(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

SharedPkey from_params(const char* type, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) != 1)
    return nullptr;
  return SharedPkey(raw, EVP_PKEY_free);
}

SharedPkey rsa_key(const nlohmann::json& jwk, std::string& error) {
  auto n = base64url_decode(member(jwk, "n"));
  auto e = base64url_decode(member(jwk, "e"));
  if (!n || !e || n->empty() || e->empty()) {
    error = "RSA key without valid n and e";
    return nullptr;
  }
  BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                           static_cast<int>(n->size()), nullptr));
  BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                           static_cast<int>(e->size()), nullptr));
  if (!bn_n || !bn_e || BN_num_bits(bn_n.get()) < 2048) {
    error = "RSA key shorter than 2048 bits";
    return nullptr;
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    error = "out of memory";
    return nullptr;
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  SharedPkey key = params ? from_params("RSA", params.get()) : nullptr;
  if (!key) error = "RSA key rejected by OpenSSL";
  return key;
}

SharedPkey ec_key(const nlohmann::json& jwk, std::string& error) {
  if (member(jwk, "crv") != "P-256") {
    error = "EC key on a curve other than P-256";
    return nullptr;
  }
  auto x = base64url_decode(member(jwk, "x"));
  auto y = base64url_decode(member(jwk, "y"));
  if (!x || !y || x->size() != 32 || y->size() != 32) {
    error = "EC key without 32-byte x and y";
    return nullptr;
  }
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  SharedPkey key = from_params("EC", params);
  if (key) {
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) key.reset();
  }
  if (!key) error = "EC key is not a point on P-256";
  return key;
}

}  // namespace

Jwk jwk_from_json(const nlohmann::json& jwk, std::string& error) {
  Jwk out;
  if (!jwk.is_object()) {
    error = "a key that is not a JSON object";
    return out;
  }
  out.kid = member(jwk, "kid");
  out.kty = member(jwk, "kty");
  out.alg = member(jwk, "alg");
  std::string use = member(jwk, "use");
  if (!use.empty() && use != "sig") {
    error = "key for \"" + use + "\", not signatures";
    return out;
  }
  if (out.kty == "RSA")
    out.key = rsa_key(jwk, error);
  else if (out.kty == "EC")
    out.key = ec_key(jwk, error);
  else
    error = "key type \"" + out.kty + "\" is not RSA or EC";
  return out;
}

}  // namespace tally::auth
