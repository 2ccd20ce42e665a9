#include "config_command.h"

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.h"
#include "client_setup/config_command.h"
#include "client_setup/self_path.h"

namespace tally::bridge {

namespace {

constexpr const char* kHelp =
    "tally-bridge config: print, or merge into the client's config file, the entry that makes\n"
    "Claude Desktop or Cursor start tally-bridge for a remote MCP server.\n\n"
    "usage: tally-bridge config claude|cursor <server-url> [bridge flags] [--write] [--force]\n"
    "                          [--name NAME] [--file FILE]\n\n"
    "  <server-url> [bridge flags]  what the client will run the bridge with (see tally-bridge --help)\n"
    "  --write        merge the entry into the config file; other servers and settings are kept,\n"
    "                 the old file is kept as FILE.bak\n"
    "  --force        with --write: replace a different entry of the same name\n"
    "  --name NAME    the entry's name under mcpServers (default: the server's host name)\n"
    "  --file FILE    config file to write (default: the client's own)\n\n"
    "Without --write the JSON goes to stdout and the file it belongs in to stderr.\n"
    "Example:\n"
    "  tally-bridge config claude https://trcker.io/api/mcp --header-file ~/.config/tally-bridge/trcker.headers --write\n";

/// "https://trcker.io/api/mcp" → "trcker.io"
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of(":/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

int run_config_command(int argc, char** argv, const std::function<void(CLI::App&)>& extra_options) {
  client_setup::ConfigRequest request;
  request.program = "tally-bridge";
  std::vector<std::string> bridge_args;  // everything the entry will pass to the bridge, in order
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* flag) -> bool {
      if (arg == flag && i + 1 < argc) {
        (std::strcmp(flag, "--name") == 0 ? request.name : request.file) = argv[++i];
        return true;
      }
      return false;
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (arg == "--write") request.write = true;
    else if (arg == "--force") request.force = true;
    else if (value("--name") || value("--file")) continue;
    else if (request.client.empty()) request.client = arg;
    else bridge_args.push_back(arg);
  }
  if (request.client.empty() || bridge_args.empty()) {
    std::fprintf(stderr, "tally-bridge config: name the client and the server URL, for example\n"
                         "  tally-bridge config claude https://example.com/mcp --write\n");
    return 2;
  }

  // Check the flags now, with the bridge's own parser, rather than when the client starts it.
  std::vector<const char*> check_argv{"tally-bridge"};
  for (const auto& a : bridge_args) check_argv.push_back(a.c_str());
  BridgeOptions options;
  // ${VAR} in a header is the client's to expand (its "env" block), not this shell's.
  EnvLookup any_variable = [](const std::string&) { return std::optional<std::string>("set-by-the-client"); };
  ParseResult parsed = parse_command_line(static_cast<int>(check_argv.size()), check_argv.data(), options,
                                          extra_options, any_variable);
  if (parsed.outcome != ParseOutcome::run) {
    std::fprintf(stderr, "tally-bridge config: these flags would not start the bridge:\n%s", parsed.message.c_str());
    return 2;
  }
  if (request.name.empty()) request.name = host_of(options.server_url);
  request.entry = {{"command", client_setup::self_path("tally-bridge")}, {"args", bridge_args}};
  return client_setup::run_config(request);
}

}  // namespace tally::bridge
