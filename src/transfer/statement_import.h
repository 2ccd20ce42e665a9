#pragma once
// `tally import bank`: statement lines (CSV through a column mapping, or
// OFX/QFX) posted into one account through ledger::post, so balances, running
// totals and `tally doctor` stay right. The whole file is one transaction:
// every line is checked and posted, or nothing is.
#include <cstddef>
#include <string>
#include <vector>

#include "store/store.h"
#include "transfer/statement_mapping.h"

namespace tally::transfer {

struct StatementOptions {
  std::string file;
  std::string account;        ///< acc_… id or account name
  std::string format;         ///< csv, ofx, qfx; "" = by extension/content
  ColumnMapping mapping;
  bool dry_run = false;
};

struct StatementReport {
  std::string account_name;
  std::string currency;
  std::size_t lines = 0;
  std::size_t posted = 0;            ///< (would be) posted
  std::size_t duplicate_in_file = 0;
  std::size_t already_imported = 0;
  std::vector<std::string> preview;  ///< dry run: one text line per statement line
};

/// Imports the statement; throws std::runtime_error "FILE: line N: …" and
/// leaves the ledger unchanged on the first bad line.
StatementReport import_statement(store::Store& st, const StatementOptions& options);

}  // namespace tally::transfer
