#include "mcp/request_state.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "util/random.h"

namespace tally::mcp {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  unsigned int bits = 0;
  int count = 0;
  for (unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kAlphabet[(bits >> count) & 0x3F];
    }
  }
  if (count > 0) out += kAlphabet[(bits << (6 - count)) & 0x3F];
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  unsigned int bits = 0;
  int count = 0;
  for (char c : in) {
    auto v = kAlphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned int>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

}  // namespace

RequestStateSeal::RequestStateSeal() { util::random_bytes(key_.data(), key_.size()); }

std::string RequestStateSeal::mac(std::string_view data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

std::string RequestStateSeal::seal(const json& state) const {
  std::string body = base64url(state.dump());
  return body + "." + mac(body);
}

std::optional<json> RequestStateSeal::open(std::string_view token) const {
  auto dot = token.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view body = token.substr(0, dot);
  std::string_view tag = token.substr(dot + 1);
  std::string expected = mac(body);
  if (tag.size() != expected.size() || CRYPTO_memcmp(tag.data(), expected.data(), tag.size()) != 0)
    return std::nullopt;
  auto text = unbase64url(body);
  if (!text) return std::nullopt;
  json state = json::parse(*text, nullptr, false);
  if (state.is_discarded()) return std::nullopt;
  return state;
}

}  // namespace tally::mcp
