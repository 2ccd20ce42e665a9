#include "upstream_error.h"

#include <nlohmann/json.hpp>

#include "server_url.h"

namespace tally::bridge {
namespace {

std::string host_of(const std::string& url) {
  UrlParts parts;
  std::string ignored;
  if (!parse_url(url, parts, ignored)) return url;
  return parts.host + ":" + parts.port;
}

// One readable line from a body: the JSON-RPC error message if there is one,
// else the first ~160 printable characters.
std::string snippet(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object()) {
    auto err = j.find("error");
    if (err != j.end()) {
      if (err->is_object() && err->contains("message") && (*err)["message"].is_string())
        return (*err)["message"].get<std::string>();
      if (err->is_string()) return err->get<std::string>();
    }
    if (j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();
  }
  std::string out;
  for (char c : body) {
    if (out.size() >= 160) {
      out += "…";
      break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 ? ' ' : c);
  }
  auto first = out.find_first_not_of(' ');
  return first == std::string::npos ? "" : out.substr(first);
}

std::string with_detail(std::string text, std::string_view body) {
  std::string s = snippet(body);
  if (!s.empty()) text += " (server said: " + s + ")";
  return text;
}

}  // namespace

std::string describe_transport_failure(CURLcode code, const std::string& curl_error,
                                       const std::string& url) {
  const std::string host = host_of(url);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return "tally-bridge: cannot connect to " + host + " (" + curl_error +
             "). Is the MCP server running, and are the host and port in " + url + " right?";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "tally-bridge: cannot resolve the host name in " + url +
             ". Check the URL's spelling and your network or DNS.";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "tally-bridge: cannot resolve the proxy host (" + curl_error +
             "). Check HTTPS_PROXY / HTTP_PROXY, or set NO_PROXY for this host.";
    case CURLE_OPERATION_TIMEDOUT:
      return "tally-bridge: timed out talking to " + host + " (" + curl_error +
             "). Check that the server is reachable from here (VPN, firewall, proxy).";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return "tally-bridge: TLS with " + host + " failed (" + curl_error +
             "). If a corporate proxy or VPN inspects TLS, pass its CA certificate with --ca-file "
             "FILE.";
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return "tally-bridge: the connection to " + host +
             " broke before the response was complete (" + curl_error +
             "). Try again; if it keeps happening, check the server's logs.";
    case CURLE_SEND_FAIL_REWIND:
      return "tally-bridge: the connection to " + host +
             " closed after the request was sent and before any answer. It may have run on the "
             "server, so "
             "tally-bridge does not send it again; check whether it took effect before retrying.";
    default:
      return "tally-bridge: the request to " + url + " failed (" + curl_error + ").";
  }
}

std::string describe_http_status(long status, std::string_view content_type, std::string_view body,
                                 const std::string& url) {
  (void)content_type;
  const std::string code = "HTTP " + std::to_string(status);
  if (status >= 500)
    return with_detail("tally-bridge: the server at " + url + " failed with " + code, body) +
           ". This is a problem on the server's side; try again later.";
  if (status == 404)
    return with_detail("tally-bridge: the server answered " + code + " for " + url, body) +
           ". Check the URL's path (MCP endpoints are often /mcp).";
  if (status == 401 || status == 403)
    return with_detail("tally-bridge: the server refused access with " + code, body) +
           ". Check the credentials given with --header, or sign in with `tally-bridge login " +
           url + "`.";
  return with_detail("tally-bridge: the server rejected the request with " + code, body) + ".";
}

std::string describe_bad_body(long status, std::string_view content_type, std::string_view body,
                              const std::string& url) {
  std::string type =
      content_type.empty() ? "no content type" : "content type " + std::string(content_type);
  std::string text = "tally-bridge: the server answered HTTP " + std::to_string(status) + " with " +
                     type + ", not a JSON-RPC message";
  std::string s = snippet(body);
  if (!s.empty()) text += " (body starts: " + s + ")";
  return text + ". Check that " + url + " is the server's MCP endpoint.";
}

std::string jsonrpc_error(std::string_view raw_id, int code, std::string_view message) {
  std::string out = R"({"jsonrpc":"2.0","id":)";
  out.append(raw_id.empty() ? std::string_view("null") : raw_id);
  out.append(R"(,"error":{"code":)");
  out.append(std::to_string(code));
  out.append(R"(,"message":)");
  out.append(nlohmann::json(std::string(message))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out.append("}}");
  return out;
}

}  // namespace tally::bridge
