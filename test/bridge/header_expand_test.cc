#include "header_expand.h"

#include <cstdio>
#include <fstream>
#include <map>

#include <doctest/doctest.h>

using namespace tally::bridge;

namespace {
EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("headers parse with or without a space and expand ${VAR}") {
  auto env = fake_env({{"AUTH_HEADER", "Bearer s3cret"}, {"KEY", "k1"}});
  Header h;
  std::string error;
  REQUIRE(parse_header("Authorization:${AUTH_HEADER}", env, h, error));
  CHECK(h.name == "Authorization");
  CHECK(h.value == "Bearer s3cret");
  REQUIRE(parse_header("X-Api-Key: pre-${KEY}-post", env, h, error));
  CHECK(h.value == "pre-k1-post");
}

TEST_CASE("bad headers are refused with a reason") {
  auto env = fake_env({});
  Header h;
  std::string error;
  CHECK_FALSE(parse_header("Authorization: ${MISSING}", env, h, error));
  CHECK(error == "header Authorization: environment variable MISSING is not set");
  CHECK_FALSE(parse_header("no colon here", env, h, error));
  CHECK(error == "expected \"Name: value\", got \"no colon here\"");
  CHECK_FALSE(parse_header("Bad Name: x", env, h, error));
  CHECK_FALSE(parse_header("Mcp-Session-Id: x", env, h, error));
  CHECK(error == "Mcp-Session-Id is set by tally-bridge itself and cannot be overridden");
}

TEST_CASE("header files skip comments and blank lines; a missing file is an error") {
  auto env = fake_env({{"TOKEN", "t"}});
  std::string path = "header_expand_test.headers";
  {
    std::ofstream out(path);
    out << "# comment\n\nAuthorization: Bearer ${TOKEN}\r\nX-Team: blue\n";
  }
  std::vector<Header> headers;
  std::string error;
  REQUIRE(read_header_file(path, env, headers, error));
  REQUIRE(headers.size() == 2);
  CHECK(headers[0].value == "Bearer t");
  CHECK(headers[1].name == "X-Team");
  std::remove(path.c_str());
  CHECK_FALSE(read_header_file(path, env, headers, error));
  CHECK(error == "cannot read header file header_expand_test.headers");
}
