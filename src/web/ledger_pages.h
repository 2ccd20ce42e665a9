#pragma once
// The ledger's pages beside the inbox (issue 18): accounts with balances,
// people with what they owe, transactions with filters and paging, and one
// transaction with its postings and a Void button. Reads only; voiding goes
// through ledger_void_transaction (web/inbox.cc).
#include <string>

#include "mcp/json_rpc.h"
#include "store/store.h"
#include "web/html.h"
#include "web/inbox_pages.h"

namespace tally::web {

std::string accounts_page(store::Store& st, const PageContext& ctx);
std::string people_page(store::Store& st, const PageContext& ctx);
/// `query`: the filter form (account, person, start, end, cursor); `result` is
/// ledger_list_transactions' answer, or null with `error` its message.
std::string transactions_page(store::Store& st, const PageContext& ctx, const Form& query,
                              const mcp::json& result, const std::string& error);
std::string transaction_page(store::Store& st, const PageContext& ctx, const std::string& id);

/// The four charts of the last `months` months, each with a table of its numbers.
std::string charts_page(store::Store& st, const PageContext& ctx, int months);

/// The arguments of ledger_list_transactions for a filter form.
mcp::json transaction_filter_args(const Form& query);

}  // namespace tally::web
