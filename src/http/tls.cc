#include "http/tls.h"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace tally::http::detail {
namespace {

namespace ssl = boost::asio::ssl;

void check_readable(const std::string& what, const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw std::runtime_error(fmt::format("TLS {} '{}': no such file", what, file));
}

[[noreturn]] void fail(const std::string& what, const std::string& file,
                       const boost::system::error_code& ec) {
  throw std::runtime_error(fmt::format("TLS {} '{}': {}", what, file, ec.message()));
}

}  // namespace

std::unique_ptr<ssl::context> make_server_tls(const std::string& cert_file,
                                              const std::string& key_file) {
  check_readable("certificate", cert_file);
  check_readable("key", key_file);
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  boost::system::error_code ec;
  if (context->use_certificate_chain_file(cert_file, ec))
    fail("certificate (a PEM certificate chain)", cert_file, ec);
  const bool loaded = !context->use_private_key_file(key_file, ssl::context::pem, ec);
  // OpenSSL checks the pair while loading the key; its words for that are obscure.
  const bool mismatch = !loaded && ec.message().find("mismatch") != std::string::npos;
  if (!loaded && !mismatch) fail("key (a PEM private key)", key_file, ec);
  if (mismatch || SSL_CTX_check_private_key(context->native_handle()) != 1)
    throw std::runtime_error(
        fmt::format("TLS key '{}' does not match the certificate '{}'", key_file, cert_file));
  return context;
}

std::unique_ptr<ssl::context> make_client_tls(const std::string& extra_ca_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  context->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (context->set_default_verify_paths(ec))
    throw std::runtime_error(fmt::format("cannot load the system's CA store: {}", ec.message()));
  if (!extra_ca_file.empty()) {
    check_readable("CA file", extra_ca_file);
    if (context->load_verify_file(extra_ca_file, ec)) fail("CA file", extra_ca_file, ec);
  }
  return context;
}

}  // namespace tally::http::detail
