#include "web/routes.h"

#include <spdlog/spdlog.h>

#include "http/cors.h"
#include "http/host_origin.h"
#include "mcp/json_rpc.h"

namespace tally::web {

namespace {

http::Response json_response(unsigned status, const std::string& body, http::Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  return http::Response{status, std::move(headers), body};
}

http::Response rpc_refusal(unsigned status, const std::string& message, http::Headers headers = {}) {
  return json_response(status, mcp::to_line(mcp::make_error(nullptr, mcp::ErrorCode::kInvalidRequest, message)),
                       std::move(headers));
}

bool is_mcp_path(const std::string& path) { return path == "/mcp" || path == "/mcp/"; }

/// "https://books.example.com:8443/tally" → "books.example.com:8443".
std::string authority_of(const std::string& url) {
  auto scheme = url.find("://");
  std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
  return rest.substr(0, rest.find('/'));
}

}  // namespace

struct Routes::State {
  app::Runtime& runtime;
  cli::HttpServeOptions options;
  bool loopback;
  std::vector<std::string> public_hosts;
  app::Principal local;  // who a request acts as when no credential is configured
};

Routes::Routes(app::Runtime& runtime, const cli::HttpServeOptions& options, bool loopback)
    : s_(std::make_unique<State>(State{runtime, options, loopback, {}, {}})) {
  if (!options.public_url.empty()) s_->public_hosts.push_back(authority_of(options.public_url));
  const store::Store& st = runtime.store();
  s_->local = app::Principal{st.workspace_id, st.workspace, st.brand};
}

Routes::~Routes() = default;

bool Routes::auth_on() const { return false; }

void Routes::flush() {}

http::Router Routes::router(mcp::Dispatcher& dispatcher, mcp::HttpEndpoint& endpoint, app::CallExecutor& executor) {
  State& s = *s_;
  (void)dispatcher;
  http::Router router;
  router.on_head = [&s](const http::Head& head) -> std::optional<http::Response> {
    auto origin = head.header("origin");
    const bool origin_ok = http::origin_allowed(origin, s.options.allow_origins, s.loopback);
    if (auto preflight = http::cors_preflight(head, origin_ok)) return preflight;
    // DNS rebinding: a page on another site that resolves to this machine names its own Host.
    if (!http::host_allowed(head.header("host"), s.public_hosts))
      return rpc_refusal(403, "Forbidden: the Host header names neither this machine nor --public-url");
    if (!origin_ok)
      return rpc_refusal(403, "Forbidden: requests from the web page at " + std::string(*origin) +
                                  " are not allowed (--allow-origin adds an origin)");
    if (is_mcp_path(head.path) || head.path == "/healthz" || head.path == "/readyz") return std::nullopt;
    return http::Response{404, {{"Content-Type", "text/plain; charset=utf-8"}}, "Not found\n"};
  };
  router.on_request = [&s, &endpoint, &executor](http::Request request, std::shared_ptr<http::Reply> reply) {
    http::Headers cors = http::cors_response_headers(request.header("origin"));
    if (request.path == "/healthz") {
      reply->send(json_response(200, R"({"status":"ok"})", cors));
      return;
    }
    if (request.path == "/readyz") {
      const bool ready = executor.ready();
      reply->send(json_response(ready ? 200 : 503, ready ? R"({"status":"ready"})"
                                                         : R"({"status":"unavailable","reason":"the ledger does not open"})",
                                cors));
      return;
    }
    mcp::HttpCaller caller;
    caller.extra_headers = std::move(cors);
    app::Principal who = s.local;
    caller.schedule = [&executor, who](bool write, std::function<std::optional<mcp::json>(mcp::CallScope*)> work,
                                       std::function<void(std::optional<mcp::json>)> done) {
      executor.submit(write, who, std::move(work), std::move(done));
    };
    endpoint.handle(request, std::move(reply), std::move(caller));
  };
  return router;
}

}  // namespace tally::web
