#include "oauth/token_set.h"

#include <algorithm>
#include <chrono>

#include "oauth/json_fields.h"
#include "oauth/jwt.h"

namespace tally::bridge::oauth {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t TokenSet::bearer_expiry(bool use_id_token) const {
  if (use_id_token) {
    if (auto claims = jwt_claims(id_token); claims && claims->contains("exp") && (*claims)["exp"].is_number()) {
      return (*claims)["exp"].get<int64_t>();
    }
  }
  return expires_at;
}

bool TokenSet::expiring(bool use_id_token, int64_t now) const {
  int64_t expiry = bearer_expiry(use_id_token);
  if (expiry == 0) return false;
  int64_t lifetime = issued_at && expiry > issued_at ? expiry - issued_at : 600;
  int64_t margin = std::min<int64_t>(60, lifetime / 10);
  return now >= expiry - margin;
}

nlohmann::json TokenSet::to_json() const {
  nlohmann::json doc = {{"access_token", access_token}, {"expires_at", expires_at},
                        {"issued_at", issued_at},       {"scope", scope},
                        {"issuer", issuer}};
  if (!refresh_token.empty()) doc["refresh_token"] = refresh_token;
  if (!id_token.empty()) doc["id_token"] = id_token;
  return doc;
}

TokenSet TokenSet::from_json(const nlohmann::json& doc) {
  TokenSet t;
  t.access_token = string_field(doc, "access_token");
  t.refresh_token = string_field(doc, "refresh_token");
  t.id_token = string_field(doc, "id_token");
  t.scope = string_field(doc, "scope");
  t.issuer = string_field(doc, "issuer");
  if (doc.contains("expires_at") && doc["expires_at"].is_number()) t.expires_at = doc["expires_at"].get<int64_t>();
  if (doc.contains("issued_at") && doc["issued_at"].is_number()) t.issued_at = doc["issued_at"].get<int64_t>();
  return t;
}

}  // namespace tally::bridge::oauth
