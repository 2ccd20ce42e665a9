#pragma once
// Flat exports: the postings as CSV (one row per posting, for spreadsheets),
// and a JSON dump of every table of every toolset with secrets redacted.
#include <ostream>

#include "store/store.h"

namespace tally::transfer {

/// date,transaction_id,description,account,account_type,amount,currency,memo,source
/// for every posting of the workspace, oldest first; amounts exact decimals.
void export_csv(store::Store& st, std::ostream& out);

/// {"format":"tally-dump","version":1,"tables":{name:[{column:value}…]…}}: every
/// table of the ledger file (full-text index shadows left out: they rebuild
/// from their tables), streamed row by row. Secret columns are redacted.
void export_json(store::Store& st, std::ostream& out);

/// True for a column that holds a secret (postback secrets, tokens, passwords):
/// its values become "[redacted]" in every export.
bool is_secret_column(const std::string& column);

}  // namespace tally::transfer
