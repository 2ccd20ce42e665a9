#include "ledger/schedule_commands.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/run_tool.h"
#include "app/runtime.h"
#include "mcp/message_parser.h"

namespace tally::ledger {

using mcp::json;

namespace {

/// The flags of a schedule's rule and template, shared by create and update.
struct ScheduleFlags {
  std::string id, tool, arguments, every, start, end, name, auto_post;
  int interval = 1, day_of_month = 0, count = 0;
  bool no_end = false, no_count = false, no_day = false;
  CLI::Option *interval_opt = nullptr, *day_opt = nullptr, *count_opt = nullptr;
};

void add_rule_flags(CLI::App* cmd, ScheduleFlags& f, bool create) {
  auto* tool = cmd->add_option(
      "--tool", f.tool,
      "The create-draft tool each occurrence runs, e.g. extrack_create_transaction_draft");
  auto* args = cmd->add_option("--arguments", f.arguments,
                               "That tool's arguments as one JSON object, without date");
  auto* every = cmd->add_option("--every", f.every, "day, week, month or year");
  auto* start = cmd->add_option("--start", f.start, "The first possible day, YYYY-MM-DD");
  if (create) {
    tool->required();
    args->required();
    every->required();
    start->required();
  }
  f.interval_opt =
      cmd->add_option("--interval", f.interval, "Every N days/weeks/months/years (default 1)");
  f.day_opt = cmd->add_option("--day-of-month", f.day_of_month,
                              "1-31; 31 means the last day of shorter months");
  cmd->add_option("--end", f.end, "The last possible day, YYYY-MM-DD");
  f.count_opt = cmd->add_option("--count", f.count, "How many occurrences in all");
  cmd->add_option("--name", f.name, "What to call it (default: the template's title)");
  cmd->add_option("--auto-post", f.auto_post,
                  "true: post each occurrence instead of leaving a draft")
      ->check(CLI::IsMember({"true", "false"}));
  if (!create) {
    cmd->add_flag("--no-end", f.no_end, "Clear the end date");
    cmd->add_flag("--no-count", f.no_count, "Clear the count");
    cmd->add_flag("--no-day-of-month", f.no_day, "Clear the day of month");
  }
}

/// The tool's arguments from the flags given; false (and a message) when --arguments is not a JSON
/// object.
bool rule_args(const ScheduleFlags& f, json& out, const char* command) {
  if (!f.tool.empty() || !f.arguments.empty()) {
    std::string error;
    auto parsed = mcp::parse_line(f.arguments.empty() ? "{}" : f.arguments, error);
    if (!parsed || !parsed->value.is_object()) {
      std::fprintf(stderr, "tally schedule %s: --arguments must be one JSON object: %s\n", command,
                   parsed ? "got another JSON value" : error.c_str());
      return false;
    }
    out["template"] = {{"tool", f.tool}, {"arguments", parsed->value}};
  }
  if (!f.every.empty()) out["every"] = f.every;
  if (!f.start.empty()) out["startDate"] = f.start;
  if (f.interval_opt->count() > 0) out["interval"] = f.interval;
  if (f.day_opt->count() > 0) out["dayOfMonth"] = f.day_of_month;
  if (!f.end.empty()) out["endDate"] = f.end;
  if (f.count_opt->count() > 0) out["count"] = f.count;
  if (!f.name.empty()) out["name"] = f.name;
  if (!f.auto_post.empty()) out["autoPost"] = f.auto_post == "true";
  if (f.no_end) out["endDate"] = nullptr;
  if (f.no_count) out["count"] = nullptr;
  if (f.no_day) out["dayOfMonth"] = nullptr;
  return true;
}

}  // namespace

void add_schedule_commands(CLI::App& root, app::CommandEnv& env) {
  auto* schedule = root.add_subcommand(
      "schedule", "Recurring transactions: list, create, change, skip (JSON output)");
  schedule->require_subcommand(1);

  auto* list = schedule->add_subcommand("list", "The schedules with their next due day");
  env.add_ledger_flags(list);
  list->callback([&env] {
    env.set_action([&env] {
      return app::run_tool(env.options, "schedule list", "ledger_list_schedules", json::object());
    });
  });

  auto c = std::make_shared<ScheduleFlags>();
  auto* create = schedule->add_subcommand("create", "Schedule a draft that recurs");
  add_rule_flags(create, *c, true);
  env.add_ledger_flags(create);
  create->callback([&env, c] {
    env.set_action([&env, c] {
      json args = json::object();
      if (!rule_args(*c, args, "create")) return 2;
      return app::run_tool(env.options, "schedule create", "ledger_create_schedule", args);
    });
  });

  auto u = std::make_shared<ScheduleFlags>();
  auto* update = schedule->add_subcommand("update", "Change a schedule: only the flags given");
  update->add_option("scheduleId", u->id, "The schedule's id (sch_...)")->required();
  add_rule_flags(update, *u, false);
  env.add_ledger_flags(update);
  update->callback([&env, u] {
    env.set_action([&env, u] {
      json args{{"scheduleId", u->id}};
      if (!rule_args(*u, args, "update")) return 2;
      return app::run_tool(env.options, "schedule update", "ledger_update_schedule", args);
    });
  });

  auto id = std::make_shared<std::string>();
  auto* remove = schedule->add_subcommand("delete", "Delete a schedule (what it created stays)");
  remove->add_option("scheduleId", *id, "The schedule's id (sch_...)")->required();
  env.add_ledger_flags(remove);
  remove->callback([&env, id] {
    env.set_action([&env, id] {
      return app::run_tool(env.options, "schedule delete", "ledger_delete_schedule",
                           json{{"scheduleId", *id}});
    });
  });

  auto date = std::make_shared<std::string>();
  auto* skip = schedule->add_subcommand("skip", "Skip the next due occurrence, or --date's");
  skip->add_option("scheduleId", *id, "The schedule's id (sch_...)")->required();
  skip->add_option("--date", *date, "The occurrence to skip, YYYY-MM-DD");
  env.add_ledger_flags(skip);
  skip->callback([&env, id, date] {
    env.set_action([&env, id, date] {
      json args{{"scheduleId", *id}};
      if (!date->empty()) args["date"] = *date;
      return app::run_tool(env.options, "schedule skip", "ledger_skip_occurrence", args);
    });
  });

  auto days = std::make_shared<int>(30);
  auto* upcoming =
      schedule->add_subcommand("upcoming", "Bills due in the next days, with totals per account");
  upcoming->add_option("--days", *days, "How many days ahead (1-366)")->capture_default_str();
  env.add_ledger_flags(upcoming);
  upcoming->callback([&env, days] {
    env.set_action([&env, days] {
      return app::run_tool(env.options, "schedule upcoming", "ledger_upcoming",
                           json{{"days", *days}});
    });
  });
}

}  // namespace tally::ledger
