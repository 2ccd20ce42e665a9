#pragma once
// A real ledger file in a temporary folder, opened through app::Runtime with the
// ledger toolset only, and a way to call its tools as a client would.
#include <cstdlib>
#include "app/call_store.h"
#include <filesystem>
#include <memory>
#include <string>

#include <SQLiteCpp/Transaction.h>

#include "app/runtime.h"
#include "mcp/json_text.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"
#include "mcp/tool.h"

namespace tally::ledger::testing {

class NullContext final : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  void log(mcp::LogLevel, const std::string&, const mcp::json&) override {}
  mcp::json request_client(const std::string& method, mcp::json) override {
    throw mcp::ToolError("no client for " + method);
  }
  const mcp::json& client_capabilities() const override { return empty_; }
  const mcp::json& client_info() const override { return empty_; }

 private:
  mcp::json empty_ = mcp::json::object();
};

class TempLedger {
 public:
  explicit TempLedger(const std::string& workspace = "personal", bool fixed_clock = true) {
    if (fixed_clock) {
      ::setenv("TALLY_NOW", "2026-03-15T12:00:00Z", 1);
      ::setenv("TALLY_SEED", "7", 1);
    }
    char templ[] = "/tmp/tally-ledger-test-XXXXXX";
    dir_ = ::mkdtemp(templ);
    options_.db_path = dir_ + "/ledger.db";
    options_.workspace = workspace;
    options_.toolsets = "ledger";
    runtime_ = std::make_unique<app::Runtime>(options_);
    runtime_->registry().set_check_output(true);
  }
  ~TempLedger() {
    runtime_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  /// Another runtime on the same file (another workspace, or a second process's view).
  /// Its id source gets another seed, as a second process would have.
  std::unique_ptr<app::Runtime> open(const std::string& workspace, const char* seed = "8") const {
    app::RuntimeOptions o = options_;
    o.workspace = workspace;
    std::string old = std::getenv("TALLY_SEED") ? std::getenv("TALLY_SEED") : "";
    ::setenv("TALLY_SEED", seed, 1);
    auto rt = std::make_unique<app::Runtime>(o);
    ::setenv("TALLY_SEED", old.c_str(), 1);
    rt->registry().set_check_output(true);
    return rt;
  }

  app::Runtime& runtime() { return *runtime_; }
  store::Store& store() { return runtime_->store(); }
  SQLite::Database& db() { return runtime_->db(); }
  const std::string& path() const { return options_.db_path; }

  /// Calls a tool with arguments given as one JSON text (numbers keep their lexemes).
  mcp::json call(const std::string& tool, const std::string& arguments = "{}") {
    return call_on(*runtime_, tool, arguments);
  }
  static mcp::json call_on(app::Runtime& rt, const std::string& tool, const std::string& arguments) {
    const mcp::ToolSpec* spec = rt.registry().find(tool);
    if (spec == nullptr) throw std::runtime_error("no tool " + tool);
    std::string error;
    auto parsed = mcp::parse_line(arguments, error);
    if (!parsed) throw std::runtime_error("bad test arguments: " + error);
    NullContext ctx;
    app::StoreScope scope(rt.store());
    ctx.scope = &scope;
    return mcp::expand_result(rt.registry().call(*spec, parsed->value, parsed->decimals, "", ctx, mcp::kLatestVersion));
  }
  /// The structured result of a successful call; throws with the message otherwise.
  mcp::json ok(const std::string& tool, const std::string& arguments = "{}") {
    mcp::json r = call(tool, arguments);
    if (r.value("isError", false))
      throw std::runtime_error(tool + " failed: " + r["content"][0]["text"].get<std::string>());
    return r["structuredContent"];
  }
  /// The message of a failed call; throws when it succeeded.
  std::string error(const std::string& tool, const std::string& arguments = "{}") {
    mcp::json r = call(tool, arguments);
    if (!r.value("isError", false)) throw std::runtime_error(tool + " succeeded: " + r.dump());
    return r["content"][0]["text"].get<std::string>();
  }

 private:
  std::string dir_;
  app::RuntimeOptions options_;
  std::unique_ptr<app::Runtime> runtime_;
};

}  // namespace tally::ledger::testing
