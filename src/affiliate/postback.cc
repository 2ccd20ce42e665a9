#include "affiliate/postback.h"
#include "affiliate/outbox.h"

#include <algorithm>
#include <map>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "affiliate/brand_time.h"
#include "affiliate/conversions.h"
#include "affiliate/fraud_score.h"
#include "affiliate/offers.h"
#include "affiliate/partners.h"
#include "affiliate/payout_rule.h"
#include "affiliate/secret.h"
#include "affiliate/text.h"
#include "mcp/tool.h"
#include "store/clock.h"
#include "store/money.h"
#include "util/fold.h"
#include "util/wipe.h"

namespace tally::affiliate {

namespace {

[[noreturn]] void refuse(const std::string& why) { throw mcp::ToolError("postback refused: " + why); }

struct Pair {
  std::string raw;   ///< name=value as received
  std::string name;  ///< decoded
  std::string value; ///< decoded
};

struct ParsedUrl {
  std::string slug;
  std::string offer_id;
  std::vector<Pair> pairs;
  std::map<std::string, std::string> params;
};

ParsedUrl parse_url(const std::string& url) {
  ParsedUrl out;
  std::size_t q = url.find('?');
  std::string path = url.substr(0, q);
  std::string query = q == std::string::npos ? "" : url.substr(q + 1);
  if (auto hash = query.find('#'); hash != std::string::npos) query.resize(hash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::size_t last = path.rfind('/');
  std::size_t before = last == std::string::npos || last == 0 ? std::string::npos : path.rfind('/', last - 1);
  if (last == std::string::npos || before == std::string::npos)
    refuse("the URL must end in /{brand}/{offerId}?…");
  out.slug = path.substr(before + 1, last - before - 1);
  out.offer_id = path.substr(last + 1);
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t amp = query.find('&', start);
    std::string raw = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!raw.empty()) {
      std::size_t eq = raw.find('=');
      auto name = percent_decode(raw.substr(0, eq));
      auto value = percent_decode(eq == std::string::npos ? "" : raw.substr(eq + 1));
      if (!name || !value) refuse("a query parameter has a malformed %-escape");
      if (out.params.count(*name)) refuse("the parameter " + *name + " is given twice");
      out.params[*name] = *value;
      out.pairs.push_back({raw, *name, *value});
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

std::optional<std::string> param(const ParsedUrl& u, const std::string& name) {
  auto it = u.params.find(name);
  if (it == u.params.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void verify(store::Store& st, const ParsedUrl& u, const std::string& offer_id) {
  auto secret = offer_secret(st, offer_id);
  if (!secret) refuse("the offer has no postback secret yet (rotate_offer_postback_secret makes one)");
  util::WipeOnExit wipe_secret(*secret);
  auto sig = u.params.find("sig");
  auto sent_secret = u.params.find("secret");
  if (sig == u.params.end() && sent_secret == u.params.end())
    refuse("unsigned: send sig (HMAC-SHA256 of the sorted query) or secret");
  if (sig != u.params.end()) {
    std::vector<std::string> signed_pairs;
    for (const auto& p : u.pairs)
      if (p.name != "sig") signed_pairs.push_back(p.raw);
    std::sort(signed_pairs.begin(), signed_pairs.end(), [](const std::string& a, const std::string& b) {
      return std::string_view(a).substr(0, a.find('=')) < std::string_view(b).substr(0, b.find('='));
    });
    std::string message;
    for (const auto& p : signed_pairs) message += (message.empty() ? "" : "&") + p;
    if (!constant_time_equal(lower(sig->second), hmac_sha256_hex(*secret, message)))
      refuse("the signature does not match the offer's current secret");
  }
  if (sent_secret != u.params.end() && !constant_time_equal(sent_secret->second, *secret))
    refuse("the secret does not match the offer's current secret");
}

struct Click {
  std::string id;
  std::string offer_id;
  std::string partner_id;
  std::optional<std::string> ip;
  std::int64_t at_ms = 0;
};

std::optional<Click> find_click(store::Store& st, const Brand& brand, const std::string& id) {
  SQLite::Statement q(st.db, "SELECT id, offer_id, partner_id, ip, created_at FROM tr_click WHERE id = ? AND brand_id = ?");
  q.bind(1, id);
  q.bind(2, brand.id);
  if (!q.executeStep()) return std::nullopt;
  Click c{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), std::nullopt, 0};
  if (!q.getColumn(3).isNull()) c.ip = q.getColumn(3).getString();
  store::parse_iso_ms(q.getColumn(4).getString(), c.at_ms);
  return c;
}

struct Coupon {
  std::string id;
  std::string partner_id;
  std::optional<std::string> offer_id;
  std::optional<std::int64_t> max_uses;
  std::int64_t used_count = 0;
  std::optional<std::string> expires_on;
};

std::optional<Coupon> find_coupon(store::Store& st, const Brand& brand, const std::string& code) {
  SQLite::Statement q(st.db,
                      "SELECT id, partner_id, offer_id, max_uses, used_count, expires_on FROM tr_coupon "
                      "WHERE brand_id = ? AND code_fold = ?");
  q.bind(1, brand.id);
  q.bind(2, util::fold(code));
  if (!q.executeStep()) return std::nullopt;
  Coupon c{q.getColumn(0).getString(), q.getColumn(1).getString(), std::nullopt, std::nullopt,
           q.getColumn(4).getInt64(), std::nullopt};
  if (!q.getColumn(2).isNull()) c.offer_id = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) c.max_uses = q.getColumn(3).getInt64();
  if (!q.getColumn(5).isNull()) c.expires_on = q.getColumn(5).getString();
  return c;
}

std::int64_t conversions_in(store::Store& st, const std::string& offer_id, const DayRange& range) {
  SQLite::Statement q(st.db,
                      "SELECT count(*) FROM tr_conversion WHERE offer_id = ? AND day BETWEEN ? AND ? "
                      "AND status <> 'rejected'");
  q.bind(1, offer_id);
  q.bind(2, range.from);
  q.bind(3, range.to);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

bool is_event_name(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

mcp::json record_click(store::Store& st, const Brand& brand, const ClickRequest& click) {
  store::Transaction tx(st.db);
  auto offer = find_offer(st, brand, click.offer_id);
  if (!offer) throw mcp::ToolError("Offer not found.");
  if (offer->status != "active") throw mcp::ToolError("Offer is paused; it refuses new clicks.");
  auto partner = find_partner(st, brand, click.partner_id);
  if (!partner) throw mcp::ToolError("Partner not found.");
  if (partner->status != "active")
    throw mcp::ToolError("Partner is " + partner->status + "; only active partners' clicks are recorded.");
  std::string id = click.click_id.value_or(st.ids.next("clk"));
  if (find_click(st, brand, id)) throw mcp::ToolError("Click " + id + " is already recorded.");
  std::string day = local_day(brand.timezone, click.at_ms);
  SQLite::Statement insert(st.db,
                           "INSERT INTO tr_click (id, brand_id, offer_id, partner_id, ip, day, created_at, "
                           "client_click_id, user_agent, device, country, subs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, id);
  insert.bind(2, brand.id);
  insert.bind(3, offer->id);
  insert.bind(4, partner->id);
  if (click.ip) insert.bind(5, *click.ip); else insert.bind(5);
  insert.bind(6, day);
  insert.bind(7, store::format_iso_ms(click.at_ms));
  auto bind_opt = [&insert](int k, const std::optional<std::string>& v) {
    if (v) insert.bind(k, *v);
    else insert.bind(k);
  };
  bind_opt(8, click.client_click_id);
  bind_opt(9, click.user_agent);
  bind_opt(10, click.device);
  bind_opt(11, click.country);
  if (click.subs.is_object() && !click.subs.empty()) insert.bind(12, click.subs.dump());
  else insert.bind(12);
  insert.exec();
  SQLite::Statement daily(st.db,
                          "INSERT INTO tr_click_daily (offer_id, partner_id, day, brand_id, clicks) VALUES (?,?,?,?,1) "
                          "ON CONFLICT (offer_id, partner_id, day) DO UPDATE SET clicks = clicks + 1");
  daily.bind(1, offer->id);
  daily.bind(2, partner->id);
  daily.bind(3, day);
  daily.bind(4, brand.id);
  daily.exec();
  tx.commit();
  return {{"clickId", id}, {"offerId", offer->id}, {"partnerId", partner->id}, {"day", day},
          {"createdAt", store::format_iso_ms(click.at_ms)}};
}

mcp::json accept_postback(store::Store& st, const PostbackRequest& request) {
  ParsedUrl u = parse_url(request.url);
  auto brand = find_brand(st, u.slug);
  if (!brand) refuse("no brand \"" + u.slug + "\" in workspace \"" + st.workspace + "\"");
  auto offer = find_offer(st, *brand, u.offer_id);
  if (!offer) refuse("offer " + u.offer_id + " not found for brand " + brand->slug);
  verify(st, u, offer->id);
  if (!offer->allowed_ips.empty()) {
    bool allowed = false;
    for (const auto& ip : offer->allowed_ips) allowed = allowed || (request.ip && ip == *request.ip);
    if (!allowed)
      refuse(request.ip ? "IP " + *request.ip + " is not one of the offer's allowed postback IPs"
                        : "the offer accepts postbacks only from its allowed IPs, and this one gave none (--ip)");
  }

  auto click_id = param(u, "click_id");
  auto txn = param(u, "txn_id");
  std::string event = param(u, "event").value_or("sale");
  if (!is_event_name(event)) refuse("event must be 1-40 of a-z, 0-9, _ and - (got \"" + event + "\")");
  std::int64_t sale = 0;
  if (auto amount = param(u, "amount")) {
    std::string error;
    auto minor = store::parse_minor(*amount, brand->currency, error);
    if (!minor) refuse("amount: " + error);
    if (*minor < 0) refuse("amount must be 0 or more (got " + *amount + ")");
    sale = *minor;
  }
  auto coupon_code = param(u, "coupon_code");

  store::Transaction tx(st.db);
  if (txn) {
    SQLite::Statement dup(st.db, "SELECT id FROM tr_conversion WHERE offer_id = ? AND txn_ref = ?");
    dup.bind(1, offer->id);
    dup.bind(2, *txn);
    if (dup.executeStep()) {
      auto existing = require_conversion(st, *brand, dup.getColumn(0).getString());
      return {{"duplicate", true}, {"conversion", conversion_json(existing, *brand)}};
    }
  }

  std::string day = local_day(brand->timezone, request.at_ms);
  std::optional<Click> click;
  if (click_id) {
    click = find_click(st, *brand, *click_id);
    if (click && click->offer_id != offer->id) click.reset();
  }

  std::optional<Coupon> coupon;
  std::string coupon_note;  // why a named coupon did not attribute
  if (coupon_code) {
    coupon = find_coupon(st, *brand, *coupon_code);
    if (!coupon) coupon_note = "unknown";
    else if (coupon->offer_id && *coupon->offer_id != offer->id) coupon_note = "other_offer";
    else if (coupon->expires_on && *coupon->expires_on < day) coupon_note = "expired";
    else if (coupon->max_uses && coupon->used_count >= *coupon->max_uses) coupon_note = "exhausted";
    if (!coupon_note.empty()) coupon.reset();
  }

  std::string attribution;
  std::string partner_id;
  if (coupon) {
    attribution = "coupon";
    partner_id = coupon->partner_id;
  } else if (click) {
    attribution = "click";
    partner_id = click->partner_id;
  } else {
    refuse(click_id ? "click_id " + *click_id + " is not a click on this offer, and no valid coupon_code was given"
                    : "nothing to attribute it to: no click_id and no valid coupon_code");
  }

  EffectiveRule rule = effective_rule(st, offer->id, partner_id, event);
  std::int64_t payout = payout_for(rule.rule, sale);

  std::optional<std::string> ip = click ? click->ip : std::nullopt;
  FraudResult fraud;
  bool scored = brand->fraud_mode != "off";
  if (scored) {
    FraudSignals signals{offer->id, request.at_ms, std::nullopt, ip, txn, sale,
                         coupon_note == "exhausted" || coupon_note == "expired" ? coupon_note : ""};
    if (click) signals.click_ms = click->at_ms;
    fraud = score_conversion(st, *brand, signals);
  }
  bool flagged = scored && fraud.score >= brand->fraud_threshold;

  bool over_cap = false, hard_over = false;
  mcp::json caps_hit = mcp::json::array();
  for (const auto& cap : offer_caps(st, offer->id)) {
    if (conversions_in(st, offer->id, cap_window(cap.period, day)) >= cap.max_conversions) {
      over_cap = true;
      hard_over = hard_over || cap.hard;
      caps_hit.push_back(cap.period);
    }
  }

  std::string status = "pending";
  std::optional<std::string> reject_reason;
  if (hard_over) {
    status = "rejected";
    reject_reason = "cap_exceeded";
  } else if (flagged && brand->fraud_mode == "reject") {
    status = "rejected";
    reject_reason = "fraud_score";
  } else if ((flagged && brand->fraud_mode == "review") || over_cap) {
    status = "pending_review";
  }

  std::string id = st.ids.next("cnv");
  SQLite::Statement insert(
      st.db,
      "INSERT INTO tr_conversion (id, brand_id, offer_id, partner_id, click_id, txn_ref, event_type, sale_minor, "
      "payout_minor, status, reject_reason, fraud_score, fraud_flagged, fraud_reasons, over_cap, coupon_id, ip, day, "
      "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, id);
  insert.bind(2, brand->id);
  insert.bind(3, offer->id);
  insert.bind(4, partner_id);
  if (click) insert.bind(5, click->id); else insert.bind(5);
  if (txn) insert.bind(6, *txn); else insert.bind(6);
  insert.bind(7, event);
  insert.bind(8, sale);
  insert.bind(9, payout);
  insert.bind(10, status);
  if (reject_reason) insert.bind(11, *reject_reason); else insert.bind(11);
  if (scored) insert.bind(12, fraud.score); else insert.bind(12);
  insert.bind(13, flagged ? 1 : 0);
  insert.bind(14, fraud.reasons.dump());
  insert.bind(15, over_cap ? 1 : 0);
  if (coupon) insert.bind(16, coupon->id); else insert.bind(16);
  if (ip) insert.bind(17, *ip); else insert.bind(17);
  insert.bind(18, day);
  insert.bind(19, store::format_iso_ms(request.at_ms));
  insert.exec();
  queue_postback(st, *brand, id, "recorded");  // the advertiser hears of it once this commits
  if (coupon && status != "rejected") {
    SQLite::Statement use(st.db, "UPDATE tr_coupon SET used_count = used_count + 1 WHERE id = ?");
    use.bind(1, coupon->id);
    use.exec();
  }
  mcp::json out = {{"duplicate", false},
                   {"attribution", attribution},
                   {"payoutRule", rule.source},
                   {"capsExceeded", caps_hit},
                   {"conversion", conversion_json(require_conversion(st, *brand, id), *brand)}};
  if (!coupon_note.empty()) out["couponIgnored"] = coupon_note;
  tx.commit();
  return out;
}

}  // namespace tally::affiliate
