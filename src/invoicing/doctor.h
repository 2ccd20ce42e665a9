#pragma once
// The invariants `tally doctor` checks for invoicing (domain.md §4 test 7).
#include <string>
#include <vector>

#include "store/store.h"

namespace tally::invoicing {

/// Each violated invariant as a sentence; empty when all hold:
/// - every line amount is rate × quantity rounded half up, the subtotal their sum,
///   tax and gratuity the rates on it rounded half up, and total = subtotal + tax + gratuity;
/// - every invoice's paid amount is the sum of its payments;
/// - the Accounts Receivable balance per currency equals the outstanding invoices;
/// - every issue, void, payment and expense has its ledger transaction;
/// - the daily income and expense totals equal the payments and expenses;
/// - the customer search index matches the customers.
std::vector<std::string> doctor(store::Store& st);

}  // namespace tally::invoicing
