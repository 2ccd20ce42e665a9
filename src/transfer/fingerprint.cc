#include "transfer/fingerprint.h"

#include <openssl/evp.h>

namespace tally::transfer {

std::string fingerprint(const std::string& account_id, const std::string& date, std::int64_t amount_minor,
                        const std::string& payee) {
  std::string text = account_id + "|" + date + "|" + std::to_string(amount_minor) + "|" + payee;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string ImportIds::next(const std::string& account_id, const std::string& bank_id, const std::string& date,
                            std::int64_t amount_minor, const std::string& payee) {
  if (!bank_id.empty()) return "bank:" + bank_id;
  std::string fp = fingerprint(account_id, date, amount_minor, payee);
  return "fp:" + fp + "#" + std::to_string(++seen_[fp]);
}

}  // namespace tally::transfer
