#include "affiliate/secret.h"

#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "util/random.h"

namespace tally::affiliate {

namespace {
std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}
}  // namespace

std::string random_hex(int bytes) {
  std::vector<unsigned char> buffer(static_cast<std::size_t>(bytes));
  util::random_bytes(buffer.data(), buffer.size());
  std::string hex = to_hex(buffer.data(), buffer.size());
  OPENSSL_cleanse(buffer.data(), buffer.size());
  return hex;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return to_hex(mac, length);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tally::affiliate
