#include <doctest/doctest.h>

#include <set>

#include "affiliate/secret.h"

using namespace tally::affiliate;

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2") {
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("secrets are 32 random bytes in hex, different every time") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string s = random_hex(32);
    CHECK(s.size() == 64);
    CHECK(s.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(s);
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("constant_time_equal compares contents and lengths") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(constant_time_equal("", ""));
}
