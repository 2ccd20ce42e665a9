#include "oauth/token_store.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "temp_dir.h"

using namespace tally::bridge::oauth;
namespace fs = std::filesystem;

namespace {
mode_t mode_of(const fs::path& p) {
  struct stat st {};
  stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

StoreEntry sample(const std::string& issuer, const std::string& token) {
  StoreEntry e;
  e.server_url = "https://mcp.example/mcp";
  e.issuer = issuer;
  e.resource = "https://mcp.example/mcp";
  e.as.token_endpoint = issuer + "/token";
  TokenSet t;
  t.access_token = token;
  t.refresh_token = "refresh-" + token;
  t.expires_at = 2000000000;
  t.issuer = issuer;
  e.tokens = t;
  e.client = ClientInfo{"cid", "", "none", {"http://localhost:1/cb"}, "dcr", issuer};
  return e;
}
}  // namespace

TEST_CASE("folders are 0700 and files 0600, even under a permissive umask") {
  TempDir tmp;
  mode_t old = umask(0);
  TokenStore store(tmp.path / "state");
  std::string error;
  REQUIRE(store.save(sample("https://as.example", "tok-1"), error));
  umask(old);
  CHECK(mode_of(tmp.path / "state") == 0700);
  for (const auto& item : fs::recursive_directory_iterator(tmp.path / "state")) {
    if (item.is_directory()) {
      CHECK_MESSAGE(mode_of(item.path()) == 0700, item.path());
    } else if (item.path().extension() == ".json") {
      CHECK_MESSAGE(mode_of(item.path()) == 0600, item.path());
    }
  }
}

TEST_CASE("a folder found with loose permissions is tightened") {
  TempDir tmp;
  fs::create_directories(tmp.path / "state");
  chmod((tmp.path / "state").c_str(), 0755);
  TokenStore store(tmp.path / "state");
  std::string error;
  REQUIRE(store.prepare(error));
  CHECK(mode_of(tmp.path / "state") == 0700);
}

TEST_CASE("round trip, keyed by server, resource option and issuer") {
  TempDir tmp;
  TokenStore store(tmp.path);
  std::string error;
  REQUIRE(store.save(sample("https://as-one.example", "tok-1"), error));
  auto loaded = store.load("https://mcp.example/mcp", "");
  REQUIRE(loaded);
  CHECK(loaded->tokens->access_token == "tok-1");
  CHECK(loaded->client->client_id == "cid");
  CHECK(loaded->as.token_endpoint == "https://as-one.example/token");
  CHECK_FALSE(store.load("https://mcp.example/mcp", "https://other-resource"));
  CHECK_FALSE(store.load("https://mcp.example/other", ""));
  // The server moves to another AS: its entry is separate, the old client is not reused.
  REQUIRE(store.save(sample("https://as-two.example", "tok-2"), error));
  loaded = store.load("https://mcp.example/mcp", "");
  CHECK(loaded->issuer == "https://as-two.example");
  CHECK(loaded->tokens->access_token == "tok-2");
  CHECK(store.list().size() == 1);
}

TEST_CASE("writes are atomic renames: no temporary files are left behind") {
  TempDir tmp;
  TokenStore store(tmp.path);
  std::string error;
  for (int i = 0; i < 20; ++i) REQUIRE(store.save(sample("https://as.example", "tok-" + std::to_string(i)), error));
  for (const auto& item : fs::recursive_directory_iterator(tmp.path)) {
    CHECK(item.path().filename().string().find(".tmp-") == std::string::npos);
  }
  CHECK(store.load("https://mcp.example/mcp", "")->tokens->access_token == "tok-19");
}

TEST_CASE("logout forgets one server or all; the issuer's resource choice is remembered") {
  TempDir tmp;
  TokenStore store(tmp.path);
  std::string error;
  REQUIRE(store.save(sample("https://as.example", "tok"), error));
  StoreEntry other = sample("https://as.example", "tok-b");
  other.server_url = "https://b.example/mcp";
  REQUIRE(store.save(other, error));
  CHECK(store.list().size() == 2);
  CHECK(store.remove("https://mcp.example/mcp") == 1);
  CHECK_FALSE(store.load("https://mcp.example/mcp", ""));
  CHECK(store.load("https://b.example/mcp", ""));
  CHECK_FALSE(store.omits_resource("https://as.example"));
  REQUIRE(store.remember_omit_resource("https://as.example", error));
  CHECK(store.omits_resource("https://as.example"));
  CHECK(store.remove_all() == 1);
  CHECK(store.list().empty());
}

TEST_CASE("token expiry margin: a tenth of the lifetime, at most a minute") {
  TokenSet t;
  t.access_token = "x";
  t.issued_at = 1000;
  t.expires_at = 1000 + 3600;
  CHECK_FALSE(t.expiring(false, 1000 + 3600 - 61));
  CHECK(t.expiring(false, 1000 + 3600 - 59));
  t.expires_at = 1000 + 20;
  CHECK_FALSE(t.expiring(false, 1017));
  CHECK(t.expiring(false, 1018));
  t.expires_at = 0;
  CHECK_FALSE(t.expiring(false, 99999999));
}
