#include "ledger/draft_posting.h"
#include "ledger/undo.h"

#include <algorithm>
#include <set>

#include "ledger/accounts.h"
#include "ledger/attachments.h"
#include "ledger/categories.h"
#include "ledger/people.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"
#include "util/calendar.h"

namespace tally::ledger {

namespace {

using mcp::ToolError;

std::string money_text(std::int64_t minor, const std::string& currency) {
  return store::format_minor(minor, store::find_currency(currency)->exponent) + " " + currency;
}

/// The account money is paid from or into: in the workspace, open, an asset or
/// liability (not a person's Lent account), in the draft's currency.
Account cash_account(store::Store& st, const std::string& id, const std::string& param, const Draft& d) {
  Account a = require_account(st, id, param);
  if (!a.open()) throw ToolError("Account \"" + a.name + "\" (" + a.id + ") is closed; it takes no new postings.");
  if ((a.type != "asset" && a.type != "liability") || a.subtype == "lent")
    throw ToolError(param + ": \"" + a.name + "\" is " + (a.subtype == "lent" ? "a Lent" : "an " + a.type) +
                    " account; pay from or into an asset or liability account (bank, cash, card …)");
  if (a.currency != d.currency)
    throw ToolError("currency: " + d.currency + " differs from account \"" + a.name + "\" currency " + a.currency);
  return a;
}

Account transfer_account(store::Store& st, const std::string& id, const std::string& param) {
  Account a = require_account(st, id, param);
  if (!a.open()) throw ToolError("Account \"" + a.name + "\" (" + a.id + ") is closed; it takes no new postings.");
  if (a.type == "income" || a.type == "expense" || a.subtype == "lent")
    throw ToolError(param + ": \"" + a.name + "\" is " + (a.subtype == "lent" ? "a Lent" : "an " + a.type) +
                    " account; transfers move money between asset, liability and equity accounts");
  return a;
}

/// Equity:Trading:<pair> in one currency, made on first use.
Account trading_account(store::Store& st, const std::string& pair, const std::string& currency) {
  std::string name = "Trading:" + pair;
  if (auto a = find_account_by_name(st, name, currency)) return *a;
  NewAccount spec;
  spec.name = name;
  spec.type = "equity";
  spec.currency = currency;
  return create_account(st, spec);
}

void check_amount(std::int64_t minor, const char* param) {
  if (minor <= 0) throw ToolError(std::string(param) + ": must be greater than 0");
  if (minor > store::kMaxMinor) throw ToolError(std::string(param) + ": is too large");
}


}  // namespace

DraftPlan plan_draft(store::Store& st, const Draft& d, PlanMode mode, bool allow_overpayment) {
  DraftPlan plan;
  if (auto problem = util::date_problem(d.date); !problem.empty()) throw ToolError("date: \"" + d.date + "\" " + problem);
  if (!store::find_currency(d.currency))
    throw ToolError("currency: \"" + d.currency + "\" is not an ISO 4217 currency code");
  const bool post = mode == PlanMode::kPost;
  auto leg = [&](const std::string& account, std::int64_t minor, std::string memo) {
    if (post && minor != 0) plan.postings.push_back(PostingSpec{account, minor, d.currency, std::move(memo)});
  };

  if (d.kind == "transfer") {
    check_amount(d.expense_minor, "amount");
    if (!d.ious.empty()) throw ToolError("splits: a transfer has no IOUs");
    if (d.category_name) throw ToolError("categoryName: a transfer has no category");
    Account debit = transfer_account(st, d.debit_account_id.value_or(""), "debitAccountId");
    Account credit = transfer_account(st, d.credit_account_id.value_or(""), "creditAccountId");
    if (debit.seq == credit.seq) throw ToolError("debitAccountId and creditAccountId must be different accounts");
    if (debit.currency != credit.currency) {
      // Through Equity:Trading:<pair>, one account per currency, so each
      // currency still sums to zero (the "trading accounts" method).
      if (credit.currency != d.currency)
        throw ToolError("currency: " + d.currency + " differs from creditAccountId \"" + credit.name +
                        "\" currency " + credit.currency);
      if (d.income_minor <= 0)
        throw ToolError("incomeAmount: a transfer from " + credit.currency + " to " + debit.currency +
                        " needs what arrives, in " + debit.currency);
      check_amount(d.income_minor, "incomeAmount");
      if (post) {
        std::string pair = std::min(credit.currency, debit.currency) + "-" + std::max(credit.currency, debit.currency);
        Account out = trading_account(st, pair, credit.currency), in = trading_account(st, pair, debit.currency);
        plan.postings.push_back(PostingSpec{credit.id, -d.expense_minor, credit.currency, ""});
        plan.postings.push_back(PostingSpec{out.id, d.expense_minor, credit.currency, ""});
        plan.postings.push_back(PostingSpec{in.id, -d.income_minor, debit.currency, ""});
        plan.postings.push_back(PostingSpec{debit.id, d.income_minor, debit.currency, ""});
      }
      return plan;
    }
    if (d.income_minor != 0)
      throw ToolError("incomeAmount: a transfer between accounts of one currency moves one amount (expenseAmount)");
    if (debit.currency != d.currency)
      throw ToolError("currency: " + d.currency + " differs from the accounts' currency " + debit.currency);
    leg(debit.id, d.expense_minor, "");
    leg(credit.id, -d.expense_minor, "");
    return plan;
  }

  Account cash = cash_account(st, d.account_id.value_or(""), "accountId", d);

  if (d.kind == "income") {
    check_amount(d.income_minor, "incomeAmount");
    if (!d.ious.empty()) throw ToolError("splits: an income draft cannot carry IOUs");
    std::string name = d.category_name.value_or(kUncategorized);
    Category c = d.category_name ? resolve_category(st, name, "income", "categoryName")
                                 : (post ? ensure_category(st, name, "income") : Category{});
    if (d.category_name) plan.category_name = c.name;
    leg(cash.id, d.income_minor, "");
    if (post) leg(category_account(st, c, d.currency).id, -d.income_minor, "");
    return plan;
  }

  if (d.kind == "lend" || d.kind == "repayment") {
    if (d.category_name) throw ToolError("categoryName: a " + d.kind + " draft has no category");
    Person p = require_person(st, d.person_id.value_or(""), "personId");
    if (d.kind == "lend") {
      check_amount(d.expense_minor, "amount");
      leg(cash.id, -d.expense_minor, "");
      if (post) leg(ensure_lent_account(st, p, d.currency).id, d.expense_minor, "lent to " + p.name);
      return plan;
    }
    check_amount(d.income_minor, "amount");
    auto lent = lent_account(st, p.id, d.currency);
    std::int64_t owed = lent ? account_balance(st, lent->seq) : 0;
    if (d.income_minor > owed) {
      std::string msg = owed > 0 ? "Repayment of " + money_text(d.income_minor, d.currency) + " is more than " +
                                       p.name + " owes (" + money_text(owed, d.currency) + ")."
                                 : p.name + " owes nothing in " + d.currency + "; a repayment of " +
                                       money_text(d.income_minor, d.currency) + " would be an overpayment.";
      if (!allow_overpayment && !d.allow_overpayment) {
        if (post) throw ToolError(msg + " Pass allowOverpayment: true to record it anyway (" + p.name +
                                  "'s Lent balance goes negative: you then owe them).");
        plan.warnings.push_back(msg + " Posting will be refused unless allowOverpayment is true.");
      }
    }
    leg(cash.id, d.income_minor, "");
    if (post) leg(ensure_lent_account(st, p, d.currency).id, -d.income_minor, "repaid by " + p.name);
    return plan;
  }

  // expense and split_expense: paid-from −T; category +(T − Σa); each Lent:p +aᵢ.
  check_amount(d.expense_minor, d.kind == "expense" ? "expenseAmount" : "totalAmount");
  if (d.income_minor != 0) throw ToolError("incomeAmount: an expense draft takes expenseAmount only");
  std::int64_t shared = 0;
  std::set<std::string> seen;
  std::vector<Person> people;
  for (std::size_t i = 0; i < d.ious.size(); ++i) {
    std::string where = (d.kind == "expense" ? "splits[" : "allocations[") + std::to_string(i) + "]";
    Person p = require_person(st, d.ious[i].person_id, where + ".personId");
    if (!seen.insert(p.id).second) throw ToolError(where + ".personId: " + p.name + " appears twice");
    check_amount(d.ious[i].amount_minor, (where + ".amount").c_str());
    shared += d.ious[i].amount_minor;
    people.push_back(p);
  }
  if (shared > d.expense_minor)
    throw ToolError(std::string(d.kind == "expense" ? "splits" : "allocations") + ": the shares add up to " +
                    money_text(shared, d.currency) + ", more than the total of " +
                    money_text(d.expense_minor, d.currency));
  std::string name = d.category_name.value_or(kUncategorized);
  Category c = d.category_name ? resolve_category(st, name, "expense", "categoryName")
                               : (post ? ensure_category(st, name, "expense") : Category{});
  if (d.category_name) plan.category_name = c.name;
  leg(cash.id, -d.expense_minor, "");
  if (post && d.expense_minor - shared > 0) leg(category_account(st, c, d.currency).id, d.expense_minor - shared, "");
  for (std::size_t i = 0; i < d.ious.size(); ++i)
    if (post) leg(ensure_lent_account(st, people[i], d.currency).id, d.ious[i].amount_minor, people[i].name + "'s share");
  return plan;
}

PostedDraft post_draft(store::Store& st, const std::string& draft_id, bool allow_overpayment) {
  auto d = find_draft(st, draft_id);
  if (!d) {
    if (auto txn = posted_transaction(st, draft_id)) return PostedDraft{*txn, true};
    throw ToolError("Draft not found: draftId \"" + draft_id + "\"");
  }
  DraftPlan plan = plan_draft(st, *d, PlanMode::kPost, allow_overpayment);
  TxnSpec spec;
  spec.date = d->date;
  spec.description = d->title;
  spec.source = "extrack";
  spec.source_ref = d->id;
  spec.postings = std::move(plan.postings);
  spec.payee = d->payee.value_or("");
  spec.tags = d->tags;
  std::string id = post(st, spec);
  note_posted_draft(st, *d, id);  // ledger_undo voids it and brings the draft back
  move_draft_links(st, d->id, id);  // receipts stay with what the draft became (issue 21)
  delete_draft(st, d->id);  // seed: "The app removes the draft after a successful create."
  return PostedDraft{id, false};
}

}  // namespace tally::ledger
