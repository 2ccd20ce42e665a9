#include "web/tracking.h"
#include "util/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "affiliate/brand.h"
#include "affiliate/offers.h"
#include "affiliate/partners.h"
#include "affiliate/postback.h"
#include "affiliate/text.h"
#include "affiliate/user_agent.h"
#include "app/call_store.h"
#include "http/forwarded.h"
#include "http/message.h"

namespace tally::web {

namespace {

constexpr std::string_view kPostbackPrefix = "/api/postback/";
constexpr std::string_view kClickPrefix = "/c/";

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

/// {brand, offerId, partnerId} from /c/{brand}/{offerId}/{partnerId}[/].
std::optional<std::array<std::string, 3>> click_target(const std::string& path) {
  std::string rest = path.substr(kClickPrefix.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::array<std::string, 3> parts;
  for (std::size_t i = 0; i < 3; ++i) {
    auto slash = rest.find('/');
    parts[i] = rest.substr(0, slash);
    if (parts[i].empty() || parts[i].size() > 64) return std::nullopt;
    if ((i < 2) == (slash == std::string::npos)) return std::nullopt;  // exactly three segments
    rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
  }
  return parts;
}

/// The small human page a refused click gets.
http::Response page(unsigned status, const std::string& reason) {
  return http::Response{
      status,
      {{"Content-Type", "text/html; charset=utf-8"},
       {"Cache-Control", "no-store"},
       {"Content-Security-Policy", "default-src 'none'"}},
      "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Link unavailable</title>"
      "<p>" +
          util::markup_escape(reason) + "</p></html>\n"};
}

/// The offer's destination with Tally's click id: in place of every {CLICK_ID}, else
/// as a click_id parameter before any fragment. Without an id (not recorded), no id.
std::string destination(std::string url, const std::string& click_id) {
  const std::string placeholder = "{CLICK_ID}";
  if (url.find(placeholder) != std::string::npos) {
    for (auto at = url.find(placeholder); at != std::string::npos;
         at = url.find(placeholder, at + click_id.size()))
      url.replace(at, placeholder.size(), click_id);
    return url;
  }
  if (click_id.empty()) return url;
  auto hash = url.find('#');
  auto end = hash == std::string::npos ? url.size() : hash;
  const char sep = url.substr(0, end).find('?') == std::string::npos ? '?' : '&';
  url.insert(end, std::string(1, sep) + "click_id=" + click_id);
  return url;
}

/// name → decoded value of a query string; nullopt when an escape is malformed.
std::optional<std::map<std::string, std::string>> query_params(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = affiliate::percent_decode(pair.substr(0, eq));
    auto value = affiliate::percent_decode(eq == std::string_view::npos ? std::string_view()
                                                                        : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    out.emplace(*name, *value);
  }
  return out;
}

}  // namespace

Tracking::Tracking(const cli::HttpServeOptions& options) : options_(options) {
  std::string error;
  auto rate = auth::parse_rate(options.tracking_rate_limit, error);
  if (!rate) throw std::invalid_argument("--tracking-rate-limit: " + error);
  if (rate->per_minute > 0) limiter_ = std::make_unique<auth::RateLimiter>(*rate);
}

bool Tracking::handles(const std::string& path) {
  return path.rfind(kPostbackPrefix, 0) == 0 || path.rfind(kClickPrefix, 0) == 0;
}

bool Tracking::from_trusted_proxy(const http::Head& head) const {
  return std::find(options_.trust_proxies.begin(), options_.trust_proxies.end(),
                   head.peer_address) != options_.trust_proxies.end();
}

std::optional<std::string> Tracking::country(const http::Head& head) const {
  if (options_.country_header.empty() || !from_trusted_proxy(head)) return std::nullopt;
  auto value = head.header(http::lower(options_.country_header));
  if (!value) return std::nullopt;
  std::string code(http::trim(*value));
  if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalpha(static_cast<unsigned char>(code[1])))
    return std::nullopt;  // Cloudflare's T1 (Tor) is no country
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (code == "XX") return std::nullopt;  // unknown
  return code;
}

std::string Tracking::sender(const http::Head& head) const {
  return http::client_address(head, options_.trust_proxies);
}

std::optional<http::Response> Tracking::admit(const http::Head& head) {
  const bool is_click = head.path.rfind(kClickPrefix, 0) == 0;
  if (is_click && head.method != "GET" && head.method != "HEAD") {
    http::Response r = page(405, "This is a tracking link: open it in a browser.");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (!is_click && head.method != "GET" && head.method != "POST") {
    http::Response r = error_answer(405, "Method not allowed: send the postback with GET or POST");
    r.headers.emplace_back("Allow", "GET, POST");
    return r;
  }

  if (limiter_) {
    auto decision = limiter_->check("addr:" + sender(head), now_ms());
    if (!decision.allowed) {
      const std::string why = "Too many tracking requests from this address: the limit is " +
                              options_.tracking_rate_limit + "; retry after " +
                              std::to_string(decision.retry_after_seconds) + " s";
      http::Response r = is_click ? page(429, why) : error_answer(429, why);
      r.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
      return r;
    }
  }
  return std::nullopt;
}

void Tracking::handle(const http::Request& request, std::shared_ptr<http::Reply> reply,
                      app::CallExecutor& executor) {
  if (request.path.rfind(kClickPrefix, 0) == 0)
    click(request, std::move(reply), executor);
  else
    postback(request, std::move(reply), executor);
}

void Tracking::click(const http::Request& request, std::shared_ptr<http::Reply> reply,
                     app::CallExecutor& executor) {
  auto target = click_target(request.path);
  if (!target) {
    reply->send(page(404, "This link is not a tracking link of this server."));
    return;
  }
  auto params = query_params(request.query);
  if (!params) {
    reply->send(page(400, "This link is damaged (a malformed %-escape in its query)."));
    return;
  }
  affiliate::ClickRequest click;
  click.offer_id = (*target)[1];
  click.partner_id = (*target)[2];
  mcp::json subs = mcp::json::object();
  for (const auto& [name, value] : *params) {
    if (name.size() == 4 && name.rfind("sub", 0) == 0 && name[3] >= '1' && name[3] <= '5') {
      if (value.size() > 255) {
        reply->send(
            page(400, "This link is damaged (" + name + " is longer than 255 characters)."));
        return;
      }
      subs[name] = value;
    } else if (name == "click_id") {
      if (value.empty() || value.size() > 128) {
        reply->send(page(400, "This link is damaged (click_id must be 1 to 128 characters)."));
        return;
      }
      click.client_click_id = value;
    }
  }
  click.subs = std::move(subs);
  auto ua = request.header("user-agent");
  const std::string agent = ua ? std::string(ua->substr(0, 512)) : std::string();
  if (!agent.empty()) click.user_agent = agent;
  click.device = affiliate::device_class(agent);
  click.country = country(request);
  click.ip = sender(request);
  // HEAD and link previews (Slack, Teams, iMessage unfurls) are not people clicking: nothing is
  // recorded.
  const bool record = request.method == "GET" && !affiliate::is_link_preview(agent);
  const std::string slug = (*target)[0];
  executor.submit(
      record, app::Principal{},
      [click, slug, record](mcp::CallScope* scope) mutable -> std::optional<mcp::json> {
        store::Store& base = dynamic_cast<app::StoreScope&>(*scope).store;
        auto refusal = [](unsigned status, const std::string& why) {
          return mcp::json{{"refusal", status}, {"error", why}};
        };
        // The offer id is unique across workspaces; the brand slug only within one, so it must
        // match.
        SQLite::Statement q(
            base.db,
            "SELECT b.ws, w.name, b.slug FROM tr_offer o JOIN tr_brand b ON b.id = o.brand_id "
            "JOIN workspace w ON w.id = b.ws WHERE o.id = ?");
        q.bind(1, click.offer_id);
        if (!q.executeStep() || q.getColumn(2).getString() != slug)
          return refusal(404, "This link does not lead anywhere: there is no such offer.");
        store::Store st{
            base.db, base.clock, base.ids, q.getColumn(0).getInt64(), q.getColumn(1).getString(),
            slug};
        auto brand = affiliate::find_brand(st, slug);
        auto offer = brand ? affiliate::find_offer(st, *brand, click.offer_id) : std::nullopt;
        if (!offer)
          return refusal(404, "This link does not lead anywhere: there is no such offer.");
        if (offer->status != "active")
          return refusal(403, "This offer is paused, so its links lead nowhere for now.");
        auto partner = affiliate::find_partner(st, *brand, click.partner_id);
        if (!partner)
          return refusal(404, "This link does not lead anywhere: there is no such partner.");
        if (partner->status != "active")
          return refusal(
              403, "This partner's links are not active (the partner is " + partner->status + ").");
        if (!offer->geo.empty()) {
          if (!click.country)
            return refusal(
                403,
                "This offer is open to some countries only, and this server cannot tell which "
                "country the visit comes from.");
          if (std::find(offer->geo.begin(), offer->geo.end(), *click.country) == offer->geo.end())
            return refusal(403,
                           "This offer is not available in your country (" + *click.country + ").");
        }
        if (!offer->devices.empty() && std::find(offer->devices.begin(), offer->devices.end(),
                                                 *click.device) == offer->devices.end())
          return refusal(
              403, "This offer is not available on this kind of device (" + *click.device + ").");
        std::string id;
        if (record) {
          click.at_ms = base.clock.now_ms();
          try {
            id = affiliate::record_click(st, *brand, click)["clickId"].get<std::string>();
          } catch (const mcp::ToolError& e) {
            return refusal(403, e.what());
          }
        }
        // A "result", so a group commit that fails turns it into an error, not a redirect.
        return mcp::json{{"id", nullptr},
                         {"result", {{"location", destination(offer->destination_url, id)}}}};
      },
      [reply](std::optional<mcp::json> answer) {
        if (answer && answer->contains("result")) {
          reply->send(
              http::Response{302,
                             {{"Location", (*answer)["result"]["location"].get<std::string>()},
                              {"Cache-Control", "no-store"}},
                             ""});
        } else if (answer && answer->contains("refusal")) {
          reply->send(
              page((*answer)["refusal"].get<unsigned>(), (*answer)["error"].get<std::string>()));
        } else {
          reply->send(page(503, "This link cannot be followed right now; try again in a moment."));
        }
      });
}

void Tracking::postback(const http::Request& request, std::shared_ptr<http::Reply> reply,
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
  const std::string slug = target->first,
                    offer_id =
                        target->second;  // not a structured binding: clang 14 cannot capture one
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
