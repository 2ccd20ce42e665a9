#pragma once
// Rewards from real spending (issue 21): the ledger hook that logs a linked
// card's earn in the same SQLite transaction as the expense charged to it, and
// takes it back when that transaction is voided.
//
// What earns: a transaction that credits a linked account (a charge) and debits
// expense accounts in its currency. The charge is split over those expense
// postings in order, each in the reward category of its ledger category (the
// link's categoryMap, else the default map); what the expenses do not cover
// (the friends' shares of a split bill) earns in the largest expense's
// category. A charge with no expense posting (a cash advance, money lent)
// earns nothing, and a refund takes nothing back: only a void does.
//
// Paywall: like log_transaction, nothing is earned while the trial has ended;
// the posting itself goes through. A void always reverses what was earned.
//
// A void after the points were redeemed: the card balance never goes below
// zero, so the void takes back what the balance still holds and records the
// rest as `unrecovered` (auto_earn_reversal), reported by rewards_list_links.
#include "ledger/post_hooks.h"
#include "store/store.h"

namespace tally::rewards {

/// The hook the app registers with ledger::register_post_hook.
void on_ledger_post(store::Store& st, const ledger::PostedTxn& posted);

}  // namespace tally::rewards
