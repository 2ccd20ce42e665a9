// Target (f): the inbound postback, `accept_postback` (the HTTP route and
// `tally affiliate postback` both run it), against a real ledger with a brand,
// an offer with a secret and a click. The input is a flag line ('s' = sign the
// query with the offer's secret, as an advertiser would) and the query string.
// Invariants: an unsigned query without the secret is never accepted; a refused
// postback changes nothing (the conversion count is the same inside the call's
// transaction); an accepted one adds at most one conversion; no refusal's words
// contain the secret.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "affiliate/brand_create.h"
#include "affiliate/partners.h"
#include "affiliate/postback.h"
#include "affiliate/secret.h"
#include "affiliate/text.h"
#include "app/run_tool.h"
#include "fields.h"
#include "ledger_fixture.h"

namespace {

using tally::mcp::json;
namespace aff = tally::affiliate;

struct World {
  std::string offer_id;
  std::string secret;
};

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

json call(tally::app::Runtime& rt, const char* tool, const json& args) {
  const auto* spec = rt.registry().find(tool);
  if (spec == nullptr) fail("no tool", tool);
  json r = tally::app::call_in_process(rt, *spec, args);
  if (r.value("isError", false)) fail(tool, r.dump());
  return r["structuredContent"];
}

World setup(tally::fuzz::LedgerFixture& fx) {
  auto& rt = fx.runtime();
  auto& st = rt.store();
  aff::NewBrand spec;
  spec.slug = "acme";
  aff::Brand brand = aff::create_brand(st, spec, aff::Actor{"fuzz", ""});
  aff::Partner partner = aff::add_partner(st, brand, "Blog", std::nullopt, "active");
  World w;
  w.offer_id = call(rt, "create_offer", {{"name", "Shoes"}, {"destinationUrl", "https://acme.test/"},
                                         {"payoutType", "percent"}, {"payout", "10"}})["offerId"];
  w.secret = call(rt, "rotate_offer_postback_secret", {{"offerId", w.offer_id}})["postbackSecret"];
  aff::record_click(st, brand, aff::click_request(w.offer_id, partner.id, "clk_fuzz1", "203.0.113.9",
                                                  st.clock.now_ms() - 3'600'000));
  return w;
}

/// The signature an advertiser sends: HMAC of the pairs (but sig) sorted by name, as received.
std::string signature(const std::string& query, const std::string& secret) {
  std::vector<std::string> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    std::string raw = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    auto name = aff::percent_decode(raw.substr(0, raw.find('=')));
    if (!raw.empty() && (!name || *name != "sig")) pairs.push_back(raw);
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const std::string& a, const std::string& b) {
    return std::string_view(a).substr(0, a.find('=')) < std::string_view(b).substr(0, b.find('='));
  });
  std::string message;
  for (const auto& p : pairs) message += (message.empty() ? "" : "&") + p;
  return aff::hmac_sha256_hex(secret, message);
}

std::int64_t conversions(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT count(*) FROM tr_conversion");
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8 * 1024) return -1;
  auto& fx = tally::fuzz::LedgerFixture::get();
  static const World world = setup(fx);
  auto fields = tally::fuzz::split_fields(data, size, 2);
  const bool sign = !fields[0].empty() && fields[0][0] == 's';
  const std::string query(fields[1]);
  std::string url = "http://127.0.0.1:8765/api/postback/acme/" + world.offer_id + "?" + query;
  if (sign) url += (query.empty() ? "" : "&") + std::string("sig=") + signature(query, world.secret);
  auto& st = fx.runtime().store();
  fx.rolled_back([&] {
    const std::int64_t before = conversions(st.db);
    bool accepted = false;
    try {
      aff::accept_postback(st, aff::PostbackRequest{url, "203.0.113.9", st.clock.now_ms()});
      accepted = true;
    } catch (const tally::mcp::ToolError& e) {
      if (std::string(e.what()).find(world.secret) != std::string::npos) fail("a refusal shows the secret", e.what());
    }
    const std::int64_t after = conversions(st.db);
    if (!accepted && after != before) fail("a refused postback changed the ledger", url);
    if (accepted && after - before > 1) fail("one postback made several conversions", url);
    if (accepted && !sign && query.find(world.secret) == std::string::npos)
      fail("an unsigned postback was accepted", url);
  });
  return 0;
}
