#include "web/tracking.h"

#include <chrono>

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "affiliate/postback.h"
#include "app/call_store.h"
#include "http/message.h"

namespace tally::web {

namespace {

constexpr std::string_view kPostbackPrefix = "/api/postback/";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

http::Response json_answer(unsigned status, const mcp::json& body) {
  return http::Response{
      status, {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}}, body.dump()};
}

http::Response error_answer(unsigned status, const std::string& message) {
  return json_answer(status, mcp::json{{"error", message}});
}

/// The HTTP status of a refusal: unknown ids 404, a failed credential or address 403, else 400.
unsigned status_of_refusal(const std::string& message) {
  auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
  if (has("not found") || has("no brand")) return 404;
  if (has("signature") || has("secret") || has("unsigned") || has("allowed") || has("IP "))
    return 403;
  return 400;
}

/// {brand, offerId} from /api/postback/{brand}/{offerId}[/]; nullopt for any other shape.
std::optional<std::pair<std::string, std::string>> postback_target(const std::string& path) {
  std::string rest = path.substr(kPostbackPrefix.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) return std::nullopt;
  std::string brand = rest.substr(0, slash), offer = rest.substr(slash + 1);
  if (offer.find('/') != std::string::npos) return std::nullopt;
  return std::make_pair(brand, offer);
}

}  // namespace

Tracking::Tracking(const cli::HttpServeOptions& options) : options_(options) {
  std::string error;
  auto rate = auth::parse_rate(options.tracking_rate_limit, error);
  if (!rate) throw std::invalid_argument("--tracking-rate-limit: " + error);
  if (rate->per_minute > 0) limiter_ = std::make_unique<auth::RateLimiter>(*rate);
}

bool Tracking::handles(const std::string& path) {
  return path.rfind(kPostbackPrefix, 0) == 0;
}

std::string Tracking::sender(const http::Head& head) const {
  for (const auto& proxy : options_.trust_proxies) {
    if (proxy != head.peer_address) continue;
    auto forwarded = head.header("x-forwarded-for");
    if (!forwarded) break;
    std::string_view list = *forwarded;
    auto comma = list.rfind(',');
    std::string last(http::trim(comma == std::string_view::npos ? list : list.substr(comma + 1)));
    if (!last.empty()) return last;
    break;
  }
  return head.peer_address;
}

std::optional<http::Response> Tracking::admit(const http::Head& head) {
  if (head.method != "GET" && head.method != "POST") {
    http::Response r = error_answer(405, "Method not allowed: send the postback with GET or POST");
    r.headers.emplace_back("Allow", "GET, POST");
    return r;
  }
  if (limiter_) {
    auto decision = limiter_->check("addr:" + sender(head), now_ms());
    if (!decision.allowed) {
      http::Response r = error_answer(429, "Too many postbacks from this address: the limit is " +
                                               options_.tracking_rate_limit + "; retry after " +
                                               std::to_string(decision.retry_after_seconds) + " s");
      r.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
      return r;
    }
  }
  return std::nullopt;
}

void Tracking::handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
                      app::CallExecutor& executor) {
  auto target = postback_target(request.path);
  if (!target) {
    reply->send(error_answer(404, "Not found: postbacks go to /api/postback/{brand}/{offerId}?…"));
    return;
  }
  std::string query = request.query;
  if (request.method == "POST" && !request.body.empty()) {
    // Form pairs are signed together with the query's (issue 17); no other body type means anything
    // here.
    auto type = request.header("content-type");
    if (!type || http::lower(std::string(*type)).find("application/x-www-form-urlencoded") ==
                     std::string::npos) {
      reply->send(
          error_answer(415,
                       "Unsupported body: send the postback's parameters in the query or as "
                       "application/x-www-form-urlencoded"));
      return;
    }
    std::string body = request.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    if (!body.empty()) query += (query.empty() ? "" : "&") + body;
  }
  const std::string url =
      std::string(kPostbackPrefix) + target->first + "/" + target->second + "?" + query;
  const std::string ip = sender(request);
  auto [slug, offer_id] = *target;
  executor.submit(
      true, app::Principal{},
      [url, ip, slug, offer_id](mcp::CallScope* scope) -> std::optional<mcp::json> {
        store::Store& base = dynamic_cast<app::StoreScope&>(*scope).store;
        // The offer id is unique across workspaces; the brand slug only within one, so it must
        // match.
        SQLite::Statement q(
            base.db,
            "SELECT b.ws, w.name, b.slug FROM tr_offer o JOIN tr_brand b ON b.id = o.brand_id "
            "JOIN workspace w ON w.id = b.ws WHERE o.id = ?");
        q.bind(1, offer_id);
        if (!q.executeStep() || q.getColumn(2).getString() != slug)
          return mcp::json{
              {"refusal", 404},
              {"error", "postback refused: offer " + offer_id + " not found for brand " + slug}};
        store::Store st{
            base.db, base.clock, base.ids, q.getColumn(0).getInt64(), q.getColumn(1).getString(),
            slug};
        try {
          mcp::json out = affiliate::accept_postback(st, {url, ip, base.clock.now_ms()});
          const mcp::json& c = out["conversion"];
          // A "result" like a tool call's, so a group commit that fails turns it into an error.
          return mcp::json{{"id", nullptr},
                           {"result",
                            {{"conversionId", c.value("conversionId", "")},
                             {"status", c.value("status", "")},
                             {"duplicate", out.value("duplicate", false)}}}};
        } catch (const mcp::ToolError& e) {
          return mcp::json{{"refusal", status_of_refusal(e.what())}, {"error", e.what()}};
        }
      },
      [reply](std::optional<mcp::json> answer) {
        if (answer && answer->contains("result")) {
          reply->send(json_answer(200, (*answer)["result"]));
        } else if (answer && answer->contains("refusal")) {
          reply->send(error_answer((*answer)["refusal"].get<unsigned>(),
                                   (*answer)["error"].get<std::string>()));
        } else {
          reply->send(
              error_answer(503,
                           "The postback could not be recorded (the ledger is busy, failed or is "
                           "shutting down); nothing was recorded; retry"));
        }
      });
}

}  // namespace tally::web
