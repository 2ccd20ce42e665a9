#include "util/fold.h"

#include <doctest/doctest.h>

using tally::util::fold;
using tally::util::fold_name;
using tally::util::tidy_name;

TEST_CASE("fold lower-cases beyond ASCII") {
  CHECK(fold("STARBUCKS") == "starbucks");
  CHECK(fold("CAFÉ") == "café");
  CHECK(fold("ÉCLAIR") == fold("éclair"));
  CHECK(fold("ΣΟΦΙΑ") == fold("σοφια"));
}

TEST_CASE("fold applies full case folding and NFKC") {
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("STRASSE") == fold("straße"));
  CHECK(fold("ＡＣＭＥ") == "acme");  // fullwidth letters
  CHECK(fold("ＳＡＶＥ10") == "save10");
  CHECK(fold("Cafe\xCC\x81") == fold("Caf\xC3\xA9"));  // e + combining acute = é
}

TEST_CASE("fold keeps LIKE wildcards as plain text") {
  CHECK(fold("100%_OFF") == "100%_off");
}

TEST_CASE("fold keeps invalid UTF-8 but for ASCII letters") {
  CHECK(fold("\xFF\xFE") == "\xFF\xFE");
  CHECK(fold("AB\xFF") == "ab\xFF");
}

TEST_CASE("names are tidied before they are folded") {
  CHECK(tidy_name("  Coffee \t and\n  cake ") == "Coffee and cake");
  CHECK(tidy_name("") == "");
  CHECK(fold_name(" Ärger  Bar") == fold_name("ärger bar"));
  CHECK(fold_name(" Ärger  Bar") == "ärger bar");
}
