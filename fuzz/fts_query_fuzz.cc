// Target (d): the FTS query quoting behind ledger_search_transactions
// (util::fts_prefix_terms) and the customer search (invoicing::fts_match_query),
// run as FTS5 MATCH against in-memory tables made like txn_fts and customer_fts.
// The input is what a user typed. Invariants: a text with an ASCII letter or
// digit gives a query; the query never raises an FTS5 syntax (or any other)
// error; and a document holding the user's exact text matches it, alone or
// between other words. (The quoting used to cut text with its own Unicode
// tables; a combining mark alone then became a term no document can hold.)
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "invoicing/fts_query.h"
#include "util/fts_terms.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view text, const std::string& query) {
  std::fprintf(stderr, "%s\n  text:  \"%.*s\"\n  query: %s\n", what, static_cast<int>(text.size()),
               text.data(), query.c_str());
  std::abort();
}

/// One in-memory database for the process: the two tables with the ledger's tokenizer.
class Index {
 public:
  Index() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) std::abort();
    exec(
        "CREATE VIRTUAL TABLE txn_fts USING fts5(description, payee, memos, tags,"
        "  tokenize = 'unicode61 remove_diacritics 2');"
        "CREATE VIRTUAL TABLE customer_fts USING fts5(name, organization, email, phone, "
        "  phone_digits, tokenize = 'unicode61 remove_diacritics 2');");
  }
  ~Index() { sqlite3_close(db_); }
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) std::abort();
  }

  /// Replaces the table's one row with `columns` (one text per column, in order).
  void put(const char* table, std::initializer_list<std::string_view> columns) {
    exec((std::string("DELETE FROM ") + table).c_str());
    std::string sql = std::string("INSERT INTO ") + table + " VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    sqlite3_stmt* q = prepare(sql + ")");
    int i = 1;
    for (std::string_view c : columns)
      sqlite3_bind_text(q, i++, c.data(), static_cast<int>(c.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(q) != SQLITE_DONE) std::abort();
    sqlite3_finalize(q);
  }

  /// Runs `query` as a MATCH on `table`: rows matched, or -1 with `error` set.
  int match(const char* table, const std::string& query, std::string& error) {
    sqlite3_stmt* q =
        prepare(std::string("SELECT count(*) FROM ") + table + " WHERE " + table + " MATCH ?");
    sqlite3_bind_text(q, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
    int rows = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
      rows = sqlite3_column_int(q, 0);
    else
      error = sqlite3_errmsg(db_);
    sqlite3_finalize(q);
    return rows;
  }

  sqlite3* db() { return db_; }

 private:
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) std::abort();
    return q;
  }
  sqlite3* db_ = nullptr;
};

/// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF): what a
/// JSON string, and so every tool argument, can hold.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

void check(Index& index, const char* table, std::string_view text, const std::string& query,
           bool holds_text) {
  const bool ascii_token = std::any_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  if (ascii_token && query.empty()) fail("no query for a text with a letter or digit", text, query);
  if (query.empty()) return;  // the tools refuse it: "has no letters or digits"
  std::string error;
  const int rows = index.match(table, query, error);
  if (rows < 0) fail(("the quoted query is an FTS5 error: " + error).c_str(), text, query);
  if (holds_text && rows != 1)
    fail("a document holding the exact text does not match it", text, query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 512) return -1;  // a search box's worth
  static Index index;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A document's text reaches the index through JSON, so it is valid UTF-8; a
  // query is checked for errors whatever its bytes.
  const bool utf8 = valid_utf8(text);

  const std::string terms = tally::util::fts_prefix_terms(index.db(), text);
  index.put("txn_fts", {text, "", "", ""});
  check(index, "txn_fts", text, terms, utf8);
  const std::string padded = "Paid " + std::string(text) + " 42 (card)";
  index.put("txn_fts", {"", padded, "", ""});
  check(index, "txn_fts", text, terms, utf8);

  const std::string customer = tally::invoicing::fts_match_query(index.db(), text);
  index.put("customer_fts", {"", text, "", "", tally::invoicing::phone_digits(text)});
  check(index, "customer_fts", text, customer, utf8);
  return 0;
}
