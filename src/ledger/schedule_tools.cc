#include "ledger/schedule_tools.h"

#include <map>

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/schedule_template.h"
#include "ledger/schedules.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"
#include "store/money_schema.h"
#include "store/transaction.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

constexpr int kMaxUpcomingPerSchedule = 400;

/// The name a schedule gets when none is given: the template's title, else its tool's kind.
std::string default_name(const std::string& tool, const json& arguments) {
  if (arguments.contains("title") && arguments["title"].is_string())
    return arguments["title"].get<std::string>();
  if (tool == "extrack_create_lend_money_draft") return "Lend money";
  if (tool == "extrack_create_repayment_draft") return "Repayment";
  return "Schedule";
}

/// Reads the rule fields present in `a` over `r` (on update, null clears an optional one).
void read_rule(const mcp::Args& a, Rule& r) {
  if (a.has("every")) r.every = a.str("every");
  if (a.has("interval")) r.interval = static_cast<int>(a.integer("interval"));
  if (a.has("startDate")) r.start = a.str("startDate");
  if (a.present("dayOfMonth"))
    r.day_of_month = a.has("dayOfMonth")
                         ? std::optional<int>(static_cast<int>(a.integer("dayOfMonth")))
                         : std::nullopt;
  if (a.present("endDate")) r.end = a.opt_str("endDate");
  if (a.present("count")) r.count = a.opt_int("count");
  if (a.has("endDate") && a.has("count"))
    throw ToolError(
        "endDate and count: give one of them (or neither: the schedule runs until deleted)");
  if (r.end && r.count)
    throw ToolError(std::string(a.has("endDate") ? "endDate" : "count") +
                    ": the schedule already ends by " + (a.has("endDate") ? "count" : "endDate") +
                    "; clear it with null first");
  if (auto problem = rule_problem(r); !problem.empty())
    throw ToolError(problem + ". Nothing was written.");
}

/// The template of `a` checked by its tool, dated at the rule's first occurrence.
void read_template(store::Store& st, const mcp::Args& a, Schedule& sch) {
  mcp::Args t = a.object("template");
  sch.tool = t.str("tool");
  std::string first = next_occurrence(sch.rule, std::nullopt).value_or(sch.rule.start);
  sch.arguments = check_template(st, sch.tool, t.object("arguments"), first);
}

ToolResult create_schedule(store::Store& st, const mcp::Args& a) {
  store::Transaction tx(st.db);
  Schedule sch;
  read_rule(a, sch.rule);
  read_template(st, a, sch);
  sch.name = a.opt_str("name").value_or(default_name(sch.tool, sch.arguments));
  sch.auto_post = a.boolean("autoPost");
  insert_schedule(st, sch);
  json out = schedule_json(st, sch);
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult update_schedule_tool(store::Store& st, const mcp::Args& a) {
  store::Transaction tx(st.db);
  Schedule sch = require_schedule(st, a.str("scheduleId"));
  read_rule(a, sch.rule);
  if (a.has("template")) {
    read_template(st, a, sch);
  } else {
    // A new rule, or a ledger changed since: the kept template must still pass.
    mcp::Args kept(sch.arguments, nullptr);
    check_template(st, sch.tool, kept,
                   next_occurrence(sch.rule, sch.done_through).value_or(sch.rule.start));
  }
  if (a.has("name")) sch.name = a.str("name");
  if (a.has("autoPost")) sch.auto_post = a.boolean("autoPost");
  update_schedule(st, sch);
  json out = schedule_json(st, sch);
  tx.commit();
  return ToolResult::of(std::move(out));
}

ToolResult delete_schedule_tool(store::Store& st, const mcp::Args& a) {
  store::Transaction tx(st.db);
  Schedule sch = require_schedule(st, a.str("scheduleId"));
  std::int64_t created = count_occurrences(st, sch.id);
  delete_schedule(st, sch.id);
  tx.commit();
  return ToolResult::of(
      {{"deleted", true}, {"scheduleId", sch.id}, {"occurrencesCreated", created}});
}

ToolResult skip_occurrence(store::Store& st, const mcp::Args& a) {
  store::Transaction tx(st.db);
  Schedule sch = require_schedule(st, a.str("scheduleId"));
  auto next = next_due(st, sch);
  std::string date;
  if (a.has("date")) {
    date = a.str("date");
    if (!is_occurrence(sch.rule, date)) {
      auto around = next_occurrence(sch.rule, date);
      throw ToolError("date: " + date + " is not an occurrence of schedule \"" + sch.name + "\"" +
                      (around ? " (the next one after it is " + *around + ")" : "") +
                      ". Nothing was written.");
    }
    if (auto done = find_occurrence(st, sch.id, date))
      throw ToolError("date: the occurrence of " + date + " was already " +
                      (done->status == "skipped"
                           ? std::string("skipped")
                           : done->status + (done->draft_id ? " (draft " + *done->draft_id + ")"
                                                            : std::string())) +
                      ". Nothing was written.");
    if (sch.done_through && date <= *sch.done_through)
      throw ToolError("date: the occurrence of " + date +
                      " is already past for this schedule. Nothing was written.");
  } else {
    if (!next)
      throw ToolError("scheduleId: schedule \"" + sch.name +
                      "\" has ended; there is nothing to skip");
    date = *next;
  }
  Occurrence o;
  o.date = date;
  o.status = "skipped";
  insert_occurrence(st, sch.id, o);
  if (next && date == *next) advance(st, sch.id, date);
  Schedule now = require_schedule(st, sch.id);
  auto after = next_due(st, now);
  tx.commit();
  return ToolResult::of({{"scheduleId", sch.id},
                         {"skipped", date},
                         {"nextDue", after ? json(*after) : json(nullptr)}});
}

ToolResult upcoming(store::Store& st, const mcp::Args& a) {
  const int days = static_cast<int>(a.integer("days"));
  const std::string today = st.today();
  const std::string through = add_days(today, days);
  struct Total {
    std::int64_t out = 0, in = 0;
  };
  std::map<std::string, Total> totals;
  json items = json::array();
  bool truncated = false;
  for (const Schedule& sch : list_schedules(st)) {
    auto dates = due_dates(st, sch, through, kMaxUpcomingPerSchedule + 1);
    if (dates.size() > static_cast<std::size_t>(kMaxUpcomingPerSchedule)) {
      truncated = true;
      dates.pop_back();
    }
    if (dates.empty()) continue;
    json amounts = json::array();
    auto flows = template_flows(st, sch.tool, sch.arguments);
    for (const auto& f : flows) {
      auto acc = find_account(st, f.account_id);
      if (!acc) continue;
      amounts.push_back(
          {{"accountId", acc->id},
           {"accountName", acc->name},
           {"amount", store::money_json(f.amount_minor, *store::find_currency(acc->currency))}});
    }
    for (const auto& d : dates) {
      items.push_back({{"scheduleId", sch.id},
                       {"name", sch.name},
                       {"date", d},
                       {"overdue", d < today},
                       {"autoPost", sch.auto_post},
                       {"amounts", amounts}});
      for (const auto& f : flows) {
        Total& t = totals[f.account_id];
        if (f.amount_minor < 0)
          t.out = store::checked_add(t.out, -f.amount_minor);
        else
          t.in = store::checked_add(t.in, f.amount_minor);
      }
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const json& x, const json& y) {
    return x["date"].get<std::string>() < y["date"].get<std::string>();
  });
  json accounts = json::array();
  for (const auto& [id, t] : totals) {
    auto acc = find_account(st, id);
    if (!acc) continue;
    auto currency = *store::find_currency(acc->currency);
    accounts.push_back({{"accountId", acc->id},
                        {"accountName", acc->name},
                        {"currency", acc->currency},
                        {"outflow", store::money_json(t.out, currency)},
                        {"inflow", store::money_json(t.in, currency)},
                        {"net", store::money_json(store::checked_add(t.in, -t.out), currency)}});
  }
  json out{{"today", today},
           {"through", through},
           {"occurrences", items},
           {"accounts", accounts},
           {"truncated", truncated}};
  return ToolResult::of(std::move(out));
}

json object_output(json properties, std::vector<std::string> required) {
  return {
      {"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

std::vector<s::Field> rule_fields(bool update) {
  auto opt = [update](s::Field f) -> s::Field {
    if (update) f.nullable();
    return f;
  };
  std::vector<s::Field> fields = {
      update ? s::enumeration("every", {"day", "week", "month", "year"})
             : s::enumeration("every", {"day", "week", "month", "year"}).required(),
      s::integer("interval")
          .min(1)
          .max(1000)
          .describe("every N days/weeks/months/years (default 1)"),
      update ? s::date("startDate").describe("the first possible day")
             : s::date("startDate").required().describe("the first possible day, YYYY-MM-DD"),
      opt(s::integer("dayOfMonth")
              .min(1)
              .max(31)
              .describe("month/year: the day of the month (default startDate's); 31 means the last "
                        "day of shorter months, "
                        "29 in February means Feb 28 in other years")),
      opt(s::date("endDate").describe("the last possible day (or give count)")),
      opt(s::integer("count").min(1).max(100000).describe(
          "how many occurrences in all (or give endDate)"))};
  if (!update) fields[1].def(1);
  return fields;
}

s::Field template_field() {
  return s::object(
             "template",
             {s::enumeration(
                  "tool", {"extrack_create_transaction_draft", "extrack_create_split_expense_draft",
                           "extrack_create_lend_money_draft", "extrack_create_repayment_draft"})
                  .required(),
              s::Field("arguments", json{{"type", "object"}})
                  .required()
                  .describe(
                      "exactly what that tool takes, except date (each occurrence has its own)")})
      .describe("the draft each occurrence creates: a create-draft tool and its arguments");
}

s::Field schedule_id() {
  return s::string("scheduleId")
      .required()
      .min_length(1)
      .max_length(64)
      .describe("a schedule id (sch_…)");
}

store::Store& store_from(mcp::CallContext& ctx) {
  return app::store_of(ctx);
}

}  // namespace

std::vector<mcp::ToolSpec> schedule_tools() {
  std::vector<mcp::ToolSpec> tools;
  json schedule = schedule_output_schema();
  json money = store::money_schema(kMoneyWording, "+ into the account, − out of it");

  std::vector<s::Field> create = {template_field().required()};
  for (auto& f : rule_fields(false)) create.push_back(std::move(f));
  create.push_back(
      s::boolean("autoPost")
          .def(false)
          .describe("post each occurrence at once instead of leaving a draft to confirm"));
  create.push_back(
      s::string("name").min_length(1).max_length(200).describe("default: the template's title"));
  tools.push_back(mcp::ToolSpec{.name = "ledger_create_schedule",
                                .title = "Create a recurring transaction",
                                .description =
                                    "Schedule a draft that recurs: template {tool, arguments} "
                                    "names an extrack_create_*_draft tool and what "
                                    "it takes (without date), checked now exactly as that tool "
                                    "checks it. Each occurrence becomes a draft "
                                    "(source \"schedule\", in the Automation inbox) when Tally "
                                    "next starts or serves on or after its day, "
                                    "in the workspace's time zone; autoPost: true posts it "
                                    "instead. Missed occurrences are created late, at "
                                    "most 12 per schedule at once.",
                                .input_schema = s::object_schema(create),
                                .output_schema = schedule,
                                .annotations = mcp::kCreate,
                                .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
                                  return create_schedule(store_from(ctx), a);
                                }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_list_schedules",
      .title = "List recurring transactions",
      .description = "The workspace's schedules with their next due day, how many are due and not "
                     "yet created, and "
                     "the last occurrence (its draft or transaction, and whether it was late).",
      .input_schema = s::object_schema({}),
      .output_schema = object_output({{"today", {{"type", "string"}}},
                                      {"schedules", {{"type", "array"}, {"items", schedule}}}},
                                     {"today", "schedules"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store& st = store_from(ctx);
        json list = json::array();
        for (const auto& sch : list_schedules(st)) list.push_back(schedule_json(st, sch));
        return ToolResult::of({{"today", st.today()}, {"schedules", list}});
      }});

  std::vector<s::Field> update = {schedule_id(), template_field()};
  for (auto& f : rule_fields(true)) update.push_back(std::move(f));
  update.push_back(s::boolean("autoPost"));
  update.push_back(s::string("name").min_length(1).max_length(200));
  tools.push_back(mcp::ToolSpec{.name = "ledger_update_schedule",
                                .title = "Change a recurring transaction",
                                .description = "Change a schedule: pass scheduleId and only what "
                                               "changes (null clears dayOfMonth, endDate or "
                                               "count). The template and rule are checked again as "
                                               "on creation. Occurrences already created "
                                               "stay; the next ones follow the new rule.",
                                .input_schema = s::object_schema(update),
                                .output_schema = schedule,
                                .annotations = mcp::kUpdate,
                                .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
                                  return update_schedule_tool(store_from(ctx), a);
                                }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_delete_schedule",
      .title = "Delete a recurring transaction",
      .description = "Delete a schedule. Drafts and transactions it already created stay.",
      .input_schema = s::object_schema({schedule_id()}),
      .output_schema = object_output({{"deleted", {{"type", "boolean"}}},
                                      {"scheduleId", {{"type", "string"}}},
                                      {"occurrencesCreated", {{"type", "integer"}}}},
                                     {"deleted", "scheduleId", "occurrencesCreated"}),
      .annotations = mcp::kDestructive,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return delete_schedule_tool(store_from(ctx), a);
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "ledger_skip_occurrence",
      .title = "Skip one occurrence",
      .description = "Skip one occurrence of a schedule so it is never created: the next due one, "
                     "or `date` (an "
                     "occurrence not created yet).",
      .input_schema = s::object_schema(
          {schedule_id(), s::date("date").describe("default: the next due occurrence")}),
      .output_schema = object_output({{"scheduleId", {{"type", "string"}}},
                                      {"skipped", {{"type", "string"}}},
                                      {"nextDue", {{"type", {"string", "null"}}}}},
                                     {"scheduleId", "skipped", "nextDue"}),
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return skip_occurrence(store_from(ctx), a);
      }});

  json amount_item = object_output({{"accountId", {{"type", "string"}}},
                                    {"accountName", {{"type", "string"}}},
                                    {"amount", money}},
                                   {"accountId", "accountName", "amount"});
  tools.push_back(mcp::ToolSpec{
      .name = "ledger_upcoming",
      .title = "Bills coming up",
      .description = "Scheduled occurrences not yet created, through the next `days` days (overdue "
                     "ones first), "
                     "with what each moves per account, and the totals per account: \"bills due in "
                     "the next 30 "
                     "days\".",
      .input_schema = s::object_schema({s::integer("days").min(1).max(366).def(30)}),
      .output_schema = object_output(
          {{"today", {{"type", "string"}}},
           {"through", {{"type", "string"}}},
           {"occurrences",
            {{"type", "array"},
             {"items",
              object_output({{"scheduleId", {{"type", "string"}}},
                             {"name", {{"type", "string"}}},
                             {"date", {{"type", "string"}}},
                             {"overdue", {{"type", "boolean"}}},
                             {"autoPost", {{"type", "boolean"}}},
                             {"amounts", {{"type", "array"}, {"items", amount_item}}}},
                            {"scheduleId", "name", "date", "overdue", "autoPost", "amounts"})}}},
           {"accounts",
            {{"type", "array"},
             {"items", object_output(
                           {{"accountId", {{"type", "string"}}},
                            {"accountName", {{"type", "string"}}},
                            {"currency", {{"type", "string"}}},
                            {"outflow", money},
                            {"inflow", money},
                            {"net", money}},
                           {"accountId", "accountName", "currency", "outflow", "inflow", "net"})}}},
           {"truncated",
            {{"type", "boolean"}, {"description", "more than 400 occurrences of one schedule"}}}},
          {"today", "through", "occurrences", "accounts", "truncated"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        return upcoming(store_from(ctx), a);
      }});
  return tools;
}

}  // namespace tally::ledger
