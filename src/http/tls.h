#pragma once
// Internal: OpenSSL contexts for the server and the outbound client.

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace tally::http::detail {

/// A TLS 1.2+ server context from PEM files. Throws std::runtime_error naming
/// the file and OpenSSL's reason when one cannot be read or they do not match.
std::unique_ptr<boost::asio::ssl::context> make_server_tls(const std::string& cert_file,
                                                           const std::string& key_file);

/// A client context that verifies peers against the system's CA store and,
/// when `extra_ca_file` is set, that PEM file too.
std::unique_ptr<boost::asio::ssl::context> make_client_tls(const std::string& extra_ca_file);

}  // namespace tally::http::detail
