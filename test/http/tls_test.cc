// HTTPS on the server's port with a certificate the test makes, checked by
// the outbound client verifying against it.

#include <doctest/doctest.h>

#include <fstream>

#include "http/client.h"
#include "http/server.h"
#include "support.h"
#include "test_cert.h"

namespace tally::http::test {
namespace {

Router hello_router() {
  Router router;
  router.on_request = [](Request request, std::shared_ptr<Reply> reply) {
    reply->send(200, {{"Content-Type", "text/plain"}},
                std::string(request.tls ? "tls " : "plain ") + request.body);
  };
  return router;
}

TEST_CASE("HTTPS: a client that trusts the test CA gets the answer") {
  TestCert cert("localhost");
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.tls_cert = cert.cert_file;
  options.tls_key = cert.key_file;
  TestServer server(options, hello_router());
  const auto port = std::to_string(server.port());

  FetchOptions trust;
  trust.ca_file = cert.cert_file;
  auto by_ip = fetch("https://127.0.0.1:" + port + "/x", "POST", {}, "hi", kWait, trust);
  CHECK(by_ip.status == 200);
  CHECK(by_ip.body == "tls hi");
  auto by_name = fetch("https://localhost:" + port + "/x", "GET", {}, {}, kWait, trust);
  CHECK(by_name.body == "tls ");

  SUBCASE("without the CA the certificate is refused") {
    CHECK_THROWS_WITH_AS(fetch("https://127.0.0.1:" + port + "/x", "GET", {}, {}, kWait),
                         doctest::Contains("certificate verify failed"), FetchError);
  }
  SUBCASE("plain HTTP is not served on a TLS port") {
    RawClient client(server.port());
    REQUIRE(client.send(post("/x", "")));
    CHECK(client.wait_closed());
    CHECK(client.received().find("HTTP/1.1 200") == std::string::npos);
  }
}

TEST_CASE("HTTPS: a certificate for another name is refused") {
  TestCert cert("elsewhere.invalid");  // names elsewhere.invalid and 127.0.0.1
  auto log = std::make_shared<LogCapture>();
  auto options = test_options(log);
  options.tls_cert = cert.cert_file;
  options.tls_key = cert.key_file;
  TestServer server(options, hello_router());
  FetchOptions trust;
  trust.ca_file = cert.cert_file;
  CHECK_THROWS_AS(fetch("https://localhost:" + std::to_string(server.port()) + "/", "GET", {}, {},
                        kWait, trust),
                  FetchError);
}

TEST_CASE("TLS files that cannot be used are clear errors") {
  TestCert cert;
  TestCert other;
  auto log = std::make_shared<LogCapture>();
  Router router = hello_router();
  auto options = test_options(log);

  options.tls_cert = (cert.dir() / "missing.pem").string();
  options.tls_key = cert.key_file;
  CHECK_THROWS_WITH(Server(options, router),
                    ("TLS certificate '" + options.tls_cert + "': no such file").c_str());

  options.tls_cert = cert.cert_file;
  options.tls_key = "";
  CHECK_THROWS_WITH(Server(options, router), "TLS needs both a certificate and a key file");

  auto junk = (cert.dir() / "junk.pem").string();
  std::ofstream(junk) << "not a certificate\n";
  options.tls_cert = junk;
  options.tls_key = cert.key_file;
  CHECK_THROWS_WITH(
      Server(options, router),
      doctest::Contains(("TLS certificate (a PEM certificate chain) '" + junk + "': ").c_str()));

  options.tls_cert = cert.cert_file;
  options.tls_key = other.key_file;
  CHECK_THROWS_WITH(
      Server(options, router),
      ("TLS key '" + other.key_file + "' does not match the certificate '" + cert.cert_file + "'")
          .c_str());
}

}  // namespace
}  // namespace tally::http::test
