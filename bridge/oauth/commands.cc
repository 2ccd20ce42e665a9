// `tally-bridge login URL`, `logout URL|--all`, `status`: sign-in housekeeping from a
// terminal. status prints to stdout (it is the command's output); it never shows a token.
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "oauth/oauth.h"
#include "oauth/oauth_provider.h"
#include "oauth/notice.h"
#include "tally_version.h"

namespace tally::bridge::oauth {
namespace {
std::string when(int64_t at) {
  if (!at) return "no expiry given";
  int64_t left = at - unix_now();
  char stamp[32];
  std::time_t t = std::time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (left <= 0) return std::string("expired ") + stamp;
  std::string rel = left >= 3600 ? std::to_string(left / 3600) + "h" + std::to_string(left % 3600 / 60) + "m"
                                 : std::to_string(left / 60) + "m" + std::to_string(left % 60) + "s";
  return "expires in " + rel + " (" + stamp + ")";
}

int login(int argc, char** argv) {
  CLI::App app{"Sign in to an MCP server and keep the tokens for tally-bridge", "tally-bridge login"};
  std::string url;
  std::optional<int> port;
  OAuthOptions options;
  HttpSettings http;
  app.add_option("url", url, "MCP server URL")->required();
  app.add_option("callback-port", port, "Port of the sign-in redirect URI");
  app.add_option("--ca-file", http.ca_file, "Extra CA bundle (PEM)");
  app.add_flag("--allow-http", http.allow_http, "Allow plain http beyond localhost");
  add_oauth_options(app, options);
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  // Probe with an initialize: its 401 carries resource_metadata and scope.
  HttpClient client(http);
  nlohmann::json init = {{"jsonrpc", "2.0"},
                         {"id", "bridge-login"},
                         {"method", "initialize"},
                         {"params",
                          {{"protocolVersion", "2025-11-25"},
                           {"capabilities", nlohmann::json::object()},
                           {"clientInfo", {{"name", "tally-bridge"}, {"version", TALLY_VERSION}}}}}};
  HttpResponse probe = client.post(url, "application/json", init.dump(),
                                   {"Accept: application/json, text/event-stream"});
  std::vector<std::string> challenges;
  for (auto [it, end] = probe.headers.equal_range("www-authenticate"); it != end; ++it) {
    challenges.push_back(it->second);
  }
  if (probe.status == 0) {
    notice("cannot reach {}: {}", url, probe.error);
    return 1;
  }
  if (probe.ok() && !options.client_credentials) {
    notice("{} answered without asking for sign-in; nothing to do", url);
    return 0;
  }
  OAuthProvider provider(options, url, port, http, system_browser_opener(), TokenStore(TokenStore::default_root()));
  std::string error;
  if (!provider.sign_in_now(challenges, error)) {
    notice("{}", error);
    return 1;
  }
  notice("signed in; tokens kept in {}", TokenStore::default_root().string());
  return 0;
}

int logout(int argc, char** argv) {
  CLI::App app{"Forget the sign-in for a server (or all)", "tally-bridge logout"};
  std::string url;
  bool all = false;
  app.add_option("url", url, "MCP server URL");
  app.add_flag("--all", all, "Forget every server");
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (url.empty() == !all) {
    notice("usage: tally-bridge logout URL | --all");
    return 2;
  }
  TokenStore store(TokenStore::default_root());
  int removed = all ? store.remove_all() : store.remove(url);
  notice("forgot {} sign-in{}", removed, removed == 1 ? "" : "s");
  return 0;
}

int status(int argc, char** argv) {
  CLI::App app{"List the servers tally-bridge holds a sign-in for (never the tokens)", "tally-bridge status"};
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  TokenStore store(TokenStore::default_root());
  auto entries = store.list();
  if (entries.empty()) {
    std::printf("no sign-ins stored in %s\n", store.root().c_str());
    return 0;
  }
  for (const auto& e : entries) {
    std::printf("%s\n  issuer: %s\n", e.server_url.c_str(), e.issuer.c_str());
    if (e.tokens && !e.tokens->empty()) {
      std::printf("  token: %s; refresh: %s\n", when(e.tokens->expires_at).c_str(),
                  e.tokens->refresh_token.empty() ? "no" : "yes");
      if (!e.tokens->scope.empty()) std::printf("  scope: %s\n", e.tokens->scope.c_str());
    } else {
      std::printf("  token: none (signed out)\n");
    }
    if (e.client) std::printf("  client: %s (%s)\n", e.client->client_id.c_str(), e.client->source.c_str());
    if (e.resource.empty()) std::printf("  resource parameter: omitted\n");
  }
  return 0;
}
}  // namespace

int run_command(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "login") return login(argc, argv);
  if (command == "logout") return logout(argc, argv);
  if (command == "status") return status(argc, argv);
  notice("unknown command \"{}\" (login, logout, status)", command);
  return 2;
}

}  // namespace tally::bridge::oauth
