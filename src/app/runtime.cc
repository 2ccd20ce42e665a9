#include "app/runtime.h"

#include <stdexcept>

#include "app/catalogue.h"
#include "app/tool_runner.h"
#include "ledger/audit.h"
#include "store/core_schema.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"
#include "util/text.h"
#ifdef TALLY_TEST_TOOLS
#include "testing/conformance_offerings.h"
#include "testing/test_tools.h"
#endif

namespace tally::app {

Runtime::Runtime(const RuntimeOptions& options)
    : toolsets_(select_toolsets(options.toolsets)), read_only_(options.read_only) {
  if (options.test_tools) {
#ifdef TALLY_TEST_TOOLS
    toolsets_.push_back(testing::test_toolset());
#else
    throw std::invalid_argument("--test-tools needs a build configured with -Dtest_tools=true");
#endif
  }
  // Every toolset's tables, whichever are served: --toolsets picks tools, not the
  // file's schema (invoicing posts into the ledger's tables even when only it is served).
  std::vector<Toolset> extra;
  for (const auto& t : toolsets_)
    if (t.name == "test") extra.push_back(t);
  ledger_ = open_ledger(options.db_path, extra);
  // Every toolset's posting hook, whichever are served (like the migrations):
  // a card linked to the ledger earns whether or not the rewards tools are listed.
  for (const auto& t : all_toolsets())
    if (t.on_ledger_post) ledger::register_post_hook(t.name, t.on_ledger_post);

  if (auto problem = util::name_problem(options.workspace, 80); !problem.empty())
    throw std::invalid_argument("--workspace " + problem);
  std::int64_t workspace_id =
      store::ensure_workspace(*ledger_.db, options.workspace, ledger_.clock->now_iso());
  store_ = std::make_unique<store::Store>(store::Store{
      *ledger_.db, *ledger_.clock, *ledger_.ids, workspace_id, options.workspace, options.brand});

  // The served toolsets' prompts (issue 19), declared like tools.
  for (const auto& t : toolsets_)
    if (t.prompts) prompts_.add_all(t.prompts());
  prompts_.set_read_only(options.read_only);  // prompts that lead to write tools are not offered
  for (const auto& t : toolsets_)
    if (t.resources)
      for (auto& r : t.resources()) resources_.add(std::move(r));
  for (const auto& t : toolsets_)
    if (t.resource_templates)
      for (auto& r : t.resource_templates()) resources_.add_template(std::move(r));
  attach_dirs_ = options.attach_dirs;
#ifdef TALLY_TEST_TOOLS
  // The conformance suite's fixture prompts and resources.
  if (options.test_tools && options.test_offerings) {
    prompts_.add_all(testing::conformance_prompts());
    for (auto& r : testing::conformance_resources()) resources_.add(std::move(r));
    for (auto& r : testing::conformance_resource_templates()) resources_.add_template(std::move(r));
  }
#endif
  registry_.set_runner(run_in_store);
  registry_.load_async([this, read_only = options.read_only] {
    std::vector<mcp::ToolSpec> specs;
    for (const auto& t : toolsets_) {
      if (!t.tools) continue;
      for (auto& spec : t.tools()) {
        spec.toolset = t.name;
        if (!read_only || spec.annotations.read_only) specs.push_back(std::move(spec));
      }
    }
    return specs;
  });
}

std::vector<std::string> Runtime::catch_up(SQLite::Database& writer) {
  std::vector<std::string> lines;
  if (read_only_ || store::is_read_only(writer)) return lines;  // due again when it is writable
  // Every toolset's, whichever are served (like the migrations): a process that
  // serves only rewards still keeps the ledger's schedules.
  for (const auto& t : all_toolsets()) {
    if (!t.catch_up) continue;
    try {
      for (auto& line : t.catch_up(writer, *ledger_.clock, *ledger_.ids))
        lines.push_back(std::move(line));
    } catch (const SQLite::Exception& e) {
      lines.push_back(t.name +
                      ": could not create what came due: " + store::describe_sqlite_error(e));
    } catch (const std::exception& e) {
      lines.push_back(t.name + ": could not create what came due: " + std::string(e.what()));
    }
  }
  return lines;
}

std::string Runtime::instructions() const {
  std::string text =
      "Tally keeps the user's books in a local SQLite ledger on this machine. Money amounts "
      "are exact decimals in the account's currency (send \"12.50\" as a string or a number; "
      "never more decimals than the currency has). Ids are opaque strings such as acc_01J…: "
      "copy them from tool results, never invent them.";
  for (const auto& t : toolsets_)
    if (!t.instructions.empty()) text += "\n\n" + t.instructions;
  return text;
}

void Runtime::init_toolsets(const std::string& currency, const std::string& actor,
                            const std::string& toolset) {
  store::Transaction tx(db());  // a savepoint inside the demo's transaction
  ledger::AuditScope audit(store(), tx, "init", ledger::Who{actor, std::nullopt});
  for (const auto& t : toolsets())
    if (t.init && (toolset.empty() || t.name == toolset)) t.init(store(), currency);
  audit.commit(tx);
}

}  // namespace tally::app
