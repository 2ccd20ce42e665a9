#include "cli_options.h"

#include <map>

#include <doctest/doctest.h>

using namespace tally::bridge;

namespace {
ParseResult parse(std::vector<const char*> args, BridgeOptions& o,
                  std::map<std::string, std::string> vars = {}) {
  args.insert(args.begin(), "tally-bridge");
  EnvLookup env = [vars](const std::string& n) -> std::optional<std::string> {
    auto it = vars.find(n);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  return parse_command_line(static_cast<int>(args.size()), args.data(), o, {}, env);
}
}  // namespace

TEST_CASE("an mcp-remote style command line parses") {
  BridgeOptions o;
  auto r = parse({"https://trcker.io/api/mcp", "3334", "--header", "Authorization:${AUTH}", "--header",
                  "X-Brand: b1", "--transport", "sse-first", "--ignore-tool", "delete_*", "--ignore-tool",
                  "pause_*", "--silent"},
                 o, {{"AUTH", "Bearer t"}});
  REQUIRE(r.outcome == ParseOutcome::run);
  CHECK(o.server_url == "https://trcker.io/api/mcp");
  REQUIRE(o.callback_port);
  CHECK(*o.callback_port == 3334);
  REQUIRE(o.headers.size() == 2);
  CHECK(o.headers[0].value == "Bearer t");
  CHECK(o.transport == TransportStrategy::sse_first);
  CHECK(o.ignore_tools.size() == 2);
  CHECK(o.silent);
  CHECK_FALSE(o.debug);
}

TEST_CASE("flags may come before the URL and the port is optional") {
  BridgeOptions o;
  auto r = parse({"--header", "A: b", "https://x.example/mcp", "--debug"}, o, {{"HOME", "/home/u"}});
  REQUIRE(r.outcome == ParseOutcome::run);
  CHECK(o.server_url == "https://x.example/mcp");
  CHECK_FALSE(o.callback_port);
  CHECK(o.debug);
  CHECK(o.log_file == "/home/u/.local/state/tally-bridge/debug.log");
}

TEST_CASE("--protocol picks the upstream era; auto by default") {
  BridgeOptions a, l, m, bad;
  CHECK(parse({"https://x.example/mcp"}, a).outcome == ParseOutcome::run);
  CHECK(a.protocol == ProtocolMode::automatic);
  CHECK(parse({"https://x.example/mcp", "--protocol", "legacy"}, l).outcome == ParseOutcome::run);
  CHECK(l.protocol == ProtocolMode::legacy);
  CHECK(parse({"https://x.example/mcp", "--protocol", "modern"}, m).outcome == ParseOutcome::run);
  CHECK(m.protocol == ProtocolMode::modern);
  CHECK(parse({"https://x.example/mcp", "--protocol", "2026"}, bad).outcome == ParseOutcome::exit_usage);
}

TEST_CASE("unknown flags, bad values and plain http are usage errors") {
  BridgeOptions o1, o2, o3, o4;
  auto r = parse({"https://x.example/mcp", "--frobnicate"}, o1);
  CHECK(r.outcome == ParseOutcome::exit_usage);
  CHECK(r.message.find("--frobnicate") != std::string::npos);
  CHECK(r.message.find("usage: tally-bridge") != std::string::npos);
  CHECK(parse({"https://x.example/mcp", "--transport", "websocket"}, o2).outcome == ParseOutcome::exit_usage);
  auto h = parse({"http://x.example/mcp"}, o3);
  CHECK(h.outcome == ParseOutcome::exit_usage);
  CHECK(h.message.find("--allow-http") != std::string::npos);
  auto e = parse({"https://x.example/mcp", "--header", "Authorization: ${NOPE}"}, o4);
  CHECK(e.message.find("tally-bridge: --header: header Authorization: environment variable NOPE is not set") == 0);
}

TEST_CASE("--help and --version exit cleanly") {
  BridgeOptions o;
  auto r = parse({"--help"}, o);
  CHECK(r.outcome == ParseOutcome::exit_ok);
  CHECK(r.message.find("--ignore-tool") != std::string::npos);
  CHECK(parse({"--version"}, o).outcome == ParseOutcome::exit_ok);
}
