// One exchange as a coroutine on a private io_context; a deadline timer closes
// the socket when the time is up, which ends whatever step is pending.

#include "http/client.h"

#include <optional>

#include <fmt/format.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "http/tls.h"
#include "http/url.h"

namespace tally::http {
namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using net::use_awaitable;

constexpr std::uint32_t kMaxResponseHeaderBytes = 64 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool has(const Headers& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers)
    if (lower(name) == lower_name) return true;
  return false;
}

struct Exchange {
  const Url& url;
  std::string_view method;
  const Headers& headers;
  std::string_view body;
  const FetchOptions& options;
  FetchResponse response;
};

bhttp::request<bhttp::string_body> build_request(const Exchange& x) {
  bhttp::request<bhttp::string_body> request;
  request.version(11);
  auto verb = bhttp::string_to_verb(x.method);
  if (verb == bhttp::verb::unknown)
    request.method_string(x.method);
  else
    request.method(verb);
  request.target(x.url.target);
  if (!has(x.headers, "host")) request.set(bhttp::field::host, x.url.authority());
  if (!has(x.headers, "user-agent")) request.set(bhttp::field::user_agent, "tally");
  for (const auto& [name, value] : x.headers) request.insert(name, value);
  request.body() = std::string(x.body);
  if (!x.body.empty() || x.method == "POST" || x.method == "PUT" || x.method == "PATCH")
    request.prepare_payload();
  request.keep_alive(false);
  return request;
}

template <class Stream>
net::awaitable<void> talk(Stream& stream, Exchange& x) {
  auto request = build_request(x);
  co_await bhttp::async_write(stream, request, use_awaitable);
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxResponseHeaderBytes);
  parser.body_limit(x.options.max_response_bytes);
  if (x.method == "HEAD") parser.skip(true);
  co_await bhttp::async_read(stream, buffer, parser, use_awaitable);
  auto& message = parser.get();
  x.response.status = message.result_int();
  for (const auto& field : message)
    x.response.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  x.response.body = std::move(message.body());
}

net::awaitable<void> run(Exchange& x, tcp::socket& socket, net::ssl::context* tls) {
  tcp::resolver resolver(socket.get_executor());
  auto endpoints = co_await resolver.async_resolve(x.url.host, x.url.port, use_awaitable);
  co_await net::async_connect(socket, endpoints, use_awaitable);
  if (!tls) {
    co_await talk(socket, x);
    co_return;
  }
  net::ssl::stream<tcp::socket&> stream(socket, *tls);
  // SNI, and the certificate must name this host (or IP address).
  if (!SSL_set_tlsext_host_name(stream.native_handle(), x.url.host.c_str()))
    throw FetchError("cannot set the TLS server name");
  stream.set_verify_callback(net::ssl::host_name_verification(x.url.host));
  co_await stream.async_handshake(net::ssl::stream_base::client, use_awaitable);
  co_await talk(stream, x);
}

}  // namespace

FetchResponse fetch(std::string_view url_text, std::string_view method, const Headers& headers,
                    std::string_view body, std::chrono::milliseconds timeout,
                    const FetchOptions& options) {
  std::string why;
  auto url = parse_url(url_text, &why);
  if (!url)
    throw FetchError(
        fmt::format("cannot fetch '{}': {}", url_text.substr(0, url_text.find('?')), why));
  const std::string what = fmt::format("{} {}", method, url->redacted());

  std::unique_ptr<net::ssl::context> tls;
  if (url->scheme == "https") {
    try {
      tls = detail::make_client_tls(options.ca_file);
    } catch (const std::exception& e) {
      throw FetchError(fmt::format("{}: {}", what, e.what()));
    }
  }

  net::io_context io;
  tcp::socket socket(io);
  net::steady_timer deadline(io, timeout);
  bool timed_out = false;
  deadline.async_wait([&](boost::system::error_code ec) {
    if (ec) return;
    timed_out = true;
    boost::system::error_code ignored;
    socket.close(ignored);
  });

  Exchange x{*url, method, headers, body, options, {}};
  std::exception_ptr failure;
  net::co_spawn(io, run(x, socket, tls.get()), [&](std::exception_ptr e) {
    failure = e;
    deadline.cancel();
  });
  io.run();

  if (timed_out)
    throw FetchError(fmt::format("{}: no response within {} ms", what, timeout.count()));
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const FetchError&) {
      throw;
    } catch (const boost::system::system_error& e) {
      if (e.code() == bhttp::error::body_limit)
        throw FetchError(
            fmt::format("{}: response body over {} bytes", what, options.max_response_bytes));
      throw FetchError(fmt::format("{}: {}", what, e.code().message()));
    } catch (const std::exception& e) {
      throw FetchError(fmt::format("{}: {}", what, e.what()));
    }
  }
  return std::move(x.response);
}

}  // namespace tally::http
