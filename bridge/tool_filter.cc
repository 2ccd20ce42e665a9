#include "tool_filter.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace tally::bridge {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with single-star backtracking: linear-ish, no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && eq(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const std::string* ToolFilter::match(std::string_view name) const {
  for (const auto& p : patterns_)
    if (glob_match(p, name)) return &p;
  return nullptr;
}

bool ToolFilter::filter_tools_list(std::string_view response, std::string& out) const {
  out.clear();
  auto msg = nlohmann::json::parse(response, nullptr, false);
  if (!msg.is_object()) return false;
  auto result = msg.find("result");
  if (result == msg.end() || !result->is_object()) return false;
  auto tools = result->find("tools");
  if (tools == result->end() || !tools->is_array()) return false;
  auto& list = *tools;
  auto before = list.size();
  for (auto it = list.begin(); it != list.end();) {
    auto name = it->is_object() ? it->find("name") : it->end();
    if (it->is_object() && name != it->end() && name->is_string() && match(name->get_ref<const std::string&>()))
      it = list.erase(it);
    else
      ++it;
  }
  if (list.size() == before) return false;
  out = msg.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return true;
}

std::string ToolFilter::tool_name_of_call(std::string_view request) {
  auto msg = nlohmann::json::parse(request, nullptr, false);
  if (!msg.is_object()) return {};
  auto params = msg.find("params");
  if (params == msg.end() || !params->is_object()) return {};
  auto name = params->find("name");
  if (name == params->end() || !name->is_string()) return {};
  return name->get<std::string>();
}

}  // namespace tally::bridge
