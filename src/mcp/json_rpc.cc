#include "mcp/json_rpc.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "mcp/json_text.h"

namespace tally::mcp {

bool is_valid_id(const json& id) {
  return id.is_string() || id.is_number_integer();
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, ErrorCode code, const std::string& message, const json& data) {
  json error{{"code", static_cast<int>(code)}, {"message", message}};
  if (!data.is_null()) error["data"] = data;
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

json make_notification(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json make_request(const json& id, const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

namespace {

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Writes `object` as dump() would, except that the members `inner` claims are
// written by it (it returns false for the ones it leaves to dump()).
void append_object(std::string& out, const json& object,
                   const std::function<bool(std::string&, const std::string&, const json&)>& inner) {
  out.push_back('{');
  bool first = true;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!first) out.push_back(',');
    first = false;
    out += dump(json(it.key()));
    out.push_back(':');
    if (!inner(out, it.key(), *it)) out += dump(*it);
  }
  out.push_back('}');
}

// Writes `array` as dump() would, each element by `element`.
void append_array(std::string& out, const json& array, const std::function<void(std::string&, const json&)>& element) {
  out.push_back('[');
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i) out.push_back(',');
    element(out, array[i]);
  }
  out.push_back(']');
}

bool splice(std::string& out, const json& value) {
  const std::string* text = raw_text(value);
  if (text) out += *text;
  return text != nullptr;
}

// A tool result's raw_json values sit only at result.structuredContent and
// result.content[i].text of a response (alone or in a batch); only there are
// they spliced, so no client-supplied value is ever written unserialised.
bool has_raw_result(const json& message) {
  if (!message.is_object()) return false;
  auto result = message.find("result");
  if (result == message.end() || !result->is_object()) return false;
  auto sc = result->find("structuredContent");
  if (sc != result->end() && raw_text(*sc)) return true;
  auto content = result->find("content");
  if (content == result->end() || !content->is_array()) return false;
  return std::any_of(content->begin(), content->end(), [](const json& block) {
    auto text = block.is_object() ? block.find("text") : block.end();
    return text != block.end() && raw_text(*text) != nullptr;
  });
}

void append_content(std::string& out, const json& content) {
  append_array(out, content, [](std::string& o, const json& block) {
    if (!block.is_object()) {
      o += dump(block);
      return;
    }
    append_object(o, block, [](std::string& o2, const std::string& key, const json& v) {
      return key == "text" && splice(o2, v);
    });
  });
}

void append_message(std::string& out, const json& message) {
  if (!has_raw_result(message)) {
    out += dump(message);
    return;
  }
  append_object(out, message, [](std::string& o, const std::string& key, const json& result) {
    if (key != "result") return false;
    append_object(o, result, [](std::string& o2, const std::string& k, const json& v) {
      if (k == "structuredContent") return splice(o2, v);
      if (k == "content" && v.is_array()) {
        append_content(o2, v);
        return true;
      }
      return false;
    });
    return true;
  });
}

}  // namespace

std::string to_line(const json& message) {
  std::string out;
  if (message.is_array() && std::any_of(message.begin(), message.end(), has_raw_result))
    append_array(out, message, append_message);
  else
    append_message(out, message);
  return out;
}

}  // namespace tally::mcp
