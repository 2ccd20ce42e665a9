#include "ledger/audit_commands.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/run_tool.h"
#include "app/runtime.h"

namespace tally::ledger {

using mcp::json;

namespace {

struct AuditOptions {
  std::string action, actor, id, from, to, cursor;
  int limit = 20;
  bool as_json = false;
};

/// "transactions +1, postings +2, drafts −1": what a write did, in a line.
std::string counts_line(const json& counts) {
  std::string out;
  for (const auto& [table, c] : counts.items()) {
    std::string part = table;
    if (c.contains("added")) part += " +" + std::to_string(c["added"].get<std::int64_t>());
    if (c.contains("changed")) part += " ~" + std::to_string(c["changed"].get<std::int64_t>());
    if (c.contains("removed")) part += " -" + std::to_string(c["removed"].get<std::int64_t>());
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

/// One entry per paragraph: id, when, who, what; then its counts and ids.
void print_entries(const json& page) {
  for (const auto& e : page["entries"]) {
    std::string who = e["actor"].get<std::string>();
    if (e.contains("credentialId")) who += " (" + e["credentialId"].get<std::string>() + ")";
    std::string state = e.contains("undoneBy") ? "undone by " + e["undoneBy"].get<std::string>()
                        : e.contains("undoes") ? "undoes " + e["undoes"].get<std::string>()
                        : e["undoable"].get<bool>() ? "undoable"
                                                    : "";
    std::printf("%s  %s  %s  %s%s\n", e["auditId"].get<std::string>().c_str(),
                e["at"].get<std::string>().c_str(), who.c_str(),
                e["action"].get<std::string>().c_str(),
                state.empty() ? "" : ("  [" + state + "]").c_str());
    std::printf("    %s\n", counts_line(e["counts"]).c_str());
    if (!e["ids"].empty()) {
      std::string ids;
      for (const auto& id : e["ids"]) ids += (ids.empty() ? "" : " ") + id.get<std::string>();
      std::printf("    %s\n", ids.c_str());
    }
  }
  const std::int64_t total = page["total"];
  std::printf("%zu of %s%lld entr%s", page["entries"].size(),
              page["totalIsExact"].get<bool>() ? "" : "more than ", static_cast<long long>(total),
              total == 1 ? "y" : "ies");
  if (page["truncated"].get<bool>())
    std::printf("; the next page: --cursor %s", page["nextCursor"].get<std::string>().c_str());
  std::printf("\n");
}

int show_audit(const app::RuntimeOptions& options, const AuditOptions& o) {
  json args{{"limit", o.limit}};
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) args[key] = v;
  };
  put("action", o.action);
  put("actor", o.actor);
  put("id", o.id);
  put("startDate", o.from);
  put("endDate", o.to);
  put("cursor", o.cursor);
  if (o.as_json) return app::run_tool(options, "audit", "ledger_audit_log", args);
  app::Runtime runtime(options);
  const mcp::ToolSpec* spec = runtime.registry().find("ledger_audit_log");
  if (spec == nullptr) {
    std::fprintf(stderr, "tally audit: the ledger toolset is not served (--toolsets)\n");
    return 2;
  }
  json result = app::call_in_process(runtime, *spec, args);
  if (result.value("isError", false)) {
    std::fprintf(stderr, "tally audit: %s\n",
                 result["content"][0]["text"].get<std::string>().c_str());
    return 1;
  }
  print_entries(result["structuredContent"]);
  return 0;
}

}  // namespace

void add_audit_commands(CLI::App& root, app::CommandEnv& env) {
  auto o = std::make_shared<AuditOptions>();
  auto* audit = root.add_subcommand(
      "audit", "Every write that changed the ledger, newest first (who, what, which ids)");
  audit->add_option("--action", o->action,
                    "Only this tool or command (e.g. extrack_post_transaction_draft)");
  audit->add_option("--actor", o->actor, "Only this actor (e.g. cli:alice, inbox, schedule)");
  audit->add_option("--id", o->id, "Only writes that concern this id (txn_..., drf_..., acc_...)");
  audit->add_option("--from", o->from, "From this day (UTC), YYYY-MM-DD");
  audit->add_option("--to", o->to, "To this day (UTC), inclusive");
  audit->add_option("--limit", o->limit, "How many (1-200)")
      ->capture_default_str()
      ->check(CLI::Range(1, 200));
  audit->add_option("--cursor", o->cursor, "The next page, as the previous page said");
  audit->add_flag("--json", o->as_json, "The tool's JSON instead of text");
  env.add_ledger_flags(audit);
  audit->callback([&env, o] { env.set_action([&env, o] { return show_audit(env.options, *o); }); });

  auto id = std::make_shared<std::string>();
  auto dry = std::make_shared<bool>(false);
  auto* undo = root.add_subcommand(
      "undo", "Reverse one audited write when it is safe, or say why not (JSON output)");
  undo->add_option("auditId", *id, "The entry's id from `tally audit` (aud_...)")->required();
  undo->add_flag("--dry-run", *dry, "Show what it would write; write nothing");
  env.add_ledger_flags(undo);
  undo->callback([&env, id, dry] {
    env.set_action([&env, id, dry] {
      return app::run_tool(env.options, "undo", "ledger_undo",
                           json{{"auditId", *id}, {"dryRun", *dry}});
    });
  });
}

}  // namespace tally::ledger
