#include "rewards/fold.h"

#include <doctest/doctest.h>

using tally::rewards::fold;

TEST_CASE("fold lower-cases beyond ASCII") {
  CHECK(fold("STARBUCKS") == "starbucks");
  CHECK(fold("CAFÉ") == "café");
  CHECK(fold("ÉCLAIR") == fold("éclair"));
  CHECK(fold("ΣΟΦΙΑ") == fold("σοφια"));
}

TEST_CASE("fold applies full case folding and NFKC") {
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("ＡＣＭＥ") == "acme");                     // fullwidth letters
  CHECK(fold("Cafe\xCC\x81") == fold("Caf\xC3\xA9"));  // e + combining acute = é
}

TEST_CASE("fold keeps LIKE wildcards as plain text") {
  CHECK(fold("100%_OFF") == "100%_off");
}

TEST_CASE("fold returns invalid UTF-8 unchanged") {
  CHECK(fold("\xFF\xFE") == "\xFF\xFE");
}
