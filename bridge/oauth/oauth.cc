// Placeholder until issue 5 lands: no credentials, every challenge fails clearly.
#include "oauth/oauth.h"

#include <cstdio>

namespace tally::bridge::oauth {
namespace {
class NoAuth final : public AuthProvider {
 public:
  std::string authorization() override { return {}; }
  bool on_challenge(int status, const std::vector<std::string>&, std::string& error) override {
    error = "the server asked for sign-in (HTTP " + std::to_string(status) +
            "), which this build of tally-bridge cannot do yet; pass a token with --header";
    return false;
  }
};
}  // namespace

void add_oauth_options(CLI::App&, OAuthOptions&) {}

std::unique_ptr<AuthProvider> make_auth_provider(const OAuthOptions&, const std::string&,
                                                 std::optional<int>, const HttpSettings&) {
  return std::make_unique<NoAuth>();
}

int run_command(int, char** argv) {
  std::fprintf(stderr, "tally-bridge %s: not available yet\n", argv[1]);
  return 2;
}
}  // namespace tally::bridge::oauth
