// Target (d), credentials: the Authorization header's bearer token, strict
// base64url, and JWT access-token verification against an issuer whose
// metadata and JWKS come from the input (discovery, key parsing, the signature
// check, the claims). Fields, one per line: Authorization, JWKS document,
// issuer metadata document. Invariants: base64url has one spelling (decoding
// then encoding gives the text back); a refusal never echoes the token; an
// accepted token names its subject's workspace.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "auth/authenticator.h"
#include "auth/base64url.h"
#include "auth/jwk.h"
#include "auth/jwks.h"
#include "auth/jwt.h"
#include "fields.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

constexpr const char* kIssuer = "https://issuer.example.com";
constexpr std::int64_t kNow = 1'773'576'000;  // 2026-03-15T12:00:00Z, as the seeds' tokens expect

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally::auth;
  if (size > 16 * 1024) return -1;
  auto f = tally::fuzz::split_fields(data, size, 3);
  const std::string token = bearer_token(f[0]);

  for (std::string_view segment : {std::string_view(token), f[0].substr(0, 200)}) {
    if (auto bytes = base64url_decode(segment); bytes && base64url_encode(*bytes) != segment)
      fail("base64url decoded a text that is not its canonical spelling", segment);
  }
  (void)base32_lower(f[0].substr(0, 64));

  const std::string jwks_body(f[1]), metadata_body(f[2]);
  Jwks keys(kIssuer, [&](const std::string& url) {
    return FetchResult{
        200, url.find("/.well-known/") != std::string::npos ? metadata_body : jwks_body, ""};
  });
  TokenPolicy policy;
  policy.issuer = kIssuer;
  policy.audience = "https://ledger.example.com/mcp";
  auto result = verify_access_token(token, policy, keys, kNow);
  if (result.ok()) {
    if (result.token.workspace_values.empty())
      fail("an accepted token without a workspace claim", token);
  } else if (token.size() >= 16 && result.message.find(token) != std::string::npos) {
    fail("a token refusal echoes the token", result.message);
  }
  (void)token_error_name(result.error);

  // Each JWKS entry on its own, as the key set reads them.
  auto doc = nlohmann::json::parse(jwks_body, nullptr, false);
  if (doc.is_object() && doc.contains("keys") && doc["keys"].is_array()) {
    for (const auto& entry : doc["keys"]) {
      std::string error;
      Jwk jwk = jwk_from_json(entry, error);
      if (!jwk.key && error.empty()) fail("a refused key without a reason", entry.dump());
    }
  }
  return 0;
}
