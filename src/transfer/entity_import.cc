#include "transfer/entity_import.h"
#include "app/call_store.h"

#include <algorithm>
#include <stdexcept>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "ledger/audit.h"
#include "ledger/posting_batch.h"
#include "mcp/schema.h"
#include "store/clock.h"
#include "store/sqlite_error.h"
#include "store/transaction.h"
#include "transfer/entity_rows.h"
#include "transfer/file_text.h"
#include "transfer/progress.h"
#include "transfer/settable_clock.h"
#include "util/calendar.h"

namespace tally::transfer {

namespace {

/// An import has no MCP client: nothing to cancel, progress is the bar's job.
class ImportContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const mcp::json&) override {}
  mcp::json request_client(const std::string& method, mcp::json) override {
    throw mcp::ToolError("an import has no client to send " + method + " to.");
  }
  const mcp::json& client_capabilities() const override { return empty_; }
  const mcp::json& client_info() const override { return info_; }

 private:
  mcp::json empty_ = mcp::json::object();
  mcp::json info_ = {{"name", "tally-import"}, {"version", "1"}};
};

const mcp::ToolSpec* find_tool(const std::vector<mcp::ToolSpec>& tools, const std::string& name) {
  for (const auto& t : tools)
    if (t.name == name) return &t;
  return nullptr;
}

std::string take_string(mcp::json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end()) return "";
  if (!it->is_string() && !it->is_number_integer()) throw mcp::ToolError(std::string(key) + ": must be a string");
  std::string v = it->is_string() ? it->get<std::string>() : it->dump();  // numeric source ids are common
  row.erase(it);
  return v;
}

}  // namespace

EntityReport import_entities(store::Store& outer, const std::vector<app::Toolset>& toolsets, const EntityKind& kind,
                             const std::string& file, bool dry_run) {
  SettableClock clock(outer.clock);
  store::Store st{outer.db, clock, outer.ids, outer.workspace_id, outer.workspace, outer.brand};
  // The handlers run against this store (bound to each call below), so they read the row's clock.
  app::StoreScope scope(st);
  std::vector<mcp::ToolSpec> tools;
  for (const auto& t : toolsets)
    if (t.tools)
      for (auto& spec : t.tools()) tools.push_back(std::move(spec));
  const mcp::ToolSpec* tool = nullptr;
  const mcp::ToolSpec* void_tool = nullptr;
  if (!kind.tool.empty()) {
    tool = find_tool(tools, kind.tool);
    if (!tool) throw std::runtime_error("the tool " + kind.tool + " is not served (check --toolsets)");
    if (kind.status) void_tool = find_tool(tools, "invoicing_void_invoice");
  }
  const mcp::json& schema = tool ? tool->input_schema : kind.input_schema;

  std::vector<std::string> extra = {"id"};
  if (kind.created_at) extra.push_back("createdAt");
  if (kind.status) extra.push_back("status");
  EntityReport report;
  ImportContext context;
  context.scope = &scope;
  const std::string text = read_file(file);
  store::Transaction tx(st.db);
  // One audit row for the file when it touches the ledger, at the real time (not a row's createdAt).
  ledger::AuditScope audit(outer, tx, "import " + kind.name, ledger::cli_who());
  // Whatever the rows post: indexed for search and added to the rollups once, before the commit.
  ledger::PostingBatch batch(outer);
  SQLite::Statement lookup(st.db, "SELECT tally_id FROM import_source_id WHERE ws = ? AND entity = ? AND source_id = ?");
  SQLite::Statement remember(st.db, "INSERT INTO import_source_id (ws, entity, source_id, tally_id) VALUES (?,?,?,?)");
  auto mapped = [&](const std::string& entity, const std::string& source) -> std::optional<std::string> {
    lookup.bind(1, st.workspace_id);
    lookup.bind(2, entity);
    lookup.bind(3, source);
    std::optional<std::string> out;
    if (lookup.executeStep()) out = lookup.getColumn(0).getString();
    lookup.reset();
    return out;
  };
  // Rows are written as they are read: the file's one transaction makes that
  // all or nothing, and a million rows never sit in memory at once.
  std::size_t lines = 1;
  for (char ch : text) lines += ch == '\n';
  Progress progress("importing " + file, lines);
  const mcp::json::json_pointer id_pointer(kind.id_pointer.empty() ? "/id" : kind.id_pointer);
  auto one_row = [&](EntityRow& row) {
    ++report.rows;
    if ((report.rows & 1023) == 0) progress.step(std::min(report.rows, lines));  // rows ≈ lines (CSV, JSONL)
    mcp::json& value = row.parsed.value;
    try {
      std::string source_id = take_string(value, "id");
      if (!source_id.empty() && mapped(kind.name, source_id)) {
        ++report.already_imported;
        return;
      }
      std::optional<std::int64_t> at;
      if (kind.created_at) {
        std::string created = take_string(value, "createdAt");
        std::int64_t ms = 0;
        if (!created.empty() && !(util::is_datetime(created) && store::parse_iso_ms(created, ms)))
          throw mcp::ToolError("createdAt: \"" + created + "\" " + util::datetime_problem(created) + ", such as 2026-03-15T12:00:00Z");
        if (!created.empty()) at = ms;
      }
      clock.set(at);
      std::string status = kind.status ? take_string(value, "status") : "";
      if (!status.empty() && status != "draft" && status != "sent" && status != "void")
        throw mcp::ToolError("status: \"" + status + "\" is not one of draft, sent, void");
      if (status == "sent" || status == "void") value["send"] = true;
      for (const auto& ref : kind.refs) {
        auto it = value.find(ref.field);
        if (it != value.end() && it->is_string())
          if (auto tally_id = mapped(ref.entity, it->get<std::string>())) *it = *tally_id;
      }
      if (kind.defaults.is_object())
        for (const auto& [key, fallback] : kind.defaults.items())
          if (!value.contains(key)) value[key] = fallback;
      if (auto problem = mcp::schema::validate(schema, value)) throw mcp::ToolError(*problem);
      mcp::Args args(value, &row.parsed.decimals);
      std::string tally_id;
      if (tool) {
        mcp::ToolResult result = tool->handler(args, context);
        if (!result.structured_text.empty()) result.structured = result.object();
        if (result.is_error || !result.structured.is_object() || !result.structured.contains(id_pointer))
          throw mcp::ToolError(result.content.is_array() && !result.content.empty()
                                   ? result.content[0].value("text", std::string("the tool failed"))
                                   : std::string("the tool returned no id"));
        tally_id = result.structured[id_pointer].get<std::string>();
        if (status == "void") {
          mcp::json void_args = {{"invoiceId", tally_id}, {"reason", "imported as void"}};
          void_tool->handler(mcp::Args(void_args, nullptr), context);
        }
      } else {
        tally_id = kind.write(st, args, context);
      }
      if (!source_id.empty()) {
        remember.bind(1, st.workspace_id);
        remember.bind(2, kind.name);
        remember.bind(3, source_id);
        remember.bind(4, tally_id);
        remember.exec();
        remember.reset();
      }
      ++report.imported;
    } catch (const mcp::ToolError& e) {
      throw std::runtime_error(file + ": " + row.where + ": " + e.what());
    } catch (const SQLite::Exception& e) {  // never SQLite's own words: what happened and what to do
      throw std::runtime_error(file + ": " + row.where + ": " + store::describe_error(e));
    }
  };
  try {
    for_each_entity_row(file, text, schema, extra, one_row);
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    throw std::runtime_error(what.rfind(file + ": ", 0) == 0 ? what : file + ": " + what);
  }
  clock.set(std::nullopt);
  batch.finish();
  audit.set_summary({{"file", file_name_of(file)},
                     {"rows", report.rows},
                     {"imported", report.imported},
                     {"alreadyImported", report.already_imported}});
  if (!dry_run) audit.commit(tx);
  return report;
}

}  // namespace tally::transfer
