#pragma once
// The postback secret's three operations, over OpenSSL: make one from the
// CSPRNG, sign with it, and compare in constant time. Nothing here logs.
#include <string>
#include <string_view>

namespace tally::affiliate {

/// `bytes` bytes from the kernel's CSPRNG (util/random.h), as lower-case hex.
/// Throws std::runtime_error if the generator fails (never falls back).
std::string random_hex(int bytes);

/// Lower-case hex HMAC-SHA256 of `message` keyed with `key`'s bytes.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// Equal contents, compared with CRYPTO_memcmp (time depends only on the lengths).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tally::affiliate
