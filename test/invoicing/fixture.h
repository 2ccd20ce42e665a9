#pragma once
// A real ledger file in a temporary folder, opened through app::Runtime with the
// ledger and invoicing toolsets, and calls to their tools as a client makes them.
#include <cstdlib>
#include "app/call_store.h"
#include <filesystem>
#include <memory>
#include <string>

#include "app/runtime.h"
#include "mcp/json_text.h"
#include "mcp/message_parser.h"
#include "mcp/protocol_version.h"
#include "mcp/tool.h"

namespace tally::invoicing::testing {

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

class Books {
 public:
  Books() {
    ::setenv("TALLY_NOW", "2026-03-15T12:00:00Z", 1);
    ::setenv("TALLY_SEED", "7", 1);
    ::setenv("TZ", "UTC", 1);
    char templ[] = "/tmp/tally-invoicing-test-XXXXXX";
    dir_ = ::mkdtemp(templ);
    options_.db_path = dir_ + "/ledger.db";
    options_.toolsets = "ledger,invoicing";
    runtime_ = std::make_unique<app::Runtime>(options_);
    runtime_->registry().set_check_output(true);
  }
  ~Books() {
    runtime_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  /// Closes the ledger and opens it again with the clock at `now` (ISO 8601).
  void reopen(const char* now) {
    runtime_.reset();
    ::setenv("TALLY_NOW", now, 1);
    runtime_ = std::make_unique<app::Runtime>(options_);
    runtime_->registry().set_check_output(true);
    ::setenv("TALLY_NOW", "2026-03-15T12:00:00Z", 1);
  }
  store::Store& store() { return runtime_->store(); }
  SQLite::Database& db() { return runtime_->db(); }

  mcp::json call(const std::string& tool, const mcp::json& arguments = mcp::json::object()) {
    const mcp::ToolSpec* spec = runtime_->registry().find(tool);
    if (spec == nullptr) throw std::runtime_error("no tool " + tool);
    std::string error;
    auto parsed = mcp::parse_line(arguments.dump(), error);
    NullContext ctx;
    app::StoreScope scope(runtime_->store());
    ctx.scope = &scope;
    return mcp::expand_result(runtime_->registry().call(*spec, parsed->value, parsed->decimals, "", ctx, mcp::kLatestVersion));
  }
  /// The structured result of a successful call; throws with the message otherwise.
  mcp::json ok(const std::string& tool, const mcp::json& arguments = mcp::json::object()) {
    mcp::json r = call(tool, arguments);
    if (r.value("isError", false))
      throw std::runtime_error(tool + " failed: " + r["content"][0]["text"].get<std::string>());
    return r["structuredContent"];
  }

 private:
  std::string dir_;
  app::RuntimeOptions options_;
  std::unique_ptr<app::Runtime> runtime_;
};

}  // namespace tally::invoicing::testing
