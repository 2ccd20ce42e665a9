// Target (d), the MCP endpoint of `tally serve --http`: a POST to /mcp with
// headers and a body from the input, through the content negotiation, the
// body's JSON, the 2026-07-28 header checks (MCP-Protocol-Version, Mcp-Method,
// Mcp-Name, =?base64?…?= values) and the Dispatcher with every tool, against a
// real ledger (ledger_fixture.h). Input: header lines "name: value", a blank
// line, the body. Invariant: every JSON answer, whole or as an SSE event, is
// valid JSON-RPC, and exactly one response is given.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "http/reply.h"
#include "jsonrpc_check.h"
#include "ledger_fixture.h"
#include "mcp/http_endpoint.h"

namespace {

using namespace tally;

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what,
               static_cast<int>(detail.size() > 500 ? 500 : detail.size()), detail.data());
  std::abort();
}

/// The connection side of a Reply: checks what the endpoint writes.
class CheckingConnection final : public http::detail::ReplySink {
 public:
  int answers = 0;
  void send(std::uint64_t, http::Response response) override {
    ++answers;
    if (response.status < 200 || response.status > 599)
      fail("an HTTP status out of range", std::to_string(response.status));
    auto type = http::find_header(response.headers, "content-type");
    if (!type) {  // headers keep the case the endpoint gave them
      for (const auto& [name, value] : response.headers)
        if (http::lower(name) == "content-type") type = value;
    }
    if (type && *type == "application/json" && !response.body.empty())
      fuzz::check_jsonrpc_line(response.body);
  }
  void open_stream(std::uint64_t, unsigned status, http::Headers) override {
    ++answers;
    if (status != 200) fail("a stream with a status other than 200", std::to_string(status));
  }
  void write_event(std::uint64_t, std::string frame) override {
    // "event: message\ndata: <one line>\n\n", as http::sse_event_frame writes it.
    auto at = frame.find("data: ");
    if (at == std::string::npos) fail("an SSE frame without data", frame);
    auto end = frame.find('\n', at);
    fuzz::check_jsonrpc_line(std::string_view(frame).substr(at + 6, end - at - 6));
  }
  void end_stream(std::uint64_t) override {}
  void hold(std::uint64_t) override {}
  void on_close(std::uint64_t, std::function<void()>) override {}
  void log_field(std::uint64_t, std::string, std::string) override {}
  void abandon(std::uint64_t) override {}
};

http::Request request_of(std::string_view input) {
  http::Request r;
  r.method = "POST";
  r.target = r.path = "/mcp";
  r.peer_address = "127.0.0.1";
  while (!input.empty()) {
    auto nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    r.headers.emplace_back(http::lower(line.substr(0, colon)),
                           std::string(http::trim(line.substr(colon + 1))));
  }
  r.body = std::string(input);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  auto& fixture = fuzz::LedgerFixture::get();
  mcp::HttpEndpoint endpoint(fixture.dispatcher());
  const http::Request request =
      request_of(std::string_view(reinterpret_cast<const char*>(data), size));
  auto connection = std::make_shared<CheckingConnection>();
  fixture.rolled_back([&] {
    auto reply = std::make_shared<http::Reply>(connection, 1);
    mcp::HttpCaller caller;
    // Calls run at once on this thread, bound to the fixture's ledger (the server uses its pool).
    caller.schedule = [&](bool, std::function<std::optional<mcp::json>(mcp::CallScope*)> work,
                          std::function<void(std::optional<mcp::json>)> done) {
      done(work(&fixture.scope()));
    };
    endpoint.handle(request, std::move(reply), std::move(caller));
    endpoint.close_listens();  // a held subscriptions/listen gets its closing result
  });
  if (connection->answers != 1) fail("not exactly one answer", std::to_string(connection->answers));
  return 0;
}
