#include "rewards/commands.h"

#include <cstdio>
#include <memory>

#include "app/runtime.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace tally::rewards {

using mcp::json;

namespace {

/// Runs in-process: there is no client to ask, and nothing to cancel.
class CommandContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string& method, json) override {
    throw mcp::ToolError("the command line has no client to send " + method + " to.");
  }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return info_; }

 private:
  json empty_ = json::object();
  json info_ = {{"name", "tally-cli"}, {"version", "1"}};
};

/// Runs `tool` with `arguments` on the ledger the flags name; prints its text
/// to stdout (or its error to stderr) and returns the exit status.
int run_tool(const app::RuntimeOptions& options, const std::string& command, const std::string& tool,
             const json& arguments) {
  app::Runtime runtime(options);
  const mcp::ToolSpec* spec = runtime.registry().find(tool);
  if (spec == nullptr) {
    std::fprintf(stderr, "tally %s: the rewards toolset is not selected (--toolsets)\n", command.c_str());
    return 2;
  }
  CommandContext context;
  json result = runtime.registry().call(*spec, arguments, mcp::DecimalLexemes{}, "", context,
                                        mcp::kLatestVersion);
  bool failed = result.value("isError", false);
  for (const auto& block : result["content"])
    if (block.value("type", "") == "text") {
      const std::string text = block["text"].get<std::string>();
      if (failed) std::fprintf(stderr, "tally %s: %s\n", command.c_str(), text.c_str());
      else std::printf("%s\n", text.c_str());
    }
  return failed ? 1 : 0;
}

/// Options of one command, kept alive by shared_ptr for the parse-then-run callback.
struct Values {
  std::string a, b, c, d, e, f, g, h;
  int count = 1;
};

/// Sets `key` from a flag's text when the flag was given; "none" means null.
void put(json& args, const char* key, const std::string& text, bool nullable = false) {
  if (text.empty()) return;
  if (nullable && text == "none") args[key] = nullptr;
  else args[key] = text;
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* rewards = root.add_subcommand("rewards", "Finstracker data entry: billing, catalog, cards, perks, offers");
  rewards->require_subcommand(1);
  app::CommandEnv* e = &env;

  {
    auto v = std::make_shared<Values>();
    auto* cmd = rewards->add_subcommand("billing", "Show the billing state, or set it (--status …)");
    cmd->add_option("--status", v->a, "trialing, active, past_due or expired")
        ->check(CLI::IsMember({"trialing", "active", "past_due", "expired"}));
    cmd->add_option("--plan", v->b, "Plan name");
    cmd->add_option("--trial-end", v->c, "Date or ISO date-time the trial ends (none clears it)");
    cmd->add_option("--current-period-end", v->d, "Date or ISO date-time the period ends (none clears it)");
    cmd->add_option("--cancel-at-period-end", v->e, "true or false")->check(CLI::IsMember({"true", "false"}));
    env.add_ledger_flags(cmd);
    cmd->callback([v, e] {
      e->set_action([v, e] {
        if (v->a.empty()) {
          if (!v->b.empty() || !v->c.empty() || !v->d.empty() || !v->e.empty()) {
            std::fprintf(stderr, "tally rewards billing: --status is required to change billing\n");
            return 2;
          }
          return run_tool(e->options, "rewards billing", "get_billing_status", json::object());
        }
        json args{{"status", v->a}};
        put(args, "plan", v->b);
        put(args, "trialEnd", v->c, true);
        put(args, "currentPeriodEnd", v->d, true);
        if (!v->e.empty()) args["cancelAtPeriodEnd"] = v->e == "true";
        return run_tool(e->options, "rewards billing", "rewards_set_billing", args);
      });
    });
  }
  {
    auto v = std::make_shared<Values>();
    auto* cmd = rewards->add_subcommand("catalog", "Print the bundled card catalog, or one card");
    cmd->add_option("card-key", v->a, "e.g. chase-sapphire-preferred");
    env.add_ledger_flags(cmd);
    cmd->callback([v, e] {
      e->set_action([v, e] {
        json args = json::object();
        put(args, "cardKey", v->a);
        return run_tool(e->options, "rewards catalog", "get_catalog_card", args);
      });
    });
  }
  {
    auto v = std::make_shared<Values>();
    auto* cmd = rewards->add_subcommand("add-card", "Add a card from the catalog (or by hand with --name/--issuer/--type)");
    cmd->add_option("card-key", v->a, "Catalog key, e.g. chase-sapphire-preferred");
    cmd->add_option("--name", v->b, "Display name");
    cmd->add_option("--issuer", v->c, "Issuer");
    cmd->add_option("--type", v->d, "points or cashback")->check(CLI::IsMember({"points", "cashback"}));
    cmd->add_option("--balance", v->e, "Opening balance: points, or dollars of cashback");
    cmd->add_option("--point-value", v->f, "Cents per point, e.g. 1.25");
    cmd->add_option("--annual-fee", v->g, "Dollars per year");
    env.add_ledger_flags(cmd);
    cmd->callback([v, e] {
      e->set_action([v, e] {
        json args = json::object();
        put(args, "cardKey", v->a);
        put(args, "displayName", v->b);
        put(args, "issuer", v->c);
        put(args, "rewardType", v->d);
        put(args, "openingBalance", v->e);
        put(args, "pointValueCents", v->f);
        put(args, "annualFee", v->g);
        return run_tool(e->options, "rewards add-card", "rewards_add_card", args);
      });
    });
  }
  {
    auto v = std::make_shared<Values>();
    auto* cmd = rewards->add_subcommand("add-perk", "Add a statement credit to a card");
    cmd->add_option("card-id", v->a, "Card id (crd_…)")->required();
    cmd->add_option("name", v->b, "e.g. Uber Cash")->required();
    cmd->add_option("value", v->c, "The credit, e.g. 15.00")->required();
    cmd->add_option("deadline", v->d, "Last day to use it, YYYY-MM-DD")->required();
    cmd->add_option("--frequency", v->e, "monthly, quarterly, semiannual, annual or once")
        ->check(CLI::IsMember({"monthly", "quarterly", "semiannual", "annual", "once"}));
    cmd->add_option("--count", v->count, "How many periods to add")->capture_default_str();
    env.add_ledger_flags(cmd);
    cmd->callback([v, e] {
      e->set_action([v, e] {
        json args{{"cardId", v->a}, {"name", v->b}, {"value", v->c}, {"deadline", v->d}, {"count", v->count}};
        put(args, "frequency", v->e);
        return run_tool(e->options, "rewards add-perk", "rewards_add_perk", args);
      });
    });
  }
  {
    auto v = std::make_shared<Values>();
    auto* cmd = rewards->add_subcommand("add-offer", "Add a merchant offer to a card");
    cmd->add_option("card-id", v->a, "Card id (crd_…)")->required();
    cmd->add_option("merchant", v->b, "Merchant name")->required();
    cmd->add_option("--percent", v->c, "Percent back, e.g. 10");
    cmd->add_option("--fixed", v->d, "Fixed reward, e.g. 10.00");
    cmd->add_option("--category", v->e, "dining, travel, streaming, retail, grocery, gas, entertainment or other");
    cmd->add_option("--min-spend", v->f, "Minimum purchase");
    cmd->add_option("--max-reward", v->g, "Cap on a percent offer");
    cmd->add_option("--expires", v->h, "Last valid day, YYYY-MM-DD");
    env.add_ledger_flags(cmd);
    cmd->callback([v, e] {
      e->set_action([v, e] {
        json args{{"cardId", v->a}, {"merchant", v->b}};
        put(args, "percentBack", v->c);
        put(args, "fixedReward", v->d);
        put(args, "category", v->e);
        put(args, "minSpend", v->f);
        put(args, "maxReward", v->g);
        put(args, "expiresOn", v->h);
        return run_tool(e->options, "rewards add-offer", "rewards_add_offer", args);
      });
    });
  }
}

}  // namespace tally::rewards
