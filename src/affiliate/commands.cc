#include "affiliate/commands.h"

#include <cstdio>
#include <memory>

#include <SQLiteCpp/Statement.h>
#include "store/transaction.h"

#include "affiliate/audit.h"
#include "affiliate/brand_create.h"
#include "affiliate/brand_time.h"
#include "affiliate/conversions.h"
#include "affiliate/offers.h"
#include "affiliate/outbox_command.h"
#include "affiliate/partners.h"
#include "affiliate/payouts.h"
#include "affiliate/postback.h"
#include "affiliate/text.h"
#include "app/runtime.h"
#include "mcp/tool.h"
#include "store/clock.h"
#include "util/calendar.h"

namespace tally::affiliate {

namespace {

using mcp::json;

void print(const json& value) { std::printf("%s\n", value.dump(2).c_str()); }

/// Runs `body` on an opened ledger; a ToolError is the user's mistake: message and exit 1.
int run(app::RuntimeOptions& options, const char* command, const std::function<int(store::Store&)>& body) {
  app::Runtime rt(options);
  try {
    return body(rt.store());
  } catch (const mcp::ToolError& e) {
    std::fprintf(stderr, "tally affiliate %s: %s\n", command, e.what());
    return 1;
  }
}

std::int64_t instant(const store::Store& st, const std::string& at) {
  if (at.empty()) return st.clock.now_ms();
  std::int64_t ms = 0;
  if (!store::parse_iso_ms(at, ms))
    throw mcp::ToolError("--at: \"" + at + "\" is not an ISO 8601 date-time such as 2026-03-15T12:00:00Z");
  return ms;
}


struct BrandArgs {
  std::string slug, name, currency = "USD", timezone = "UTC", postback_base = kDefaultPostbackBase;
};

void add_brand_commands(CLI::App& parent, app::CommandEnv& env) {
  auto* brand = parent.add_subcommand("brand", "Brands: create one, change one, list them");
  brand->require_subcommand(1);
  auto args = std::make_shared<BrandArgs>();
  auto* create = brand->add_subcommand("create", "Create a brand in the workspace");
  create->add_option("slug", args->slug, "Short name used in URLs and --brand: a-z, 0-9 and -")->required();
  create->add_option("--name", args->name, "Display name (default: the slug)");
  create->add_option("--currency", args->currency, "ISO 4217 currency of sales and payouts")->capture_default_str();
  create->add_option("--timezone", args->timezone, "IANA time zone of stats days and caps")->capture_default_str();
  create->add_option("--postback-base", args->postback_base, "Base of the inbound postback URLs")->capture_default_str();
  env.add_ledger_flags(create);
  create->callback([&env, args] {
    env.set_action([&env, args] {
      return run(env.options, "brand create", [args](store::Store& st) {
        Brand b = create_brand(st, {args->slug, args->name, args->currency, args->timezone, args->postback_base},
                               cli_actor());
        print(brand_json(b));
        return 0;
      });
    });
  });
  auto settings = std::make_shared<BrandSettings>();
  auto* set = brand->add_subcommand("set", "Change a brand's settings (--brand, or the only one)");
  set->add_option("--click-base", settings->click_base,
                  "Where click links start, e.g. https://go.example.com (\"\" = the postback base's origin)");
  set->add_option("--payout-account", settings->payout_account,
                  "acc_…: the ledger account mark_payout_paid pays from by default (\"\" = none)");
  env.add_ledger_flags(set);
  set->callback([&env, settings] {
    if (!settings->click_base && !settings->payout_account)
      throw CLI::ValidationError("brand set", "give --click-base or --payout-account");
    env.set_action([&env, settings] {
      return run(env.options, "brand set", [settings](store::Store& st) {
        print(brand_json(set_brand(st, resolve_brand(st), *settings, cli_actor())));
        return 0;
      });
    });
  });
  auto* list = brand->add_subcommand("list", "List the workspace's brands");
  env.add_ledger_flags(list);
  list->callback([&env] {
    env.set_action([&env] {
      return run(env.options, "brand list", [](store::Store& st) {
        json rows = json::array();
        for (const auto& slug : brand_slugs(st)) rows.push_back(brand_json(*find_brand(st, slug)));
        print(rows);
        return 0;
      });
    });
  });
}

struct PartnerArgs {
  std::string name, email, status = "active";
};

void add_partner_commands(CLI::App& parent, app::CommandEnv& env) {
  auto* partner = parent.add_subcommand("partner", "Partners (publishers) of the brand");
  partner->require_subcommand(1);
  auto args = std::make_shared<PartnerArgs>();
  auto* add = partner->add_subcommand("add", "Add a partner to the brand (--brand, or the only one)");
  add->add_option("--name", args->name, "The partner's name")->required();
  add->add_option("--email", args->email, "Their e-mail address");
  add->add_option("--status", args->status, "active, or pending for an application to approve")
      ->capture_default_str()
      ->check(CLI::IsMember({"active", "pending"}));
  env.add_ledger_flags(add);
  add->callback([&env, args] {
    env.set_action([&env, args] {
      return run(env.options, "partner add", [args](store::Store& st) {
        if (args->name.empty() || args->name.size() > 120) throw mcp::ToolError("--name must be 1 to 120 characters");
        store::Transaction tx(st.db);
        Brand brand = resolve_brand(st);
        std::optional<std::string> email;
        if (!args->email.empty()) email = args->email;
        Partner p = add_partner(st, brand, args->name, email, args->status);
        record_audit(st, brand, cli_actor(), {"partner add", "partner", p.id, nullptr, partner_json(p), std::nullopt});
        tx.commit();
        print(partner_json(p));
        return 0;
      });
    });
  });
}

struct ClickArgs {
  std::string offer, partner, click_id, ip, at;
  int count = 1;
};

void add_click_command(CLI::App& parent, app::CommandEnv& env) {
  auto args = std::make_shared<ClickArgs>();
  auto* click = parent.add_subcommand("click", "Record clicks of a partner on an offer (what the click handler does)");
  click->add_option("--offer", args->offer, "off_…")->required();
  click->add_option("--partner", args->partner, "ptn_…")->required();
  click->add_option("--click-id", args->click_id, "The click's id (default: a new clk_… id)");
  click->add_option("--ip", args->ip, "The visitor's IP address");
  click->add_option("--at", args->at, "When (ISO 8601; default now)");
  click->add_option("--count", args->count, "How many clicks (each gets a new id)")->check(CLI::Range(1, 100000));
  env.add_ledger_flags(click);
  click->callback([&env, args] {
    env.set_action([&env, args] {
      return run(env.options, "click", [args](store::Store& st) {
        Brand brand = resolve_brand(st);
        if (!args->click_id.empty() && args->count != 1) throw mcp::ToolError("--click-id names one click; drop --count");
        ClickRequest request;
        request.offer_id = args->offer;
        request.partner_id = args->partner;
        request.at_ms = instant(st, args->at);
        if (!args->click_id.empty()) request.click_id = args->click_id;
        if (!args->ip.empty()) request.ip = args->ip;
        json clicks = json::array();
        for (int i = 0; i < args->count; ++i) clicks.push_back(record_click(st, brand, request));
        print(args->count == 1 ? clicks[0] : json{{"count", args->count}, {"clicks", clicks}});
        return 0;
      });
    });
  });
}

struct PostbackArgs {
  std::vector<std::string> urls;
  std::string ip, at;
};

void add_postback_command(CLI::App& parent, app::CommandEnv& env) {
  auto args = std::make_shared<PostbackArgs>();
  auto* postback = parent.add_subcommand(
      "postback", "Accept inbound postbacks (signature or secret checked, caps, coupons, fraud score)");
  postback->add_option("url", args->urls, "Postback URL(s): {base}/{brand}/{offerId}?click_id=…&txn_id=…&amount=…&sig=…")
      ->required();
  postback->add_option("--ip", args->ip, "The sender's IP address (checked against the offer's allowed IPs)");
  postback->add_option("--at", args->at, "When the conversion happened (ISO 8601; default now)");
  env.add_ledger_flags(postback);
  postback->callback([&env, args] {
    env.set_action([&env, args] {
      app::Runtime rt(env.options);
      int status = 0;
      for (const auto& url : args->urls) {
        try {
          PostbackRequest request{url, std::nullopt, instant(rt.store(), args->at)};
          if (!args->ip.empty()) request.ip = args->ip;
          print(accept_postback(rt.store(), request));
        } catch (const mcp::ToolError& e) {
          std::fprintf(stderr, "tally affiliate postback: %s\n", e.what());  // never the URL: it may hold the secret
          status = 1;
        }
      }
      return status;
    });
  });
}

struct PayoutArgs {
  std::string partner, through;
};

void add_payout_commands(CLI::App& parent, app::CommandEnv& env) {
  auto* payouts = parent.add_subcommand("payouts", "Payouts to partners");
  payouts->require_subcommand(1);
  auto args = std::make_shared<PayoutArgs>();
  auto* generate = payouts->add_subcommand(
      "generate", "Link a partner's approved, unpaid conversions up to a day into one payout (amount = their sum)");
  generate->add_option("--partner", args->partner, "ptn_…")->required();
  generate->add_option("--through", args->through, "Last day covered (brand time), YYYY-MM-DD")->required();
  env.add_ledger_flags(generate);
  generate->callback([&env, args] {
    env.set_action([&env, args] {
      return run(env.options, "payouts generate", [args](store::Store& st) {
        if (auto problem = util::date_problem(args->through); !problem.empty())
          throw mcp::ToolError("--through: \"" + args->through + "\" " + problem);
        Brand brand = resolve_brand(st);
        print(generate_payout(st, brand, args->partner, args->through, cli_actor()));
        return 0;
      });
    });
  });
}

json table_rows(store::Store& st, const std::string& sql, const Brand& brand,
                const std::function<json(SQLite::Statement&)>& row) {
  SQLite::Statement q(st.db, sql);
  q.bind(1, brand.id);
  json rows = json::array();
  while (q.executeStep()) rows.push_back(row(q));
  return rows;
}

/// Everything of the brand as JSON. The postback secret is redacted: offers show only postbackSecretSet.
json export_brand(store::Store& st, const Brand& brand) {
  json offers = table_rows(st, "SELECT id FROM tr_offer WHERE brand_id = ? ORDER BY id", brand, [&](SQLite::Statement& q) {
    return offer_config(st, brand, *find_offer(st, brand, q.getColumn(0).getString()));
  });
  json partners = table_rows(st, "SELECT id FROM tr_partner WHERE brand_id = ? ORDER BY id", brand, [&](SQLite::Statement& q) {
    return partner_json(*find_partner(st, brand, q.getColumn(0).getString()));
  });
  json conversions = table_rows(st, "SELECT id FROM tr_conversion WHERE brand_id = ? ORDER BY created_at, id", brand,
                                [&](SQLite::Statement& q) {
                                  return conversion_json(*find_conversion(st, brand, q.getColumn(0).getString()), brand);
                                });
  json payouts = table_rows(st, "SELECT id FROM tr_payout WHERE brand_id = ? ORDER BY id", brand, [&](SQLite::Statement& q) {
    return payout_json(st, *find_payout(st, brand, q.getColumn(0).getString()), brand);
  });
  json coupons = table_rows(st,
                            "SELECT id, code, partner_id, offer_id, used_count, max_uses, expires_on FROM tr_coupon "
                            "WHERE brand_id = ? ORDER BY id",
                            brand, [](SQLite::Statement& q) {
                              return json{{"couponId", q.getColumn(0).getString()},
                                          {"code", q.getColumn(1).getString()},
                                          {"partnerId", q.getColumn(2).getString()},
                                          {"offerId", q.getColumn(3).isNull() ? json(nullptr) : json(q.getColumn(3).getString())},
                                          {"usedCount", q.getColumn(4).getInt64()},
                                          {"maxUses", q.getColumn(5).isNull() ? json(nullptr) : json(q.getColumn(5).getInt64())},
                                          {"expiresOn", q.getColumn(6).isNull() ? json(nullptr) : json(q.getColumn(6).getString())}};
                            });
  json clicks = table_rows(st,
                           "SELECT offer_id, partner_id, day, clicks FROM tr_click_daily WHERE brand_id = ? "
                           "ORDER BY day, offer_id, partner_id",
                           brand, [](SQLite::Statement& q) {
                             return json{{"offerId", q.getColumn(0).getString()},
                                         {"partnerId", q.getColumn(1).getString()},
                                         {"day", q.getColumn(2).getString()},
                                         {"clicks", q.getColumn(3).getInt64()}};
                           });
  return {{"brand", brand_json(brand)}, {"offers", offers},   {"partners", partners}, {"coupons", coupons},
          {"clicksByDay", clicks},      {"conversions", conversions}, {"payouts", payouts},
          {"audit", audit_rows(st, brand)}};
}

void add_readout_commands(CLI::App& parent, app::CommandEnv& env) {
  auto* audit = parent.add_subcommand("audit", "Print the brand's audit log, oldest first, as JSON");
  env.add_ledger_flags(audit);
  audit->callback([&env] {
    env.set_action([&env] {
      return run(env.options, "audit", [](store::Store& st) {
        print(audit_rows(st, resolve_brand(st)));
        return 0;
      });
    });
  });
  auto* exp = parent.add_subcommand("export", "Print everything of the brand as JSON (postback secrets redacted)");
  env.add_ledger_flags(exp);
  exp->callback([&env] {
    env.set_action([&env] {
      return run(env.options, "export", [](store::Store& st) {
        print(export_brand(st, resolve_brand(st)));
        return 0;
      });
    });
  });
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* affiliate = root.add_subcommand("affiliate", "Affiliate tracking (Trcker): brands, partners, clicks, postbacks, payouts");
  affiliate->require_subcommand(1);
  add_brand_commands(*affiliate, env);
  add_partner_commands(*affiliate, env);
  add_click_command(*affiliate, env);
  add_postback_command(*affiliate, env);
  add_payout_commands(*affiliate, env);
  add_readout_commands(*affiliate, env);
  add_outbox_command(*affiliate, env);
}

}  // namespace tally::affiliate
