#include "ledger/schedule_template.h"

#include <algorithm>

#include "app/call_store.h"
#include "ledger/accounts.h"
#include "ledger/extrack_tools.h"
#include "mcp/schema.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "store/transaction.h"

namespace tally::ledger {

using mcp::json;
using mcp::ToolError;

namespace {

/// A template's call: no client behind it; drafts record "schedule" as their source.
class ScheduleContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const json&) override {}
  json request_client(const std::string& method, json) override {
    throw ToolError("a schedule has no client to send " + method + " to.");
  }
  const json& client_capabilities() const override { return empty_; }
  const json& client_info() const override { return info_; }

 private:
  json empty_ = json::object();
  json info_ = {{"name", "tally-schedule"}, {"version", "1"}};
};

const mcp::ToolSpec& template_tool(const std::string& name) {
  // Built once per process, like the served tools.
  static const std::vector<mcp::ToolSpec> tools = [] {
    std::vector<mcp::ToolSpec> out;
    for (auto& t : extrack_tools())
      if (std::find(template_tool_names().begin(), template_tool_names().end(), t.name) !=
          template_tool_names().end())
        out.push_back(std::move(t));
    return out;
  }();
  for (const auto& t : tools)
    if (t.name == name) return t;
  std::string names;
  for (const auto& n : template_tool_names()) names += (names.empty() ? "" : ", ") + n;
  throw ToolError("template.tool: \"" + name + "\" cannot be scheduled; use one of " + names);
}

/// `obj` with every fraction as the text it was sent as (never a double's rendering).
json exact_copy(const mcp::Args& obj) {
  json out = json::object();
  const json& raw = obj.raw();
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    const std::string& key = it.key();
    const json& value = it.value();
    if (value.is_number_float()) {
      out[key] = *obj.opt_decimal_text(key);
    } else if (value.is_object()) {
      out[key] = exact_copy(obj.object(key));
    } else if (value.is_array() && std::all_of(value.begin(), value.end(),
                                               [](const json& v) { return v.is_object(); })) {
      json items = json::array();
      for (const auto& item : obj.array(key)) items.push_back(exact_copy(item));
      out[key] = std::move(items);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/// Runs the tool's own validation and handler on `arguments` dated `date`.
std::string run(store::Store& st, const mcp::ToolSpec& spec, json arguments,
                const std::string& date) {
  arguments["date"] = date;
  if (auto problem = mcp::schema::validate(spec.input_schema, arguments))
    throw ToolError("template (" + spec.name + "): " + *problem);
  ScheduleContext ctx;
  app::StoreScope scope(st);
  ctx.scope = &scope;
  mcp::Args args(arguments, nullptr);
  try {
    json out = spec.handler(args, ctx).object();
    return out.at("id").get<std::string>();
  } catch (const ToolError& e) {
    throw ToolError("template (" + spec.name + "): " + e.what());
  }
}

std::int64_t minor_of(store::Store& st, const json& args, const char* key,
                      const std::string& account_id) {
  auto acc = find_account(st, account_id);
  if (!acc || !args.contains(key) || !args[key].is_string()) return 0;
  std::string error;
  auto minor =
      store::parse_minor(args[key].get<std::string>(), *store::find_currency(acc->currency), error);
  return minor.value_or(0);
}

}  // namespace

const std::vector<std::string>& template_tool_names() {
  static const std::vector<std::string> names = {
      "extrack_create_transaction_draft", "extrack_create_split_expense_draft",
      "extrack_create_lend_money_draft", "extrack_create_repayment_draft"};
  return names;
}

json check_template(store::Store& st, const std::string& tool, const mcp::Args& arguments,
                    const std::string& date) {
  const mcp::ToolSpec& spec = template_tool(tool);
  if (arguments.has("date"))
    throw ToolError(
        "template.arguments.date: leave it out; each occurrence is dated by the schedule");
  json exact = exact_copy(arguments);
  // Integers stay integers in JSON; amounts are kept as text like the fractions.
  for (const char* key : {"expenseAmount", "incomeAmount", "totalAmount", "amount"})
    if (exact.contains(key) && exact[key].is_number()) exact[key] = exact[key].dump();
  store::Transaction trial(st.db);  // the trial draft is rolled back: a check writes nothing
  run(st, spec, exact, date);
  return exact;
}

std::string run_template(store::Store& st, const std::string& tool, const json& arguments,
                         const std::string& date) {
  return run(st, template_tool(tool), arguments, date);
}

std::vector<Flow> template_flows(store::Store& st, const std::string& tool, const json& a) {
  auto id = [&](const char* key) {
    return a.contains(key) && a[key].is_string() ? a[key].get<std::string>() : "";
  };
  std::vector<Flow> out;
  auto add = [&](const std::string& account, std::int64_t minor) {
    if (!account.empty() && minor != 0) out.push_back(Flow{account, minor});
  };
  if (tool == "extrack_create_transaction_draft") {
    const std::string type = id("type");
    if (type == "expense")
      add(id("accountId"), -minor_of(st, a, "expenseAmount", id("accountId")));
    else if (type == "income")
      add(id("accountId"), minor_of(st, a, "incomeAmount", id("accountId")));
    else {
      const char* key = a.contains("expenseAmount") ? "expenseAmount" : "incomeAmount";
      add(id("creditAccountId"), -minor_of(st, a, key, id("creditAccountId")));
      add(id("debitAccountId"), minor_of(st, a, key, id("creditAccountId")));
    }
  } else if (tool == "extrack_create_split_expense_draft") {
    add(id("accountId"), -minor_of(st, a, "totalAmount", id("accountId")));
  } else if (tool == "extrack_create_lend_money_draft") {
    add(id("accountId"), -minor_of(st, a, "amount", id("accountId")));
  } else {
    add(id("accountId"), minor_of(st, a, "amount", id("accountId")));
  }
  return out;
}

}  // namespace tally::ledger
