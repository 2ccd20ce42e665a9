// An attachment's type comes from its first bytes, never its name; base64 is
// strict; the hash names the bytes (issue 21 item 1).
#include <doctest/doctest.h>

#include <string>

#include "ledger/attachment_content.h"

using namespace tally::ledger;
using namespace std::string_literals;

TEST_CASE("the type is judged by the content") {
  CHECK(sniff_mime_type("%PDF-1.7\n...") == "application/pdf");
  CHECK(sniff_mime_type("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"s) == "image/png");
  CHECK(sniff_mime_type("\xFF\xD8\xFF\xE0\0\x10JFIF"s) == "image/jpeg");
  CHECK(sniff_mime_type("\0\0\0\x18" "ftypheic\0\0\0\0"s) == "image/heic");
  CHECK(sniff_mime_type("\0\0\0\x18" "ftypmp42\0\0\0\0"s) == std::nullopt);  // a video, not HEIF
  CHECK(sniff_mime_type("Total EUR 24.00 — grazie\n") == "text/plain");
  CHECK(sniff_mime_type("PK\x03\x04zip") == std::nullopt);  // valid UTF-8, but not text
  CHECK(sniff_mime_type("a\tb\r\nc\f") == "text/plain");
  CHECK(sniff_mime_type("escape \x1b[31m") == std::nullopt);
  CHECK(sniff_mime_type("text with a \0 NUL"s) == std::nullopt);
  CHECK(sniff_mime_type("\xC0\xAF overlong") == std::nullopt);
  CHECK(sniff_mime_type("\xED\xA0\x80 surrogate") == std::nullopt);
  CHECK(sniff_mime_type("cut \xE2\x82") == std::nullopt);
  CHECK(sniff_mime_type("") == std::nullopt);
}

TEST_CASE("base64 decodes strictly and round-trips") {
  CHECK(base64_decode("aGVsbG8=") == "hello");
  CHECK(base64_decode("aGVsbG8") == "hello");  // padding optional
  CHECK(base64_decode("") == "");
  CHECK(base64_decode("aGVsbG8==") == std::nullopt);
  CHECK(base64_decode("aGVs bG8=") == std::nullopt);
  CHECK(base64_decode("aGVsbG9") == std::nullopt);  // non-zero trailing bits
  CHECK(base64_decode("a") == std::nullopt);
  CHECK(base64_decode("aGVsbG8-") == std::nullopt);  // base64url's alphabet
  for (std::string s : {""s, "a"s, "ab"s, "abc"s, "abcd"s, "\0\xff\x10"s}) CHECK(base64_decode(base64_encode(s)) == s);
}

TEST_CASE("the hash names the bytes") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(is_sha256_hex(sha256_hex("x")));
  CHECK_FALSE(is_sha256_hex("../etc/passwd"));
  CHECK_FALSE(is_sha256_hex(std::string(64, 'A')));
}

TEST_CASE("a first block says early when a file cannot be one of the types") {
  CHECK(plausible_head("%PDF-1.4 ..."));
  CHECK(plausible_head("caf\xC3"));  // text cut inside "é"
  CHECK_FALSE(plausible_head(std::string(4096, '\0')));
  CHECK_FALSE(plausible_head("PK\x03\x04"));
}
