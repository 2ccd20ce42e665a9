#pragma once
// Human messages from sign-in. stdout belongs to the relay's JSON-RPC stream, so
// everything goes to stderr, prefixed so hosts that show stderr can attribute it.
// Callers never pass tokens or secrets here.
#include <cstdio>
#include <string>

#include <fmt/core.h>

namespace tally::bridge::oauth {

template <typename... Args>
void notice(fmt::format_string<Args...> format, Args&&... args) {
  std::string line = "tally-bridge: " + fmt::format(format, std::forward<Args>(args)...) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tally::bridge::oauth
