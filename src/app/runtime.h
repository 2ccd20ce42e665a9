#pragma once
// Everything a command needs to run tools: the opened and migrated ledger, the
// active workspace, the clock and ids, and the registry of selected tools.
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "app/ledger_file.h"
#include "app/toolset.h"
#include "mcp/dispatcher.h"
#include "mcp/tool_registry.h"
#include "store/store.h"

namespace tally::app {

struct RuntimeOptions {
  std::string db_path;
  std::string workspace = "personal";
  std::string toolsets;     ///< comma-separated; "" = all
  std::string brand;        ///< affiliate brand slug (--brand); "" = the workspace's only brand
  bool read_only = false;   ///< write tools neither listed nor callable
  /// --attach-dir: folders ledger_attach_file may read files from (stdio and `tally call`/`attach` only).
  std::vector<std::string> attach_dirs;
  bool test_tools = false;  ///< add the test-only toolset (builds with -Dtest_tools=true)
  /// With test_tools: also the conformance suite's fixture prompts and resources (they
  /// change the declared capabilities, so only the conformance tests ask for them).
  bool test_offerings = false;
};

class Runtime {
 public:
  /// Throws std::runtime_error / std::invalid_argument with a message for the user.
  explicit Runtime(const RuntimeOptions& options);

  mcp::ToolRegistry& registry() { return registry_; }
  /// The selected toolsets' prompts and resources, for the Dispatcher.
  mcp::Offerings offerings() const { return {&prompts_, &resources_}; }
  store::Store& store() { return *store_; }
  const std::vector<std::string>& attach_dirs() const { return attach_dirs_; }
  SQLite::Database& db() { return *ledger_.db; }
  const std::vector<Toolset>& toolsets() const { return toolsets_; }
  /// The initialize instructions: general rules plus each toolset's lines.
  std::string instructions() const;
  const std::string& backup_path() const { return ledger_.backup_path; }
  /// Runs every toolset's catch_up on `writer` (the runtime's own connection, or
  /// the one the writer thread owns); nothing with --read-only. Returns the lines
  /// to log; a failure is one of them, never an exception: serving goes on.
  std::vector<std::string> catch_up(SQLite::Database& writer);
  /// `tally init` (and the demo's start): each toolset's starting rows in
  /// `currency` (only `toolset`'s when named), one audited write by `actor`.
  void init_toolsets(const std::string& currency, const std::string& actor, const std::string& toolset = "");

 private:
  std::vector<Toolset> toolsets_;
  LedgerFile ledger_;
  std::unique_ptr<store::Store> store_;
  mcp::ToolRegistry registry_;
  mcp::PromptRegistry prompts_;
  mcp::ResourceRegistry resources_;
  bool read_only_ = false;
  std::vector<std::string> attach_dirs_;
};

}  // namespace tally::app
