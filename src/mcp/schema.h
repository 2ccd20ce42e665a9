#pragma once
// A tool's parameters are declared once, as a table of Fields. The same table
// becomes the JSON Schema `tools/list` shows and drives the validator that
// checks (and fills defaults into) the arguments of every call.
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"

namespace tally::mcp::schema {

class Field {
 public:
  Field(std::string name, json schema) : name_(std::move(name)), schema_(std::move(schema)) {}

  Field& required() { required_ = true; return *this; }
  Field& describe(const std::string& text) { schema_["description"] = text; return *this; }
  Field& min(double v) { set_number("minimum", v); return *this; }
  Field& max(double v) { set_number("maximum", v); return *this; }
  Field& min_length(int n) { schema_["minLength"] = n; return *this; }
  Field& max_length(int n) { schema_["maxLength"] = n; return *this; }
  Field& min_items(int n) { schema_["minItems"] = n; return *this; }
  Field& max_items(int n) { schema_["maxItems"] = n; return *this; }
  Field& def(json value) { schema_["default"] = std::move(value); return *this; }
  /// Also accepts JSON null (for "null clears it" parameters).
  Field& nullable();

  const std::string& name() const { return name_; }
  bool is_required() const { return required_; }
  const json& schema() const { return schema_; }

 private:
  void set_number(const char* key, double v);
  std::string name_;
  json schema_;
  bool required_ = false;
};

Field string(std::string name);
Field integer(std::string name);
Field number(std::string name);
Field boolean(std::string name);
Field enumeration(std::string name, std::initializer_list<const char*> values);
/// A calendar date, YYYY-MM-DD, checked to exist (2025-02-30 is refused).
Field date(std::string name);
/// An ISO 8601 date-time such as 2026-01-31T12:00:00Z.
Field datetime(std::string name);
/// An exact decimal amount: a string such as "12.50" or a JSON number, never read as a double.
Field decimal(std::string name);
Field array(std::string name, json item_schema);
Field object(std::string name, std::vector<Field> fields);

/// The schema of an object with exactly these properties (additionalProperties: false).
json object_schema(const std::vector<Field>& fields);

/// Validates `value` against `schema`, inserting declared defaults for absent
/// properties. Returns a message naming the field and the rule, e.g.
/// `limit: must be at most 500 (got 900)`, or nullopt when valid.
std::optional<std::string> validate(const json& schema, json& value);

/// Characters (code points) in UTF-8 text, as minLength/maxLength count them.
std::size_t code_points(std::string_view utf8);

}  // namespace tally::mcp::schema
