#include "transfer/csv_reader.h"

namespace tally::transfer {

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
}

bool CsvReader::next(CsvRecord& rec, std::string& error) {
  const std::string_view text = text_;
  const char delimiter = delimiter_;
  const std::size_t n = text.size();
  std::size_t& i = i_;
  std::size_t& line = line_;
  while (i < n) {
    rec.line = line;
    rec.fields.clear();
    std::string field;
    bool record_done = false, any = false;
    while (!record_done) {
      field.clear();
      if (i < n && text[i] == '"') {  // quoted field
        std::size_t start_line = line;
        ++i;
        for (;;) {
          if (i >= n) {
            error = "line " + std::to_string(start_line) + ": a quoted field is never closed (a \" is missing)";
            return false;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') { field += '"'; ++i; continue; }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          error = "line " + std::to_string(line) + ": text after a closing quote (write \"\" for a quote inside a quoted field)";
          return false;
        }
      } else {
        while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            error = "line " + std::to_string(line) + ": a quote inside an unquoted field (quote the whole field and write \"\")";
            return false;
          }
          field += text[i++];
        }
      }
      any = any || !field.empty();
      rec.fields.push_back(field);
      if (i < n && text[i] == delimiter) { ++i; any = true; continue; }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      record_done = true;
    }
    if (any || rec.fields.size() > 1) return true;  // a blank line is no record
  }
  error.clear();
  return false;
}

std::optional<std::vector<CsvRecord>> parse_csv(std::string_view text, char delimiter, std::string& error) {
  CsvReader reader(text, delimiter);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (reader.next(rec, error)) out.push_back(rec);
  if (!error.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> not_text(std::string_view text) {
  if (text.empty()) return "the file is empty (0 bytes)";
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return "line " + std::to_string(line) + ": a NUL byte; this looks like a binary file, not text";
    if (c == '\n') ++line;
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size())
      return "line " + std::to_string(line) + ": bytes that are not UTF-8; this looks like a binary file (save it as UTF-8 text)";
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
        return "line " + std::to_string(line) + ": bytes that are not UTF-8; this looks like a binary file (save it as UTF-8 text)";
    i += len;
  }
  return std::nullopt;
}

std::optional<std::string> duplicate_header(const CsvRecord& header) {
  for (std::size_t a = 0; a < header.fields.size(); ++a)
    for (std::size_t b = a + 1; b < header.fields.size(); ++b)
      if (header.fields[a] == header.fields[b])
        return "line " + std::to_string(header.line) + ": the header names \"" + header.fields[a] + "\" twice (columns " +
               std::to_string(a + 1) + " and " + std::to_string(b + 1) + "); rename one";
  return std::nullopt;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace tally::transfer
