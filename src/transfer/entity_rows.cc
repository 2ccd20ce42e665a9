#include "transfer/entity_rows.h"

#include <filesystem>
#include <stdexcept>

#include "transfer/csv_reader.h"

namespace tally::transfer {

namespace {

std::string extension(const std::string& file) {
  // The file name's own extension: "../../etc/passwd" has none (not "/etc/passwd").
  std::string ext = std::filesystem::path(file).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

mcp::ParsedLine parse_object(std::string_view text, const std::string& where) {
  std::string error;
  auto parsed = mcp::parse_line(text, error);
  if (!parsed) throw std::runtime_error(where + ": not JSON: " + error);
  if (!parsed->value.is_object()) throw std::runtime_error(where + ": each row must be a JSON object");
  return std::move(*parsed);
}

/// Splits a top-level JSON array into its elements' texts, so each is parsed
/// alone (the decimal lexemes stay per row; a million rows stay linear).
std::vector<std::pair<std::size_t, std::string_view>> array_elements(std::string_view text) {
  std::size_t i = 0;
  auto skip_ws = [&] { while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i; };
  auto line_of = [&](std::size_t pos) {
    std::size_t line = 1;
    for (std::size_t k = 0; k < pos; ++k) line += text[k] == '\n';
    return line;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  skip_ws();
  if (i >= text.size() || text[i] != '[') throw std::runtime_error("a .json entity file must be one JSON array of objects");
  ++i;
  std::vector<std::pair<std::size_t, std::string_view>> out;
  skip_ws();
  if (i < text.size() && text[i] == ']') return out;
  for (;;) {
    skip_ws();
    std::size_t start = i;
    int depth = 0;
    bool in_string = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) break;
    }
    if (i >= text.size())
      throw std::runtime_error("element " + std::to_string(out.size()) + " (line " + std::to_string(line_of(start)) +
                               "): the array is never closed (] missing)");
    out.emplace_back(out.size(), text.substr(start, i - start));
    if (text[i] == ']') {
      ++i;
      skip_ws();
      if (i != text.size()) throw std::runtime_error("text after the closing ] (line " + std::to_string(line_of(i)) + ")");
      return out;
    }
    if (text[i] != ',') throw std::runtime_error("element " + std::to_string(out.size() - 1) + ": expected , or ]");
    ++i;
  }
}

bool has_type(const mcp::json& property, const char* type) {
  if (!property.contains("type")) return false;
  const auto& t = property["type"];
  if (t.is_string()) return t == type;
  for (const auto& one : t)
    if (one == type) return true;
  return false;
}

}  // namespace

void for_each_entity_row(const std::string& file, const std::string& text, const mcp::json& input_schema,
                         const std::vector<std::string>& extra_fields, const std::function<void(EntityRow&)>& each) {
  if (auto bad = not_text(text)) throw std::runtime_error(*bad);
  std::string ext = extension(file);
  if (ext == "jsonl" || ext == "ndjson") {
    std::size_t line = 0, start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      ++line;
      std::string_view one(text.data() + start, end - start);
      if (!one.empty() && one.back() == '\r') one.remove_suffix(1);
      if (one.find_first_not_of(" \t") != std::string_view::npos) {
        std::string where = "line " + std::to_string(line);
        EntityRow row{where, parse_object(one, where)};
        each(row);
      }
      start = end + 1;
    }
    return;
  }
  if (ext == "json") {
    for (auto& [index, element] : array_elements(text)) {
      std::string where = "element " + std::to_string(index);
      EntityRow row{where, parse_object(element, where)};
      each(row);
    }
    return;
  }
  if (ext.empty())
    throw std::runtime_error("the file name has no extension, so its format is unknown: name it .csv, .json or .jsonl");
  if (ext != "csv") throw std::runtime_error("unknown file type \"." + ext + "\": use .csv, .json or .jsonl");

  std::string error;
  CsvReader reader(text, ',');
  CsvRecord header, rec;
  if (!reader.next(header, error)) throw std::runtime_error(error.empty() ? "the file has no header row" : error);
  if (auto dup = duplicate_header(header)) throw std::runtime_error(*dup);
  const mcp::json& properties = input_schema.contains("properties") ? input_schema["properties"] : mcp::json::object();
  enum class Kind { text, integer, boolean, nested };
  std::vector<Kind> kinds;
  for (const auto& name : header.fields) {
    bool extra = false;
    for (const auto& e : extra_fields) extra = extra || e == name;
    if (!extra && !properties.contains(name)) {
      std::string known;
      for (auto& [k, v] : properties.items()) known += (known.empty() ? "" : ", ") + k;
      for (const auto& e : extra_fields) known += ", " + e;
      throw std::runtime_error("line " + std::to_string(header.line) + ": unknown column \"" + name + "\" (columns: " + known + ")");
    }
    const mcp::json& p = extra ? mcp::json::object() : properties[name];
    kinds.push_back(has_type(p, "string") || extra ? Kind::text
                    : has_type(p, "integer")      ? Kind::integer
                    : has_type(p, "boolean")      ? Kind::boolean
                                                  : Kind::nested);
  }
  while (reader.next(rec, error)) {
    std::string where = "line " + std::to_string(rec.line);
    if (rec.fields.size() != header.fields.size())
      throw std::runtime_error(where + ": " + std::to_string(rec.fields.size()) + " fields, but the header has " +
                               std::to_string(header.fields.size()) + " (a stray comma, or a field that needs quotes?)");
    bool nested = false;
    for (std::size_t c = 0; c < kinds.size(); ++c) nested = nested || (kinds[c] != Kind::text && !rec.fields[c].empty());
    if (!nested) {  // the common case: text cells straight into the object, no JSON round trip
      EntityRow row{where, {mcp::json::object(), {}}};
      for (std::size_t c = 0; c < kinds.size(); ++c)
        if (!rec.fields[c].empty()) row.parsed.value[header.fields[c]] = rec.fields[c];
      each(row);
      continue;
    }
    // Typed or nested cells: build the row's JSON text and parse it once, so
    // fractions inside nested values keep their lexemes at the right pointers.
    std::string object = "{";
    for (std::size_t c = 0; c < kinds.size(); ++c) {
      const std::string& cell = rec.fields[c];
      if (cell.empty()) continue;
      if (object.size() > 1) object += ',';
      object += mcp::json(header.fields[c]).dump() + ':';
      if (kinds[c] == Kind::text) {
        object += mcp::json(cell).dump();
      } else {
        std::string cell_error;
        if (!mcp::parse_line(cell, cell_error))
          throw std::runtime_error(where + ": column \"" + header.fields[c] + "\": not JSON (" + cell_error + ")");
        object += cell;
      }
    }
    object += '}';
    EntityRow row{where, parse_object(object, where)};
    each(row);
  }
  if (!error.empty()) throw std::runtime_error(error);
}

}  // namespace tally::transfer
