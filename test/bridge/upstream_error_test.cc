#include "upstream_error.h"

#include <nlohmann/json.hpp>
#include <doctest/doctest.h>

using namespace tally::bridge;

TEST_CASE("network failures name the host and the next step") {
  const std::string url = "https://mcp.example.com/mcp";
  CHECK(describe_transport_failure(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: mcp.example.com", url) ==
        "tally-bridge: cannot resolve the host name in https://mcp.example.com/mcp. Check the URL's spelling and "
        "your network or DNS.");
  CHECK(describe_transport_failure(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: self-signed certificate", url) ==
        "tally-bridge: TLS with mcp.example.com:443 failed (SSL certificate problem: self-signed certificate). If a "
        "corporate proxy or VPN inspects TLS, pass its CA certificate with --ca-file FILE.");
  CHECK(describe_transport_failure(CURLE_COULDNT_CONNECT, "Failed to connect", "http://127.0.0.1:9/mcp") ==
        "tally-bridge: cannot connect to 127.0.0.1:9 (Failed to connect). Is the MCP server running, and are the "
        "host and port in http://127.0.0.1:9/mcp right?");
}

TEST_CASE("HTTP statuses borrow the server's JSON-RPC error message") {
  CHECK(describe_http_status(503, "application/json", R"({"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"db down"}})",
                             "https://x.example/mcp") ==
        "tally-bridge: the server at https://x.example/mcp failed with HTTP 503 (server said: db down). This is a "
        "problem on the server's side; try again later.");
  CHECK(describe_http_status(404, "text/plain", "", "https://x.example/wrong") ==
        "tally-bridge: the server answered HTTP 404 for https://x.example/wrong. Check the URL's path (MCP endpoints "
        "are often /mcp).");
}

TEST_CASE("error responses keep the request's id and escape the message") {
  auto j = nlohmann::json::parse(jsonrpc_error(R"("req-1")", -32000, "bad \"quote\"\nnewline"));
  CHECK(j["id"] == "req-1");
  CHECK(j["error"]["code"] == -32000);
  CHECK(j["error"]["message"] == "bad \"quote\"\nnewline");
  CHECK(nlohmann::json::parse(jsonrpc_error("7", -32000, "x"))["id"] == 7);
}
