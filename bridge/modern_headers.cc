#include "modern_headers.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <spdlog/spdlog.h>

#include "oauth/base64.h"

namespace tally::bridge {
namespace {

bool visible_ascii(unsigned char c) { return c >= 0x20 && c <= 0x7e; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// An RFC 9110 token: what a header name may be (no space, colon or control character).
bool header_token(std::string_view s) {
  static constexpr std::string_view kSpecials = "\"(),/:;<=>?@[\\]{}";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && kSpecials.find(static_cast<char>(c)) == std::string_view::npos;
  });
}

const nlohmann::json* find_object(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

std::string encode_header_value(std::string_view value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](char c) { return visible_ascii(static_cast<unsigned char>(c)); }) &&
                     (value.empty() || (value.front() != ' ' && value.back() != ' ')) &&
                     !(value.substr(0, 9) == "=?base64?" && value.size() >= 11 && value.substr(value.size() - 2) == "?=");
  if (plain) return std::string(value);
  return "=?base64?" + oauth::base64_encode(value) + "?=";
}

bool read_param_headers(const nlohmann::json& tool, ParamHeaders& out, std::string& why) {
  out.clear();
  const nlohmann::json* schema = find_object(tool, "inputSchema");
  const nlohmann::json* properties = schema ? find_object(*schema, "properties") : nullptr;
  if (!properties) return true;
  std::set<std::string> seen;
  for (const auto& [name, property] : properties->items()) {
    if (!property.is_object() || !property.contains("x-mcp-header")) continue;
    const auto& header = property["x-mcp-header"];
    if (!header.is_string() || header.get_ref<const std::string&>().empty()) {
      why = "property \"" + name + "\" has an empty or non-string x-mcp-header";
      return false;
    }
    const auto& text = header.get_ref<const std::string&>();
    if (!header_token(text)) {
      why = "x-mcp-header \"" + text + "\" is not a valid header name";
      return false;
    }
    const auto type = property.find("type");
    const bool primitive = type != property.end() && type->is_string() &&
                           (*type == "string" || *type == "integer" || *type == "boolean");
    if (!primitive) {
      why = "x-mcp-header \"" + text + "\" is on a property that is not a string, integer or boolean";
      return false;
    }
    if (!seen.insert(lower(text)).second) {
      why = "x-mcp-header \"" + text + "\" is used twice";
      return false;
    }
    out.emplace_back(text, name);
  }
  return true;
}

std::map<std::string, ParamHeaders> screen_tools(nlohmann::json& result) {
  std::map<std::string, ParamHeaders> designations;
  auto tools = result.find("tools");
  if (tools == result.end() || !tools->is_array()) return designations;
  nlohmann::json kept = nlohmann::json::array();
  for (auto& tool : *tools) {
    ParamHeaders params;
    std::string why;
    const std::string name = tool.is_object() && tool.contains("name") && tool["name"].is_string()
                                 ? tool["name"].get<std::string>()
                                 : std::string();
    if (!read_param_headers(tool, params, why)) {
      spdlog::warn("tool \"{}\" hidden: {}", name, why);
      continue;
    }
    if (!params.empty()) designations.emplace(name, std::move(params));
    kept.push_back(std::move(tool));
  }
  *tools = std::move(kept);
  return designations;
}

void add_modern_headers(HeaderList& headers, const nlohmann::json& message, const ParamHeaders* params) {
  const nlohmann::json* p = find_object(message, "params");
  const nlohmann::json* meta = p ? find_object(*p, "_meta") : nullptr;
  std::string version(kModernVersion);
  if (meta) {
    auto v = meta->find(kMetaVersion);
    if (v != meta->end() && v->is_string()) version = v->get<std::string>();
  }
  headers.add("MCP-Protocol-Version", version);
  auto method = message.find("method");
  if (method == message.end() || !method->is_string()) return;
  const auto& m = method->get_ref<const std::string&>();
  headers.add("Mcp-Method", encode_header_value(m));
  if (!p) return;
  const char* name_key = m == "resources/read" ? "uri" : (m == "tools/call" || m == "prompts/get") ? "name" : nullptr;
  if (name_key) {
    auto n = p->find(name_key);
    if (n != p->end() && n->is_string()) headers.add("Mcp-Name", encode_header_value(n->get_ref<const std::string&>()));
  }
  if (!params || m != "tools/call") return;
  const nlohmann::json* args = find_object(*p, "arguments");
  if (!args) return;
  for (const auto& [header, arg] : *params) {
    auto v = args->find(arg);
    if (v == args->end() || v->is_null()) continue;  // null or absent: no header
    std::string text;
    if (v->is_string()) text = encode_header_value(v->get_ref<const std::string&>());
    else if (v->is_boolean()) text = v->get<bool>() ? "true" : "false";
    else if (v->is_number()) text = v->dump();
    else continue;  // not the declared primitive: the server rejects the call itself
    headers.add("Mcp-Param-" + header, text);
  }
}

}  // namespace tally::bridge
