#include "util/fts_terms.h"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace tally::util {

namespace {

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(q, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(q);
  }
  sqlite3_finalize(q);
  if (api == nullptr) throw std::runtime_error("this SQLite has no FTS5, which search needs");
  return api;
}

/// One tokenizer instance, made the way the tables' spec (kFtsTokenizer) makes it.
class Tokenizer {
 public:
  explicit Tokenizer(sqlite3* db) {
    fts5_api* api = fts5_of(db);
    void* context = nullptr;
    const char* args[] = {"remove_diacritics", "2"};
    if (api->xFindTokenizer(api, "unicode61", &context, &methods_) != SQLITE_OK ||
        methods_.xCreate(context, args, 2, &tokenizer_) != SQLITE_OK)
      throw std::runtime_error("FTS5's unicode61 tokenizer is not available");
  }
  ~Tokenizer() { methods_.xDelete(tokenizer_); }
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    // Only the first 16 tokens count: 64 KiB of text is plenty to find them.
    text = text.substr(0, 64 * 1024);
    methods_.xTokenize(tokenizer_, &out, FTS5_TOKENIZE_QUERY, text.data(),
                       static_cast<int>(text.size()), &add);
    return out;
  }

 private:
  static int add(void* out, int /*flags*/, const char* token, int size, int, int) {
    auto& tokens = *static_cast<std::vector<std::string>*>(out);
    std::string t(token, static_cast<std::size_t>(size));
    if (!t.empty() && std::find(tokens.begin(), tokens.end(), t) == tokens.end())
      tokens.push_back(std::move(t));
    return SQLITE_OK;
  }
  fts5_tokenizer methods_{};
  Fts5Tokenizer* tokenizer_ = nullptr;
};

}  // namespace

std::vector<std::string> query_tokens(sqlite3* db, std::string_view text) {
  return Tokenizer(db).tokens(text);
}

std::string fts_prefix_terms(sqlite3* db, std::string_view text) {
  std::vector<std::string> tokens = query_tokens(db, text);
  if (tokens.size() > 16) tokens.resize(16);
  std::string words;
  for (const auto& t : tokens) {
    std::string quoted;  // a quote is never a token character; doubled all the same
    for (char c : t) quoted += c == '"' ? "\"\"" : std::string(1, c);
    words += (words.empty() ? "\"" : " AND \"") + quoted + "\"*";
  }
  return words;
}

}  // namespace tally::util
