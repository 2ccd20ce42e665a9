#include "oauth/secret_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tally::bridge::oauth {
namespace {
std::optional<std::string> expand_env(const std::string& text, std::string& error) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t start = text.find("${", pos);
    if (start == std::string::npos) break;
    size_t end = text.find('}', start + 2);
    if (end == std::string::npos) break;
    std::string name = text.substr(start + 2, end - start - 2);
    const char* value = std::getenv(name.c_str());
    if (!value) {
      error = "environment variable " + name + " is not set";
      return std::nullopt;
    }
    out += text.substr(pos, start - pos);
    out += value;
    pos = end + 1;
  }
  out += text.substr(pos);
  return out;
}
}  // namespace

bool is_indirect(const std::string& value) {
  return (!value.empty() && value[0] == '@') || value.find("${") != std::string::npos;
}

std::optional<std::string> resolve_secret(const std::string& value, std::string& error) {
  if (!value.empty() && value[0] == '@') {
    std::ifstream in(value.substr(1), std::ios::binary);
    if (!in) {
      error = "cannot read " + value.substr(1);
      return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
    return expand_env(content, error);
  }
  return expand_env(value, error);
}

}  // namespace tally::bridge::oauth
