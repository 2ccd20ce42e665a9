#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "invoicing/fts_query.h"

using namespace tally::invoicing;

namespace {
/// The query for `text`, tokenized by an in-memory connection's FTS5.
std::string fts_match_query(const char* text) {
  static SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  return tally::invoicing::fts_match_query(db.getHandle(), text);
}
}  // namespace

TEST_CASE("the tables' tokenizer splits the text and every token is a quoted prefix") {
  CHECK(fts_match_query("Acme-Corp") == "\"acme\"* AND \"corp\"*");
  CHECK(fts_match_query("o'brien") == "\"o\"* AND \"brien\"*");
  CHECK(fts_match_query("  \"NEAR(\" OR * ") == "\"near\"* AND \"or\"*");
  CHECK(fts_match_query("!!!") == "");
  CHECK(fts_match_query("Ørsted Café") == "\"ørsted\"* AND \"cafe\"*");
  CHECK(fts_match_query("O’Brien") == "\"o\"* AND \"brien\"*");  // a typographic apostrophe too
  // Found by fuzz/fts_query: a combining mark alone is no token to the index, so
  // it must not become a term nothing can match (the text used to find nothing).
  CHECK(fts_match_query("\u033e;z") == "\"z\"*");
}

TEST_CASE("a phone-like query also matches the digits-only column") {
  CHECK(fts_match_query("(555) 123-4567") ==
        "(\"555\"* AND \"123\"* AND \"4567\"*) OR phone_digits : \"5551234567\"*");
  CHECK(fts_match_query("5551234567") == "(\"5551234567\"*) OR phone_digits : \"5551234567\"*");
  CHECK(phone_digits("+1 (555) 123-4567") == "15551234567 5551234567");
  CHECK(phone_digits("555.123.4567") == "5551234567");
  CHECK(phone_digits("n/a") == "");
}

TEST_CASE("the built queries run against FTS5 without syntax errors") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE VIRTUAL TABLE f USING fts5(name, organization, email, phone, phone_digits, "
          "tokenize = 'unicode61 remove_diacritics 2')");
  db.exec("INSERT INTO f VALUES ('Jane Roe', 'Acme-Corp', 'jane@acme-corp.com', '(555) 123-4567', '5551234567')");
  db.exec("INSERT INTO f VALUES ('Seán O''Brien', 'Café Ørsted', 'sean@example.ie', '+1 555 987 6543', "
          "'15559876543 5559876543')");
  auto hits = [&](const char* text) {
    SQLite::Statement q(db, "SELECT name FROM f WHERE f MATCH ? ORDER BY rowid");
    q.bind(1, tally::invoicing::fts_match_query(db.getHandle(), text));
    std::string names;
    while (q.executeStep()) names += (names.empty() ? "" : ",") + q.getColumn(0).getString();
    return names;
  };
  CHECK(hits("Acme-Corp") == "Jane Roe");
  CHECK(hits("acme corp") == "Jane Roe");
  CHECK(hits("o'brien") == "Seán O'Brien");
  CHECK(hits("sean obr") == "");           // "obr" is not a prefix of a token
  CHECK(hits("sean") == "Seán O'Brien");   // diacritics removed on both sides
  CHECK(hits("CAFE ØRSTED") == "Seán O'Brien");  // Ø has no diacritic to drop; case still folds
  CHECK(hits("5551234567") == "Jane Roe");
  CHECK(hits("(555) 123-4567") == "Jane Roe");
  CHECK(hits("555-987-6543") == "Seán O'Brien");
  CHECK(hits("5559876543") == "Seán O'Brien");
  CHECK(hits("\"AND OR NOT(") == "");
}
