#pragma once
// Where flag values that may hold secrets come from, so none has to sit in argv (where
// `ps` shows it): "@FILE" reads a file, "${VAR}" inside a value expands from the
// environment (mcp-remote's forms), anything else is taken literally.
#include <optional>
#include <string>

namespace tally::bridge::oauth {

/// `value` resolved; nullopt with `error` set when a file is unreadable or a variable unset.
std::optional<std::string> resolve_secret(const std::string& value, std::string& error);

/// True when the value comes from a file or the environment rather than argv itself.
bool is_indirect(const std::string& value);

}  // namespace tally::bridge::oauth
