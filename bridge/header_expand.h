#pragma once
// User-supplied request headers: `--header "Name: value"` and `--header-file`,
// with `${VAR}` taken from the environment so secrets stay out of argv (the
// mcp-remote `Authorization:${AUTH_HEADER}` idiom works unchanged).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::bridge {

struct Header {
  std::string name;
  std::string value;
};

/// Looks a variable up; std::nullopt when unset. Defaults to std::getenv.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

/// Replaces each `${NAME}` with the variable's value. An unset variable is an
/// error (a silently empty Authorization header only shows up later as a 401).
bool expand_env(std::string_view text, const EnvLookup& env, std::string& out, std::string& error);

/// Parses "Name: value" (the space after ':' is optional), expands `${VAR}`
/// in the value and rejects names that are not HTTP tokens, CR/LF in values,
/// and the headers the relay itself manages.
bool parse_header(std::string_view spec, const EnvLookup& env, Header& out, std::string& error);

/// Reads one header per line; blank lines and lines starting with '#' are
/// skipped. An unreadable file is an error.
bool read_header_file(const std::string& path, const EnvLookup& env, std::vector<Header>& out,
                      std::string& error);

}  // namespace tally::bridge
