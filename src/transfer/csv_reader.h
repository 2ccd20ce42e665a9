#pragma once
// RFC 4180 CSV: fields separated by a delimiter, optionally "quoted" with ""
// for a quote, quoted fields may span lines. Each record keeps the line it
// starts on, so every import error can name it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally::transfer {

struct CsvRecord {
  std::size_t line = 0;             ///< 1-based line the record starts on
  std::vector<std::string> fields;
};

/// Reads records one at a time, so a million-row file is never held as
/// records all at once. `text` must outlive the reader.
class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter);
  /// The next record into `out`; false at the end or on an error (then `error`
  /// is set to "line N: …").
  bool next(CsvRecord& out, std::string& error);

 private:
  std::string_view text_;
  char delimiter_;
  std::size_t i_ = 0, line_ = 1;
};

/// Splits `text` into records. A UTF-8 BOM is skipped; CRLF and LF both end a
/// record; blank lines are skipped. Returns nullopt and sets `error` to
/// "line N: …" on a stray quote or an unterminated quoted field.
std::optional<std::vector<CsvRecord>> parse_csv(std::string_view text, char delimiter, std::string& error);

/// Why `text` cannot be a text file (empty, NUL bytes, invalid UTF-8), naming
/// the line; nullopt when it can.
std::optional<std::string> not_text(std::string_view text);

/// The header's column index of each name; a repeated header name is an
/// error naming both columns.
std::optional<std::string> duplicate_header(const CsvRecord& header);

/// Quotes a field for output when it holds the delimiter, a quote or a line break.
std::string csv_field(std::string_view value);

}  // namespace tally::transfer
