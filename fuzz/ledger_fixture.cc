#include "ledger_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace tally::fuzz {

LedgerFixture& LedgerFixture::get() {
  static LedgerFixture fixture;
  return fixture;
}

LedgerFixture::LedgerFixture() {
  // Fixed time and ids: the same input meets the same ledger on every run.
  setenv("TALLY_NOW", "2026-03-15T12:00:00Z", 1);
  setenv("TALLY_SEED", "7", 1);
  spdlog::set_level(spdlog::level::off);  // tool errors are answers here, not news
  std::string tmpl = (std::filesystem::temp_directory_path() / "tally-fuzz-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  app::RuntimeOptions options;
  options.db_path = dir_ + "/ledger.db";
  runtime_ = std::make_unique<app::Runtime>(options);
  mcp::DispatchOptions dispatch;
  dispatch.info.version = "fuzz";
  dispatcher_ = std::make_unique<mcp::Dispatcher>(std::move(dispatch), runtime_->registry(),
                                                  runtime_->offerings());
  scope_ = std::make_unique<app::StoreScope>(runtime_->store());
}

LedgerFixture::~LedgerFixture() {
  // The ledger closes before its folder goes (at exit: the fixture is a static).
  scope_.reset();
  dispatcher_.reset();
  runtime_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void LedgerFixture::begin() {
  // The fresh ledger's process has the plain seeded stream: restart it, so each
  // input mints the same ids (the first account created is always the same id).
  runtime_->store().ids.use_stream(0);
  runtime_->db().exec("BEGIN IMMEDIATE");
}

void LedgerFixture::rollback() {
  // A tool may have ended the transaction itself (it should not): roll back only when open.
  if (sqlite3_get_autocommit(runtime_->db().getHandle()) == 0) runtime_->db().exec("ROLLBACK");
}

}  // namespace tally::fuzz
