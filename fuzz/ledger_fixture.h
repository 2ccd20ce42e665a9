#pragma once
// One real ledger for a fuzz target's whole process: a fresh SQLite file in a
// temporary folder, migrated and served by the same Runtime and Dispatcher as
// `tally serve`. Each input runs inside one outer transaction that is rolled
// back afterwards, so every tool's write (a savepoint inside it) is undone and
// the next input starts from the same ledger.
#include <memory>
#include <string>

#include "app/call_store.h"
#include "app/runtime.h"
#include "mcp/dispatcher.h"

namespace tally::fuzz {

class LedgerFixture {
 public:
  /// The process's fixture, made on first use (TALLY_NOW and TALLY_SEED fixed).
  static LedgerFixture& get();
  ~LedgerFixture();
  LedgerFixture(const LedgerFixture&) = delete;
  LedgerFixture& operator=(const LedgerFixture&) = delete;

  mcp::Dispatcher& dispatcher() { return *dispatcher_; }
  app::StoreScope& scope() { return *scope_; }
  /// For one-time setup a target needs (a brand, an offer): committed, outside rolled_back.
  app::Runtime& runtime() { return *runtime_; }

  /// Runs `work` inside a transaction that is always rolled back.
  template <class F>
  void rolled_back(F&& work) {
    begin();
    try {
      work();
    } catch (...) {
      rollback();
      throw;
    }
    rollback();
  }

 private:
  LedgerFixture();
  void begin();
  void rollback();

  std::string dir_;
  std::unique_ptr<app::Runtime> runtime_;
  std::unique_ptr<mcp::Dispatcher> dispatcher_;
  std::unique_ptr<app::StoreScope> scope_;
};

}  // namespace tally::fuzz
