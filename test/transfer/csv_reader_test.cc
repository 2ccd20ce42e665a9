#include <doctest/doctest.h>

#include "transfer/csv_reader.h"

using namespace tally::transfer;

TEST_CASE("RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes, line numbers") {
  std::string err;
  auto r = parse_csv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n\n3,,\n", ',', err);
  REQUIRE(r);
  REQUIRE(r->size() == 4);
  CHECK((*r)[0].line == 1);
  CHECK((*r)[1].fields == std::vector<std::string>{"1", "x, y", "say \"hi\""});
  CHECK((*r)[2].line == 3);
  CHECK((*r)[2].fields[1] == "two\nlines");
  CHECK((*r)[3].line == 6);  // the quoted line break and the blank line both count
  CHECK((*r)[3].fields == std::vector<std::string>{"3", "", ""});
}

TEST_CASE("a BOM is skipped and another delimiter works") {
  std::string err;
  auto r = parse_csv("\xEF\xBB\xBF" "Date;Amount\n2024-01-02;-3,50\n", ';', err);
  REQUIRE(r);
  CHECK((*r)[0].fields[0] == "Date");
  CHECK((*r)[1].fields[1] == "-3,50");
}

TEST_CASE("malformed quoting names the line") {
  std::string err;
  CHECK_FALSE(parse_csv("a,b\n1,\"open\n2,3\n", ',', err));
  CHECK(err == "line 2: a quoted field is never closed (a \" is missing)");
  CHECK_FALSE(parse_csv("a,b\n1,2\n3,x\"y\n", ',', err));
  CHECK(err == "line 3: a quote inside an unquoted field (quote the whole field and write \"\")");
  CHECK_FALSE(parse_csv("a,b\n\"1\"x,2\n", ',', err));
  CHECK(err == "line 2: text after a closing quote (write \"\" for a quote inside a quoted field)");
}

TEST_CASE("empty, binary and non-UTF-8 files are named as such") {
  CHECK(not_text("") == std::optional<std::string>("the file is empty (0 bytes)"));
  CHECK(not_text(std::string("a,b\n1,\0", 7)) ==
        std::optional<std::string>("line 2: a NUL byte; this looks like a binary file, not text"));
  CHECK(not_text("a\nb\n\xff\xfe") ==
        std::optional<std::string>("line 3: bytes that are not UTF-8; this looks like a binary file (save it as UTF-8 text)"));
  CHECK_FALSE(not_text("Café,ü\n"));
}

TEST_CASE("a duplicate header is named with both columns") {
  CsvRecord header{1, {"Date", "Amount", "Date"}};
  CHECK(duplicate_header(header) ==
        std::optional<std::string>("line 1: the header names \"Date\" twice (columns 1 and 3); rename one"));
}

TEST_CASE("csv_field quotes only when needed") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
}
