#include "ledger/toolset.h"

#include "ledger/attachment_commands.h"
#include "ledger/audit_commands.h"
#include "ledger/attachment_doctor.h"
#include "ledger/attachment_tools.h"
#include "ledger/audit_tools.h"
#include "ledger/commands.h"
#include "ledger/defaults.h"
#include "ledger/doctor.h"
#include "ledger/extrack_tools.h"
#include "ledger/ledger_tools.h"
#include "ledger/price_tools.h"
#include "ledger/prompts.h"
#include "ledger/reconcile.h"
#include "ledger/schedule_commands.h"
#include "ledger/schedule_runs.h"
#include "ledger/schedule_tools.h"
#include "ledger/report_commands.h"
#include "ledger/budget_tools.h"
#include "ledger/chart_app.h"
#include "ledger/charts.h"
#include "ledger/flow_reports.h"
#include "ledger/report_tools.h"
#include "ledger/schema.h"
#include "ledger/tag_search_tools.h"

namespace tally::ledger {

namespace {

// Seed 000 "Agent rules the connector ships", worded for this server.
constexpr const char* kInstructions =
    "Extrack (personal ledger) rules:\n"
    "- Context first. Call extrack_get_context once at the start of the conversation, then reuse its "
    "accounts / persons / categories / recentDrafts arrays for the rest of the turn. Do not re-list before "
    "every create.\n"
    "- Real ids only. Every extrack_create_* tool expects real accountId / debitAccountId / creditAccountId / "
    "personId values copied verbatim from the context bundle (or from a ledger_create_* result). Never guess "
    "or invent ids.\n"
    "- Ask before picking. When more than one account or person could plausibly match the user's wording, list "
    "the candidates back and ask which one to use rather than auto-selecting. Category names that match none "
    "come back as an error listing the candidates: ask, don't pick.\n"
    "- Duplicate awareness (advisory). If a new request clearly matches a pending draft in recentDrafts (same "
    "title, amount, and day), flag the conflict before creating. The server does not block suspected "
    "duplicates; create results list them in possibleDuplicates.\n"
    "- Drafts are not money yet. Nothing reaches the ledger until extrack_post_transaction_draft, which the "
    "user should confirm; it is safe to retry. A repayment above what the person owes is refused unless the "
    "user agrees to allowOverpayment.";

}  // namespace

app::Toolset toolset() {
  app::Toolset set;
  set.name = "ledger";
  set.summary = "personal ledger: accounts, people, categories, drafts, splits, lending";
  set.migrations = [] { return migrations(); };
  set.tools = [] {
    std::vector<mcp::ToolSpec> tools = extrack_tools();
    for (auto& t : ledger_tools()) tools.push_back(std::move(t));
    for (auto& t : report_tools()) tools.push_back(std::move(t));
    for (auto& t : flow_report_tools()) tools.push_back(std::move(t));
    for (auto& t : budget_tools()) tools.push_back(std::move(t));
    for (auto& t : tag_search_tools()) tools.push_back(std::move(t));
    for (auto& t : chart_tools()) tools.push_back(std::move(t));
    for (auto& t : reconcile_tools()) tools.push_back(std::move(t));
    for (auto& t : schedule_tools()) tools.push_back(std::move(t));
    for (auto& t : price_tools()) tools.push_back(std::move(t));
    for (auto& t : attachment_tools()) tools.push_back(std::move(t));
    for (auto& t : audit_tools()) tools.push_back(std::move(t));
    return tools;
  };
  set.instructions = kInstructions;
  set.prompts = [] { return prompts(); };
  set.doctor = [](store::Store& st) {
    auto problems = check_ledger(st);
    for (auto& p : check_attachments(st)) problems.push_back(std::move(p));
    return problems;
  };
  set.resources = [] { return std::vector<mcp::ResourceSpec>{chart_app_resource()}; };
  set.resource_templates = [] { return std::vector<mcp::ResourceTemplateSpec>{attachment_resource_template()}; };
  set.init = [](store::Store& st, const std::string& currency) { init_defaults(st, currency); };
  set.commands = [](CLI::App& root, app::CommandEnv& env) {
    add_commands(root, env);
    add_report_commands(root, env);
    add_schedule_commands(root, env);
    add_attachment_commands(root, env);
    add_audit_commands(root, env);
  };
  set.catch_up = [](SQLite::Database& db, const store::Clock& clock, store::IdSource& ids) {
    return create_due_everywhere(db, clock, ids);
  };
  return set;
}

}  // namespace tally::ledger
