#include "rewards/commands.h"

#include <cstdio>
#include <map>
#include <memory>
#include <vector>

#include "app/run_tool.h"
#include "app/runtime.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"

namespace tally::rewards {

using mcp::json;

namespace {


enum class Kind { kText, kNullable /* "none" sends null */, kBoolean, kInteger };

/// One command-line value and the tool parameter it fills. A name without
/// leading dashes is positional.
struct Flag {
  const char* name;
  const char* param;
  const char* help;
  Kind kind = Kind::kText;
  bool required = false;
};

/// A `tally rewards` subcommand: a tool plus the flags that fill its arguments.
/// With `show_tool`, running it with no flags calls that read tool instead.
struct Command {
  const char* name;
  const char* help;
  const char* tool;
  std::vector<Flag> flags;
  const char* show_tool = nullptr;
};

const std::vector<Command>& command_table() {
  static const std::vector<Command> commands = {
      {"billing", "Show the billing state, or set it (--status …)", "rewards_set_billing",
       {{"--status", "status", "trialing, active, past_due or expired"},
        {"--plan", "plan", "Plan name"},
        {"--trial-end", "trialEnd", "Date or ISO date-time the trial ends (none clears it)", Kind::kNullable},
        {"--current-period-end", "currentPeriodEnd", "Date or ISO date-time the period ends (none clears it)",
         Kind::kNullable},
        {"--cancel-at-period-end", "cancelAtPeriodEnd", "true or false", Kind::kBoolean}},
       "get_billing_status"},
      {"catalog", "Print the bundled card catalog, or one card", "get_catalog_card",
       {{"card-key", "cardKey", "e.g. chase-sapphire-preferred"}}},
      {"add-card", "Add a card from the catalog (or by hand with --name, --issuer, --type)", "rewards_add_card",
       {{"card-key", "cardKey", "Catalog key, e.g. chase-sapphire-preferred"},
        {"--name", "displayName", "Display name"},
        {"--issuer", "issuer", "Issuer"},
        {"--type", "rewardType", "points or cashback"},
        {"--balance", "openingBalance", "Opening balance: points, or dollars of cashback"},
        {"--point-value", "pointValueCents", "Cents per point, e.g. 1.25"},
        {"--annual-fee", "annualFee", "Dollars per year"},
        {"--currency", "currency", "ISO 4217 code (default USD)"}}},
      {"add-perk", "Add a statement credit to a card", "rewards_add_perk",
       {{"card-id", "cardId", "Card id (crd_…)", Kind::kText, true},
        {"name", "name", "e.g. Uber Cash", Kind::kText, true},
        {"value", "value", "The credit, e.g. 15.00", Kind::kText, true},
        {"deadline", "deadline", "Last day to use it, YYYY-MM-DD", Kind::kText, true},
        {"--frequency", "frequency", "monthly, quarterly, semiannual, annual or once"},
        {"--count", "count", "How many periods to add", Kind::kInteger}}},
      {"add-offer", "Add a merchant offer to a card", "rewards_add_offer",
       {{"card-id", "cardId", "Card id (crd_…)", Kind::kText, true},
        {"merchant", "merchant", "Merchant name", Kind::kText, true},
        {"--percent", "percentBack", "Percent back, e.g. 10"},
        {"--fixed", "fixedReward", "Fixed reward, e.g. 10.00"},
        {"--category", "category", "dining, travel, streaming, retail, grocery, gas, entertainment or other"},
        {"--min-spend", "minSpend", "Minimum purchase"},
        {"--max-reward", "maxReward", "Cap on a percent offer"},
        {"--expires", "expiresOn", "Last valid day, YYYY-MM-DD"}}},
      {"link-card", "Link a card to its credit-card account in the ledger (it then earns on each expense there)",
       "rewards_link_card",
       {{"card-id", "cardId", "Card id (crd_…)", Kind::kText, true},
        {"account-id", "accountId", "Credit-card account id (acc_…)", Kind::kText, true}}},
      {"unlink-card", "Stop a card's automatic earn", "rewards_unlink_card",
       {{"card-id", "cardId", "Card id (crd_…)", Kind::kText, true}}},
      {"links", "List linked cards with what they earned automatically", "rewards_list_links", {}},
      {"missed", "What linked cards earned against the best card in the wallet, per category", "rewards_missed",
       {{"--period", "period", "this-month, last-month, ytd, last-12-months, YYYY, YYYY-MM or YYYY-Qn"},
        {"--from", "startDate", "First day, YYYY-MM-DD (instead of --period)"},
        {"--to", "endDate", "Last day, YYYY-MM-DD (default today)"}}},
  };
  return commands;
}

/// The tool arguments from the values given; a bad boolean or integer is reported.
std::optional<json> arguments_of(const Command& c, const std::map<std::string, std::string>& values,
                                 std::string& error) {
  json args = json::object();
  for (const auto& f : c.flags) {
    auto it = values.find(f.param);
    if (it == values.end() || it->second.empty()) continue;
    const std::string& text = it->second;
    switch (f.kind) {
      case Kind::kText: args[f.param] = text; break;
      case Kind::kNullable: args[f.param] = text == "none" ? json(nullptr) : json(text); break;
      case Kind::kBoolean:
        if (text != "true" && text != "false") {
          error = std::string(f.name) + " must be true or false (got " + text + ")";
          return std::nullopt;
        }
        args[f.param] = text == "true";
        break;
      case Kind::kInteger:
        if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9) {
          error = std::string(f.name) + " must be a whole number (got " + text + ")";
          return std::nullopt;
        }
        args[f.param] = std::stoi(text);
        break;
    }
  }
  return args;
}

}  // namespace

void add_commands(CLI::App& root, app::CommandEnv& env) {
  auto* rewards = root.add_subcommand("rewards", "Finstracker data entry: billing, catalog, cards, perks, offers");
  rewards->require_subcommand(1);
  app::CommandEnv* e = &env;
  for (const Command& command : command_table()) {
    auto values = std::make_shared<std::map<std::string, std::string>>();
    auto* sub = rewards->add_subcommand(command.name, command.help);
    for (const Flag& f : command.flags) {
      auto* option = sub->add_option(f.name, (*values)[f.param], f.help);
      if (f.required) option->required();
    }
    env.add_ledger_flags(sub);
    const Command* c = &command;
    sub->callback([c, values, e] {
      e->set_action([c, values, e] {
        const std::string name = std::string("rewards ") + c->name;
        std::string error;
        auto args = arguments_of(*c, *values, error);
        if (!args) {
          std::fprintf(stderr, "tally %s: %s\n", name.c_str(), error.c_str());
          return 2;
        }
        if (c->show_tool != nullptr && args->empty())
          return app::run_tool(e->options, name, c->show_tool, json::object());
        return app::run_tool(e->options, name, c->tool, *args);
      });
    });
  }
}

}  // namespace tally::rewards
