#include "web/routes.h"

#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "http/cors.h"
#include "http/forwarded.h"
#include "http/host_origin.h"
#include "http/url.h"
#include "mcp/json_rpc.h"
#include "web/discovery_docs.h"
#include "web/gate.h"
#include "web/inbox.h"
#include "web/oauth_proxy.h"
#include "web/tracking.h"

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
bool is_metadata_path(const std::string& path) {
  return path == "/.well-known/oauth-protected-resource" || path == "/.well-known/oauth-protected-resource/mcp";
}

/// What stays open when auth is on (seed 001, issue 16): server/discover, and
/// a tools/call of get_catalog_card. Notifications and responses carry nothing.
bool is_public(const mcp::json& m) {
  if (!m.is_object()) return false;
  const std::string method = m.value("method", std::string());
  if (method.empty() || !m.contains("id")) return true;
  if (method == "server/discover") return true;
  if (method != "tools/call") return false;
  auto params = m.find("params");
  return params != m.end() && params->is_object() && params->value("name", std::string()) == "get_catalog_card";
}

}  // namespace

struct Routes::State {
  State(app::Runtime& r, const cli::HttpServeOptions& o, bool l)
      : runtime(r), options(o), loopback(l), gate(r.db().getFilename(), o) {}

  app::Runtime& runtime;
  cli::HttpServeOptions options;
  bool loopback;
  std::vector<std::string> public_hosts;
  app::Principal local;  // who a request acts as when no credential is configured
  Gate gate;
  std::shared_ptr<OAuthProxy> oauth_proxy;  // --oauth-proxy only
  std::unique_ptr<Tracking> tracking;       // with the affiliate toolset
  std::unique_ptr<DiscoveryDocs> docs;
  std::unique_ptr<Inbox> inbox;  // with the ledger toolset
  std::mutex access_mu;
  std::map<std::string, std::unique_ptr<mcp::ToolAccess>> access;  // one per distinct scope, kept

  const mcp::ToolAccess* access_for(bool read_only, const std::string& toolsets) {
    std::lock_guard lock(access_mu);
    auto& slot = access[(read_only ? "ro:" : "rw:") + toolsets];
    if (!slot) {
      slot = std::make_unique<mcp::ToolAccess>();
      slot->read_only = read_only;
      std::string rest = toolsets;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string name = rest.substr(0, comma);
        if (!name.empty()) slot->toolsets.push_back(name);
        rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
      }
    }
    return slot.get();
  }
};

Routes::Routes(app::Runtime& runtime, const cli::HttpServeOptions& options, bool loopback)
    : s_(std::make_unique<State>(runtime, options, loopback)) {
  // The Host that --public-url names (its port only when not the scheme's default); the
  // gate has already refused a --public-url that is not an http(s) URL.
  if (!options.public_url.empty())
    if (auto url = http::parse_url(options.public_url, nullptr)) s_->public_hosts.push_back(url->authority());
  if (options.oauth_proxy) s_->oauth_proxy = std::make_shared<OAuthProxy>(options.oauth_issuer);
  s_->docs = std::make_unique<DiscoveryDocs>(runtime, cli::server_info(runtime));

  for (const auto& set : runtime.toolsets())
    if (set.name == "affiliate") s_->tracking = std::make_unique<Tracking>(options);
  const store::Store& st = runtime.store();
  s_->local = app::Principal{st.workspace_id, st.workspace, st.brand};
  s_->inbox = std::make_unique<Inbox>(runtime, s_->gate, s_->local);
  if (!s_->inbox->available()) s_->inbox.reset();
}

Routes::~Routes() = default;

bool Routes::auth_on() const { return s_->gate.required(); }

void Routes::flush(SQLite::Database& writer) { s_->gate.flush_last_used(writer, true); }
void Routes::set_default_public_url(const std::string& url) { s_->gate.set_default_public_url(url); }
void Routes::flush_due(SQLite::Database& writer) { s_->gate.flush_last_used(writer, false); }

http::Router Routes::router(mcp::HttpEndpoint& endpoint, app::CallExecutor& executor) {
  State& s = *s_;
  http::Router router;
  router.on_head = [&s](const http::Head& head) -> std::optional<http::Response> {
    auto origin = head.header("origin");
    const bool origin_ok = http::origin_allowed(origin, s.options.allow_origins, s.loopback);
    if (auto preflight = http::cors_preflight(head, origin_ok)) return preflight;  // before auth (http.md §4.6)
    // DNS rebinding: a page on another site that resolves to this machine names its own Host.
    if (!http::host_allowed(head.header("host"), s.public_hosts))
      return rpc_refusal(403, "Forbidden: the Host header names neither this machine nor --public-url");
    // Postbacks come from advertisers' servers, not pages: no Origin or credential rules (issue 17).
    if (s.tracking && Tracking::handles(head.path)) return s.tracking->admit(head);
    if (DiscoveryDocs::handles(head.path)) return std::nullopt;  // public documents, any Origin (CORS *)
    // The inbox's own pages post to it from its own origin, whatever the address.
    if (s.inbox && Inbox::handles(head.path)) return s.inbox->admit(head, origin_ok);
    if (!origin_ok)
      return rpc_refusal(403, "Forbidden: requests from the web page at " + std::string(*origin) +
                                  " are not allowed (--allow-origin adds an origin)");
    if (is_mcp_path(head.path)) return s.gate.admit(head);
    if (head.path == "/healthz" || head.path == "/readyz" || is_metadata_path(head.path)) return std::nullopt;
    if (s.oauth_proxy && OAuthProxy::handles(head.path)) return std::nullopt;  // sign-in needs no credential
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
      reply->send(json_response(
          ready ? 200 : 503,
          ready ? R"({"status":"ready"})" : R"({"status":"unavailable","reason":"the ledger does not open"})", cors));
      return;
    }
    if (is_metadata_path(request.path)) {
      std::string doc = s.gate.metadata();
      http::Headers h{{"Access-Control-Allow-Origin", "*"}, {"Cache-Control", "max-age=3600"}};
      if (doc.empty()) reply->send(http::Response{404, std::move(h), ""});
      else reply->send(json_response(200, doc, std::move(h)));
      return;
    }
    if (DiscoveryDocs::handles(request.path)) {
      reply->send(s.docs->answer(request, s.gate.public_url(), s.gate.required()));
      return;
    }
    if (s.tracking && Tracking::handles(request.path)) {
      s.tracking->handle(request, std::move(reply), executor);
      return;
    }
    if (s.oauth_proxy && OAuthProxy::handles(request.path)) {
      s.oauth_proxy->handle(request, std::move(reply), s.gate.public_url(), cors);
      return;
    }
    if (s.inbox && Inbox::handles(request.path)) {
      s.inbox->handle(request, std::move(reply), executor);
      return;
    }
    auth::AuthOutcome who = s.gate.who(request);
    mcp::HttpCaller caller;
    caller.extra_headers = cors;
    app::Principal principal = s.local;
    // For audit rows: who called, as seed 002's audit context has it (never a secret).
    mcp::json origin{{"address", http::client_address(request, s.options.trust_proxies)}};
    if (auto agent = request.header("user-agent")) origin["userAgent"] = std::string(agent->substr(0, 256));
    if (who.status == 200 && !who.anonymous) {
      const auth::Credential& c = who.credential;
      principal = app::Principal{c.workspace_id, c.workspace, c.brand};
      origin["keyId"] = c.id;
      caller.owner = c.id;
      caller.access = s.access_for(c.read_only, c.toolsets);
      reply->log_field("key", c.id);
    }
    principal.origin = std::move(origin);
    const bool needs_credential = who.status != 200;
    // A token without the write scope gets 403 insufficient_scope for a write; a
    // read-only key simply has no write tools ("Unknown tool"), as over stdio.
    const bool may_write = !(who.status == 200 && who.oauth && !who.may_write());
    caller.vet = [&s, cors, needs_credential, may_write](const mcp::json& m) -> std::optional<http::Response> {
      if (needs_credential && !is_public(m)) return s.gate.unauthorized(cors);
      if (!may_write && !needs_credential && m.is_object() && m.value("method", "") == "tools/call") {
        auto params = m.find("params");
        if (params != m.end() && params->is_object()) {
          const mcp::ToolSpec* tool = s.runtime.registry().find(params->value("name", std::string()));
          if (tool && !tool->annotations.read_only) return s.gate.insufficient_scope(cors);
        }
      }
      return std::nullopt;
    };
    caller.schedule = [&executor, principal](bool write, std::function<std::optional<mcp::json>(mcp::CallScope*)> work,
                                             std::function<void(std::optional<mcp::json>)> done) {
      executor.submit(write, principal, std::move(work), std::move(done));
    };
    endpoint.handle(request, std::move(reply), std::move(caller));
  };
  return router;
}

}  // namespace tally::web
