#include "ledger/report_commands.h"

#include <map>
#include <memory>
#include <vector>

#include "app/run_tool.h"

namespace tally::ledger {

using mcp::json;

namespace {

// One subcommand: its flags map to the tool's parameters, and only the flags
// given are passed (so the tool's defaults and checks apply as over MCP).
class Twin {
 public:
  Twin(CLI::App& parent, app::CommandEnv& env, const std::string& name, const std::string& tool,
       const std::string& help, const std::string& group = "report")
      : app_(parent.add_subcommand(name, help)), tool_(tool), command_(group + " " + name) {
    env.add_ledger_flags(app_);
  }

  /// --flag VALUE → param (a string; decimals stay text, read exactly by the tool).
  Twin& text(const std::string& flag, const std::string& param, const std::string& help) {
    auto value = std::make_shared<std::string>();
    app_->add_option(flag, *value, help);
    fields_.push_back([value, param](json& args) {
      if (!value->empty()) args[param] = *value;
    });
    return *this;
  }
  /// A positional argument → param.
  Twin& positional(const std::string& name, const std::string& param, const std::string& help,
                   bool required) {
    auto value = std::make_shared<std::string>();
    auto* opt = app_->add_option(name, *value, help);
    if (required) opt->required();
    fields_.push_back([value, param](json& args) {
      if (!value->empty()) args[param] = *value;
    });
    return *this;
  }
  Twin& integer(const std::string& flag, const std::string& param, const std::string& help) {
    auto value = std::make_shared<long long>(0);
    auto* opt = app_->add_option(flag, *value, help);
    fields_.push_back([value, opt, param](json& args) {
      if (opt->count() > 0) args[param] = *value;
    });
    return *this;
  }
  Twin& flag(const std::string& flag, const std::string& param, const std::string& help) {
    auto value = std::make_shared<bool>(false);
    app_->add_flag(flag, *value, help);
    fields_.push_back([value, param](json& args) {
      if (*value) args[param] = true;
    });
    return *this;
  }
  /// --value CUR and --value-date DATE → valuation {currency, date} (issue 20).
  Twin& valuation(bool with_date) {
    auto currency = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    app_->add_option("--value", *currency,
                     "convert into this currency (ISO 4217) with recorded prices");
    if (with_date)
      app_->add_option("--value-date", *date, "YYYY-MM-DD of the prices (with --value)");
    fields_.push_back([currency, date](json& args) {
      if (currency->empty() && date->empty()) return;
      json v = json::object();
      if (!currency->empty()) v["currency"] = *currency;
      if (!date->empty()) v["date"] = *date;
      args["valuation"] = v;
    });
    return *this;
  }
  Twin& period() {
    return text("--period", "period",
                "this-month, last-month, ytd, last-12-months, YYYY, YYYY-MM or YYYY-Qn (default "
                "this-month)")
        .text("--start", "startDate", "YYYY-MM-DD, instead of --period")
        .text("--end", "endDate", "YYYY-MM-DD (default today)");
  }
  void done(app::CommandEnv& env) {
    auto fields = fields_;
    std::string tool = tool_, command = command_;
    app_->callback([&env, fields, tool, command] {
      env.set_action([&env, fields, tool, command] {
        json args = json::object();
        for (const auto& f : fields) f(args);
        return app::run_tool(env.options, command, tool, args);
      });
    });
  }

 private:
  CLI::App* app_;
  std::string tool_;
  std::string command_;
  std::vector<std::function<void(json&)>> fields_;
};

}  // namespace

void add_report_commands(CLI::App& root, app::CommandEnv& env) {
  auto* report = root.add_subcommand(
      "report", "Reports, budgets, search and tags over the ledger (JSON output)");
  report->require_subcommand(1);
  report->footer(
      "Each command runs the tool named in README.md and prints its JSON; exit status 1 on a tool "
      "error.\n\n"
      "Examples:\n"
      "  tally report spending --period last-month --limit 5      where did my money go?\n"
      "  tally report budget                                       am I on budget this month?\n"
      "  tally report net-worth --months 12                        net worth, month by month\n"
      "  tally report set-budget Dining 150.00 --rollover          budget a category\n"
      "  tally report search \"amazon refund\" --min 10              find transactions");

  Twin(*report, env, "income-statement", "ledger_income_statement",
       "Income and expenses by category for a period")
      .period()
      .text("--compare", "compareTo", "previous-period or year-earlier")
      .valuation(false)
      .done(env);
  Twin(*report, env, "balance-sheet", "ledger_balance_sheet",
       "Assets, liabilities, equity and net worth")
      .text("--as-of", "asOf", "YYYY-MM-DD (default today)")
      .valuation(true)
      .done(env);
  Twin(*report, env, "net-worth", "ledger_net_worth_series", "Month-end net worth, oldest first")
      .integer("--months", "months", "1-120 (default 12)")
      .valuation(true)
      .done(env);
  Twin(*report, env, "balances", "ledger_get_balances",
       "Every account's balance, with totals per currency")
      .text("--as-of", "asOf", "YYYY-MM-DD (default: everything posted)")
      .valuation(true)
      .done(env);
  Twin(*report, env, "spending", "ledger_spending_by",
       "Spending by category, payee or account, top N + other")
      .period()
      .text("--by", "groupBy", "category, payee or account (default category)")
      .integer("--limit", "limit", "groups shown, 1-100 (default 10)")
      .flag("--per-month", "perMonth", "also per month")
      .done(env);
  Twin(*report, env, "cash-flow", "ledger_cash_flow",
       "Money in and out of bank, cash, wallet, savings and cards")
      .period()
      .done(env);
  Twin(*report, env, "budget", "ledger_get_budget",
       "A month's budgets: spent, left, pace; unbudgeted spending")
      .text("--month", "month", "YYYY-MM (default this month)")
      .done(env);
  Twin(*report, env, "set-budget", "ledger_set_budget", "Budget an expense category per month")
      .positional("category", "categoryName", "the expense category", true)
      .positional("amount", "amount", "per month, e.g. 400.00", true)
      .text("--from", "fromMonth", "YYYY-MM (default this month)")
      .flag("--rollover", "rollover", "carry what a month leaves into the next")
      .text("--currency", "currency", "ISO 4217 (default the workspace's)")
      .done(env);
  Twin(*report, env, "delete-budget", "ledger_delete_budget", "Remove a category's budget")
      .positional("category", "categoryName", "the expense category", true)
      .text("--currency", "currency", "only this currency's")
      .done(env);
  Twin(*report, env, "search", "ledger_search_transactions",
       "Find transactions by words and filters")
      .positional("query", "query", "words in description, payee, memos or tags", false)
      .text("--tag", "tag", "has this tag")
      .text("--min", "minAmount", "smallest amount")
      .text("--max", "maxAmount", "largest amount")
      .text("--currency", "currency", "of --min/--max (default the workspace's)")
      .text("--account", "accountId", "touches this account")
      .text("--category", "categoryName", "in this category")
      .text("--person", "personId", "involves this person")
      .text("--start", "startDate", "YYYY-MM-DD")
      .text("--end", "endDate", "YYYY-MM-DD")
      .integer("--limit", "limit", "1-500 (default 50)")
      .text("--cursor", "cursor", "nextCursor of the previous page")
      .done(env);
  Twin(*report, env, "tag", "ledger_tag_transaction", "Tag a transaction")
      .positional("transactionId", "transactionId", "txn_...", true)
      .positional("tag", "tag", "letters, digits, - _ / :", true)
      .done(env);
  Twin(*report, env, "untag", "ledger_untag_transaction", "Remove a tag from a transaction")
      .positional("transactionId", "transactionId", "txn_...", true)
      .positional("tag", "tag", "the tag", true)
      .done(env);

  auto* price =
      root.add_subcommand("price", "Exchange rates: record and list prices (JSON output)");
  price->require_subcommand(1);
  price->footer(
      "Examples:\n"
      "  tally price set EUR USD 2026-03-01 1.0834     on 2026-03-01, 1 EUR = 1.0834 USD\n"
      "  tally price list --base EUR\n"
      "  tally import prices rates.csv                 a CSV with date,base,quote,rate");
  Twin(*price, env, "set", "ledger_set_price", "Record that on DATE, 1 BASE = RATE QUOTE", "price")
      .positional("base", "base", "ISO 4217, e.g. EUR", true)
      .positional("quote", "quote", "ISO 4217, e.g. USD", true)
      .positional("date", "date", "YYYY-MM-DD", true)
      .positional("rate", "rate", "exact decimal, e.g. 1.0834", true)
      .done(env);
  Twin(*price, env, "list", "ledger_list_prices", "Recorded prices by pair, newest first", "price")
      .text("--base", "base", "only this base currency")
      .text("--quote", "quote", "only this quote currency")
      .integer("--limit", "limit", "1-500 (default 100)")
      .text("--cursor", "cursor", "nextCursor of the previous page")
      .done(env);
}

}  // namespace tally::ledger
