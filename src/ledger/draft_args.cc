#include "ledger/draft_args.h"

#include <algorithm>
#include <vector>

#include "mcp/tool.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace {

using mcp::json;

bool generic(const std::string& kind) {
  return kind == "expense" || kind == "income" || kind == "transfer";
}

/// The fields each create tool takes, so an edit names the one a draft refuses.
const std::vector<std::string>& fields_of(const std::string& kind) {
  static const std::vector<std::string> generic_fields{"type",
                                                       "title",
                                                       "date",
                                                       "accountId",
                                                       "debitAccountId",
                                                       "creditAccountId",
                                                       "expenseAmount",
                                                       "incomeAmount",
                                                       "currency",
                                                       "categoryName",
                                                       "externalReference",
                                                       "splits",
                                                       "payee",
                                                       "tags"};
  static const std::vector<std::string> split_fields{
      "title",       "date",         "accountId",         "totalAmount", "allocations",
      "splitEvenly", "categoryName", "externalReference", "payee",       "tags"};
  static const std::vector<std::string> lend_fields{"personId", "accountId", "amount", "date",
                                                    "title",    "payee",     "tags"};
  static const std::vector<std::string> repay_fields{
      "personId", "accountId", "amount", "date", "title", "payee", "allowOverpayment", "tags"};
  if (generic(kind)) return generic_fields;
  if (kind == "split_expense") return split_fields;
  if (kind == "lend") return lend_fields;
  return repay_fields;
}

bool is_decimal_field(const std::string& key) {
  return key == "expenseAmount" || key == "incomeAmount" || key == "totalAmount" || key == "amount";
}

/// A list of {personId, amount} with each amount's exact text.
json shares(const mcp::Args& changes, const std::string& key) {
  json out = json::array();
  for (const auto& item : changes.array(key)) {
    json one = item.raw();
    one["amount"] = item.decimal_text("amount");
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace

const char* create_tool_of(const std::string& kind) {
  if (generic(kind)) return "extrack_create_transaction_draft";
  if (kind == "split_expense") return "extrack_create_split_expense_draft";
  if (kind == "lend") return "extrack_create_lend_money_draft";
  return "extrack_create_repayment_draft";
}

json draft_args(const Draft& d) {
  auto exponent = store::find_currency(d.currency)->exponent;
  auto money = [&](std::int64_t minor) { return store::format_minor(minor, exponent); };
  json a{{"title", d.title}, {"date", d.date}};
  if (d.payee) a["payee"] = *d.payee;
  if (!d.tags.empty()) a["tags"] = d.tags;
  if (d.kind == "lend" || d.kind == "repayment") {
    a["personId"] = d.person_id.value_or("");
    a["accountId"] = d.account_id.value_or("");
    a["amount"] = money(d.amount());
    if (d.kind == "repayment") a["allowOverpayment"] = d.allow_overpayment;
    return a;
  }
  if (d.category_name) a["categoryName"] = *d.category_name;
  if (d.external_ref) a["externalReference"] = *d.external_ref;
  json ious = json::array();
  for (const auto& i : d.ious)
    ious.push_back({{"personId", i.person_id}, {"amount", money(i.amount_minor)}});
  if (d.kind == "split_expense") {
    a["accountId"] = d.account_id.value_or("");
    a["totalAmount"] = money(d.expense_minor);
    a["allocations"] = ious;
    return a;
  }
  a["type"] = d.kind;
  a["currency"] = d.currency;
  if (d.kind == "transfer") {
    a["debitAccountId"] = d.debit_account_id.value_or("");
    a["creditAccountId"] = d.credit_account_id.value_or("");
    a["expenseAmount"] = money(d.expense_minor);
    if (d.income_minor > 0)  // across currencies: what arrives, in the debit account's currency
      a["incomeAmount"] = store::format_minor(
          d.income_minor, store::find_currency(d.income_currency.value_or(d.currency))->exponent);
    return a;
  }
  a["accountId"] = d.account_id.value_or("");
  if (d.kind == "expense") {
    a["expenseAmount"] = money(d.expense_minor);
    if (!ious.empty()) a["splits"] = ious;
  } else {
    a["incomeAmount"] = money(d.income_minor);
  }
  return a;
}

json merged_draft_args(const Draft& d, const mcp::Args& changes) {
  json a = draft_args(d);
  const auto& allowed = fields_of(d.kind);
  for (const auto& [key, value] : changes.raw().items()) {
    if (key == "draftId") continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw mcp::ToolError(key + ": a " + d.kind + " draft does not take " + key +
                           " (it takes the fields of " + create_tool_of(d.kind) + ")");
  }
  // A new type keeps the title, date, amount and (between expense and income)
  // the account; what only the old type meant is dropped.
  if (changes.has("type") && changes.str("type") != d.kind) {
    std::string to = changes.str("type");
    json amount = d.kind == "income" ? a["incomeAmount"] : a["expenseAmount"];
    for (const char* k : {"expenseAmount", "incomeAmount", "splits", "categoryName",
                          "debitAccountId", "creditAccountId"})
      a.erase(k);
    if (to == "transfer" || d.kind == "transfer") a.erase("accountId");
    a[to == "income" ? "incomeAmount" : "expenseAmount"] = amount;
  }
  // An account of another currency brings its own: the draft's old currency is only a default.
  if (changes.has("accountId") || changes.has("creditAccountId")) a.erase("currency");
  for (const auto& [key, value] : changes.raw().items()) {
    if (key == "draftId") continue;
    if (value.is_null()) {
      a.erase(key);
    } else if (is_decimal_field(key)) {
      a[key] = changes.decimal_text(key);
      // One amount per draft (a transfer across currencies aside, which keeps
      // both): the other side's amount goes when this one is set.
      bool both = d.kind == "transfer" && d.income_minor > 0 && !changes.has("type");
      if (key == "expenseAmount" && !both) a.erase("incomeAmount");
      if (key == "incomeAmount" && !both) a.erase("expenseAmount");
    } else if (key == "splits" || key == "allocations") {
      a[key] = shares(changes, key);
      if (key == "allocations") a.erase("splitEvenly");
    } else {
      a[key] = value;
      if (key == "splitEvenly") a.erase("allocations");
    }
  }
  return a;
}

}  // namespace tally::ledger
