#pragma once
// Sign-in for tally-bridge (issue 5). The relay only sees AuthProvider.
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "auth_provider.h"
#include "http_settings.h"

namespace tally::bridge::oauth {

/// Everything the OAuth flags set; filled by add_oauth_options.
struct OAuthOptions {
  std::string static_client_info;  ///< --static-oauth-client-info JSON or @file
  std::string client_metadata_url; ///< --client-metadata-url
  std::string resource;            ///< --resource
  bool disable_resource = false;   ///< --disable-resource-parameter / --no-resource
  std::string host = "localhost";  ///< --host (redirect URI host)
  std::string callback_path = "/oauth/callback";
};

/// Registers the OAuth flags on the bridge's command line.
void add_oauth_options(CLI::App& app, OAuthOptions& options);

/// The provider the relay uses for `server_url`. Never opens a browser by itself:
/// only on_challenge (or stored tokens) start a sign-in.
std::unique_ptr<AuthProvider> make_auth_provider(const OAuthOptions& options,
                                                 const std::string& server_url,
                                                 std::optional<int> callback_port,
                                                 const HttpSettings& http);

/// `tally-bridge login|logout|status …`: argv[1] is the subcommand. Returns the exit code.
int run_command(int argc, char** argv);

}  // namespace tally::bridge::oauth
