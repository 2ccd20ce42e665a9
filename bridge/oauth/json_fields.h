#pragma once
// Lenient readers for metadata documents: a field of the wrong type counts as absent.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tally::bridge::oauth {

inline std::string string_field(const nlohmann::json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::vector<std::string> string_list(const nlohmann::json& doc, const char* name) {
  std::vector<std::string> out;
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

inline bool contains(const std::vector<std::string>& list, const std::string& value) {
  for (const auto& v : list) {
    if (v == value) return true;
  }
  return false;
}

}  // namespace tally::bridge::oauth
