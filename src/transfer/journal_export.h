#pragma once
// The double-entry ledger as a plain-text journal, for hledger or beancount to
// read and cross-check: accounts under their type's root (Assets:, Liabilities:,
// Equity:, Income:, Expenses:), commodities by ISO code with the currency's
// minor-unit precision, amounts exact from the integer minor units.
#include <ostream>
#include <string>

#include "store/store.h"

namespace tally::transfer {

enum class JournalFormat { hledger, beancount };

/// Writes every transaction of the workspace, oldest first.
void export_journal(store::Store& st, JournalFormat format, std::ostream& out);

/// The journal name of an account: its name under its type's root, with
/// ":<CUR>" added when the same name exists in several currencies; for
/// beancount each component is made a valid one (capitalised, A-Z a-z 0-9 -).
std::string journal_account(const std::string& name, const std::string& type, const std::string& currency,
                            bool ambiguous, JournalFormat format);

}  // namespace tally::transfer
