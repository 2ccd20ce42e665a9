#pragma once
// What other modules do inside the same SQLite transaction as a posting
// (issue 21: a linked card earns on each expense charged to it, a void takes
// the earn back). The ledger knows no module by name: the app registers hooks
// (app/runtime.cc), so ledger::post has no dependency on rewards.
#include <cstdint>
#include <functional>
#include <string>

#include "ledger/posting.h"
#include "store/store.h"

namespace tally::ledger {

/// A transaction ledger::post has just written (its postings included).
struct PostedTxn {
  const std::string& id;
  const TxnSpec& spec;  ///< spec.reverses_txn_id set: a void of that transaction
};

/// Runs in the caller's transaction after the postings are written; a throw
/// undoes the posting with it. A hook must not call ledger::post.
using PostHook = std::function<void(store::Store&, const PostedTxn&)>;

/// Registers `hook` under `owner` ("rewards"); a second registration under the
/// same owner replaces the first, so building several runtimes is harmless.
void register_post_hook(const std::string& owner, PostHook hook);

/// Runs every registered hook, in registration order (ledger::post calls it).
void run_post_hooks(store::Store& st, const PostedTxn& posted);

}  // namespace tally::ledger
