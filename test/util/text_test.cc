#include <doctest/doctest.h>

#include <string>

#include "util/text.h"

using tally::util::first_sentence;
using tally::util::name_problem;

TEST_CASE("ordinary names pass, in any script") {
  CHECK(name_problem("Checking") == "");
  CHECK(name_problem("Café Zoë") == "");
  CHECK(name_problem("מכולת") == "");            // Hebrew: right-to-left without overrides
  CHECK(name_problem("👩\u200D💻 Studio") == "");  // a zero-width joiner inside an emoji is fine
  CHECK(name_problem("名前") == "");
}

TEST_CASE("control characters are refused, naming the code point") {
  CHECK(name_problem(std::string("a\0b", 3)) ==
        "must not contain control characters (found U+0000)");
  CHECK(name_problem("\x1b[31mred") == "must not contain control characters (found U+001B)");
  CHECK(name_problem("ding\a") == "must not contain control characters (found U+0007)");
  CHECK(name_problem("two\nlines") == "must not contain control characters (found U+000A)");
  CHECK(name_problem("c1\u0085") == "must not contain control characters (found U+0085)");
}

TEST_CASE("bidirectional overrides and isolates are refused") {
  CHECK(name_problem("invoice\u202Efdp.exe") ==
        "must not contain bidirectional controls (found U+202E)");
  CHECK(name_problem("x\u2066y") == "must not contain bidirectional controls (found U+2066)");
}

TEST_CASE("blank, invisible-only, too long and invalid UTF-8 names are refused") {
  CHECK(name_problem("") == "must not be blank");
  CHECK(name_problem("\u200B\u200B") ==
        "must contain a visible character (it has only spaces or invisible characters)");
  CHECK(name_problem(" \u00A0\uFEFF") ==
        "must contain a visible character (it has only spaces or invisible characters)");
  CHECK(name_problem("abcdef", 5) == "must be at most 5 characters (got 6)");
  CHECK(name_problem("ééééé", 5) == "");  // characters, not bytes
  CHECK(name_problem("\xC3") == "is not valid UTF-8");
  CHECK(name_problem("\xC0\xAF") == "is not valid UTF-8");      // overlong
  CHECK(name_problem("\xED\xA0\x80") == "is not valid UTF-8");  // a surrogate
}

TEST_CASE("first_sentence stops at a sentence end, not at an abbreviation") {
  CHECK(first_sentence("Add a perk, e.g. Uber Cash. Then more.") == "Add a perk, e.g. Uber Cash");
  CHECK(first_sentence("Lists cards (i.e. all of them). Paged.") ==
        "Lists cards (i.e. all of them)");
  CHECK(first_sentence("One line\nSecond line.") == "One line");
  CHECK(first_sentence("Costs 12.50 USD. More") == "Costs 12.50 USD");
  CHECK(first_sentence("Ends here.") == "Ends here");
  CHECK(first_sentence("No period") == "No period");
}

TEST_CASE("markup_escape makes text safe in HTML and XML text and quoted attributes") {
  CHECK(tally::util::markup_escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
  CHECK(tally::util::markup_escape("a & \"b\" 'c'") == "a &amp; &quot;b&quot; &#39;c&#39;");
  CHECK(tally::util::markup_escape("Café · 12.00 USD") == "Café · 12.00 USD");
  CHECK(tally::util::markup_escape("") == "");
}
