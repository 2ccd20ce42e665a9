#include "mcp/schema.h"

#include "util/calendar.h"

#include <algorithm>
#include <cmath>

namespace tally::mcp::schema {

void Field::set_number(const char* key, double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15)
    schema_[key] = static_cast<std::int64_t>(v);
  else
    schema_[key] = v;
}

Field& Field::nullable() {
  json& type = schema_["type"];
  if (type.is_string()) type = json::array({type, "null"});
  else if (type.is_array()) type.push_back("null");
  return *this;
}

Field string(std::string name) { return Field(std::move(name), {{"type", "string"}}); }
Field integer(std::string name) { return Field(std::move(name), {{"type", "integer"}}); }
Field number(std::string name) { return Field(std::move(name), {{"type", "number"}}); }
Field boolean(std::string name) { return Field(std::move(name), {{"type", "boolean"}}); }

Field enumeration(std::string name, std::initializer_list<const char*> values) {
  json list = json::array();
  for (const char* v : values) list.push_back(v);
  return Field(std::move(name), {{"type", "string"}, {"enum", std::move(list)}});
}

Field date(std::string name) {
  return Field(std::move(name), {{"type", "string"}, {"format", "date"}});
}

Field datetime(std::string name) {
  return Field(std::move(name), {{"type", "string"}, {"format", "date-time"}});
}

Field decimal(std::string name) {
  return Field(std::move(name), {{"type", json::array({"string", "number"})},
                                 {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}});
}

Field array(std::string name, json item_schema) {
  return Field(std::move(name), {{"type", "array"}, {"items", std::move(item_schema)}});
}

Field object(std::string name, std::vector<Field> fields) {
  return Field(std::move(name), object_schema(fields));
}

json object_schema(const std::vector<Field>& fields) {
  json properties = json::object();
  json required = json::array();
  for (const auto& f : fields) {
    properties[f.name()] = f.schema();
    if (f.is_required()) required.push_back(f.name());
  }
  json schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  return schema;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {

std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    case json::value_t::number_float: return "number";
    default: return "integer";
  }
}

/// A short rendering of a value for error messages; long or nested values are elided.
std::string show(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  std::string s = to_line(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string number_text(const json& v) {
  if (v.is_number_float()) {
    std::string s = v.dump();
    return s;
  }
  return v.dump();
}

bool type_matches(const std::string& type, json& v) {
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    if (v.is_number_integer()) return true;
    // 10.0 is an integer in JSON Schema; 10.5 is not.
    if (v.is_number_float()) {
      double d = v.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
        v = static_cast<std::int64_t>(d);
        return true;
      }
    }
    return false;
  }
  return true;
}

std::string describe_types(const json& type) {
  auto article = [](const std::string& t) {
    if (t == "integer" || t == "object" || t == "array") return "an " + t;
    if (t == "null") return std::string("null");
    return "a " + t;
  };
  if (type.is_string()) return article(type.get<std::string>());
  std::string out;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (i > 0) out += i + 1 == type.size() ? " or " : ", ";
    out += article(type[i].get<std::string>());
  }
  return out;
}

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::optional<std::string> check(const json& schema, json& v, const std::string& path) {
  const std::string where = path.empty() ? "arguments" : path;
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    if (t->is_string()) ok = type_matches(t->get<std::string>(), v);
    else
      for (const auto& alt : *t)
        if (type_matches(alt.get<std::string>(), v)) { ok = true; break; }
    if (!ok) {
      std::string msg = where + ": must be " + describe_types(*t);
      if (t->is_string() && *t == "integer" && v.is_number_float())
        msg = where + ": must be a whole number (got " + number_text(v) + ")";
      else
        msg += " (got " + type_name(v) + (v.is_object() || v.is_array() ? "" : " " + show(v)) + ")";
      return msg;
    }
  }
  if (v.is_null()) return std::nullopt;
  if (auto e = schema.find("enum"); e != schema.end()) {
    if (std::find(e->begin(), e->end(), v) == e->end()) {
      std::string options;
      for (const auto& o : *e) options += (options.empty() ? "" : ", ") + to_line(o);
      return where + ": must be one of " + options + " (got " + show(v) + ")";
    }
  }
  if (v.is_number()) {
    if (auto m = schema.find("minimum"); m != schema.end() && v.get<double>() < m->get<double>())
      return where + ": must be at least " + m->dump() + " (got " + number_text(v) + ")";
    if (auto m = schema.find("maximum"); m != schema.end() && v.get<double>() > m->get<double>())
      return where + ": must be at most " + m->dump() + " (got " + number_text(v) + ")";
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    std::size_t n = code_points(s);
    if (auto m = schema.find("minLength"); m != schema.end() && n < m->get<std::size_t>())
      return where + (m->get<int>() == 1 ? ": must not be empty"
                                         : ": must be at least " + m->dump() + " characters long");
    if (auto m = schema.find("maxLength"); m != schema.end() && n > m->get<std::size_t>())
      return where + ": must be at most " + m->dump() + " characters (got " + std::to_string(n) + ")";
    if (auto f = schema.find("format"); f != schema.end()) {
      if (*f == "date" && !util::is_real_date(s)) return where + ": " + show(v) + " " + util::date_problem(s);
      if (*f == "date-time" && !util::is_datetime(s)) return where + ": " + show(v) + " " + util::datetime_problem(s);
    }
  }
  if (v.is_array()) {
    if (auto m = schema.find("minItems"); m != schema.end() && v.size() < m->get<std::size_t>())
      return where + ": must have at least " + m->dump() + " item" + (*m == 1 ? "" : "s");
    if (auto m = schema.find("maxItems"); m != schema.end() && v.size() > m->get<std::size_t>())
      return where + ": must have at most " + m->dump() + " items (got " + std::to_string(v.size()) + ")";
    if (auto items = schema.find("items"); items != schema.end())
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto err = check(*items, v[i], where + "[" + std::to_string(i) + "]")) return err;
  }
  if (v.is_object()) {
    const json* props = nullptr;
    if (auto p = schema.find("properties"); p != schema.end()) props = &*p;
    if (auto r = schema.find("required"); r != schema.end())
      for (const auto& name : *r)
        if (!v.contains(name.get<std::string>()))
          return join_path(path, name.get<std::string>()) + ": is required";
    if (auto ap = schema.find("additionalProperties"); ap != schema.end() && *ap == false)
      for (const auto& [key, _] : v.items())
        if (props == nullptr || !props->contains(key))
          return join_path(path, key) + ": is not a parameter here" +
                 (props && !props->empty() ? " (expected " + [&] {
                   std::string names;
                   for (const auto& [k, __] : props->items()) names += (names.empty() ? "" : ", ") + k;
                   return names;
                 }() + ")" : std::string(" (this takes none)"));
    if (props)
      for (const auto& [key, sub] : props->items()) {
        auto it = v.find(key);
        if (it == v.end()) {
          if (auto d = sub.find("default"); d != sub.end()) v[key] = *d;
          continue;
        }
        if (auto err = check(sub, *it, join_path(path, key))) return err;
      }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const json& schema, json& value) {
  return check(schema, value, "");
}

}  // namespace tally::mcp::schema
