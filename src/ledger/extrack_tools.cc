#include "ledger/extrack_tools.h"
#include "app/call_store.h"

#include <set>

#include "store/transaction.h"

#include "ledger/accounts.h"
#include "ledger/attach.h"
#include "ledger/categories.h"
#include "ledger/draft_args.h"
#include "ledger/draft_posting.h"
#include "ledger/drafts.h"
#include "ledger/people.h"
#include "ledger/tags.h"
#include "ledger/preview.h"
#include "ledger/tool_support.h"
#include "ledger/transactions.h"
#include "ledger/undo.h"
#include "mcp/schema.h"
#include "store/currency.h"
#include "store/money.h"

namespace tally::ledger {

namespace s = mcp::schema;
using mcp::json;
using mcp::ToolError;
using mcp::ToolResult;

namespace {

// Seed 000, "Tools".
constexpr const char* kContextText =
    "Single bundled read — returns the workspace's open accounts, people directory, categories, and the most "
    "recent pending transaction drafts (up to 20). Call this once at the start of the conversation so the "
    "assistant can pass real ids to every create tool instead of fanning out per-resource list calls.";
constexpr const char* kCreateText =
    "Create a generic draft — expense, income, or transfer — using real account ids from the context bundle, "
    "separate expense & income amounts, date, an optional category name, an external reference, and draft-level "
    "split IOUs (with real person ids).";
constexpr const char* kSplitText =
    "One-shot Splitwise-style split: total expense + paid-from account + per-person allocations. The web app "
    "ensures each person's Lent receivable when you post.";
constexpr const char* kLendText = "“I lent money to X” — a 100% IOU draft to one person from your chosen account.";
constexpr const char* kRepayText =
    "“X paid me back” — a transfer draft from the person's Lent receivable to your cash account.";

json with_advice(store::Store& st, const Draft& d, const std::vector<std::string>& warnings) {
  json out = draft_json(st, d);
  out["warnings"] = warnings;
  out["possibleDuplicates"] = look_alike_drafts(st, d);
  return out;
}

json created_output_schema() {
  json schema = draft_output_schema();
  schema["properties"]["warnings"] = {{"type", "array"},
                                      {"items", {{"type", "string"}}},
                                      {"description", "things to tell the user before they post"}};
  schema["properties"]["possibleDuplicates"] = {
      {"type", "array"},
      {"items", {{"type", "string"}}},
      {"description", "pending drafts with the same title, amount and day (advisory: nothing is blocked)"}};
  return schema;
}

/// Validates (no writes beyond the draft), stores, and answers with advice.
/// With `replacing`, the draft takes that one's place: same id, created_at and source.
ToolResult store_draft(store::Store& st, Draft d, std::vector<std::string> warnings, mcp::CallContext& ctx,
                       const Draft* replacing) {
  store::Transaction tx(st.db);
  DraftPlan plan = plan_draft(st, d, PlanMode::kCheck, false);
  warnings.insert(warnings.end(), plan.warnings.begin(), plan.warnings.end());
  if (plan.category_name) d.category_name = plan.category_name;
  if (replacing) {
    d.id = replacing->id;
    d.created_at = replacing->created_at;
    d.source = replacing->source;
    note_edited_draft(st, *replacing);
    replace_draft(st, d);
  } else {
    d.source = draft_source(ctx.client_info());
    insert_draft(st, d);
    note_created_draft(st, d.id);
  }
  json out = with_advice(st, d, warnings);
  ctx.check_cancelled();
  tx.commit();
  return ToolResult::of(std::move(out));
}

/// The currency of a draft: the `currency` parameter when given, else the account's.
std::string draft_currency(store::Store& st, const mcp::Args& a, const std::string& account_param) {
  if (auto c = a.opt_str("currency")) return require_currency(*c, "currency");
  return require_account(st, a.str(account_param), account_param).currency;
}

/// `payee` and `tags` (issue 19), which every create tool takes.
void payee_and_tags(const mcp::Args& a, Draft& d) {
  if (auto p = a.opt_str("payee")) d.payee = *p;
  if (!a.has("tags")) return;
  std::set<std::string> seen;
  auto tags = a.strings("tags");
  for (std::size_t i = 0; i < tags.size(); ++i)
    if (seen.insert(fold_tag(require_tag(tags[i], "tags[" + std::to_string(i) + "]"))).second)
      d.tags.push_back(tags[i]);
}

void optional_texts(const mcp::Args& a, Draft& d) {
  if (auto c = a.opt_str("categoryName")) d.category_name = *c;
  if (auto r = a.opt_str("externalReference")) d.external_ref = *r;
  payee_and_tags(a, d);
}

/// The schema fields of payee_and_tags.
std::vector<s::Field> payee_tag_fields() {
  return {s::string("payee").min_length(1).max_length(200).describe("who was paid (or paid you), e.g. \"Lidl\""),
          s::array("tags", json{{"type", "string"}, {"minLength", 1}, {"maxLength", 64}})
              .max_items(50)
              .describe("tags kept on the transaction: letters, digits, -, _, / and :")};
}

std::vector<s::Field> with_payee_tags(std::vector<s::Field> fields, bool clearable = false) {
  for (auto& f : payee_tag_fields()) fields.push_back(std::move(f));
  if (clearable) fields[fields.size() - 2].nullable();  // payee: null clears it
  return fields;
}

s::Field id_param(const char* name, const char* what) {
  return s::string(name).min_length(1).max_length(64).describe(what);
}

ToolResult create_transaction_draft(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx,
                                    const Draft* replacing = nullptr) {
  Draft d;
  d.kind = a.str("type");
  d.title = a.str("title");
  d.date = a.str("date");
  optional_texts(a, d);
  bool expense = a.has("expenseAmount"), income = a.has("incomeAmount");
  if (d.kind == "transfer") {
    if (a.has("accountId")) throw ToolError("accountId: a transfer takes debitAccountId and creditAccountId instead");
    if (!a.has("debitAccountId")) throw ToolError("debitAccountId: required for a transfer (the account that receives)");
    if (!a.has("creditAccountId")) throw ToolError("creditAccountId: required for a transfer (the account that gives)");
    if (a.has("splits")) throw ToolError("splits: a transfer has no IOUs");
    d.debit_account_id = a.str("debitAccountId");
    d.credit_account_id = a.str("creditAccountId");
    Account debit = require_account(st, *d.debit_account_id, "debitAccountId");
    Account credit = require_account(st, *d.credit_account_id, "creditAccountId");
    if (debit.currency != credit.currency) {
      // Issue 20: across currencies, both sides' amounts, each in its account's currency.
      if (!expense || !income)
        throw ToolError("A transfer from " + credit.currency + " (creditAccountId \"" + credit.name + "\") to " +
                        debit.currency + " (debitAccountId \"" + debit.name + "\") takes both amounts: expenseAmount in " +
                        credit.currency + " (what leaves) and incomeAmount in " + debit.currency + " (what arrives).");
      if (auto c = a.opt_str("currency"); c && *c != credit.currency)
        throw ToolError("currency: " + *c + " is not creditAccountId's currency " + credit.currency +
                        "; across currencies expenseAmount is in " + credit.currency + " and incomeAmount in " +
                        debit.currency);
      d.currency = credit.currency;
      d.expense_minor = parse_amount(a, "expenseAmount", credit.currency);
      d.income_minor = parse_amount(a, "incomeAmount", debit.currency);
      d.income_currency = debit.currency;
      return store_draft(st, std::move(d), {}, ctx, replacing);
    }
    if (expense == income)
      throw ToolError("A transfer moves one amount: give expenseAmount (or incomeAmount), not both and not neither "
                      "(both only between accounts of different currencies).");
    d.currency = draft_currency(st, a, "creditAccountId");
    d.expense_minor = parse_amount(a, expense ? "expenseAmount" : "incomeAmount", d.currency);
    return store_draft(st, std::move(d), {}, ctx, replacing);
  }
  if (a.has("debitAccountId") || a.has("creditAccountId"))
    throw ToolError(std::string(a.has("debitAccountId") ? "debitAccountId" : "creditAccountId") +
                    ": only a transfer takes debit/credit accounts; an " + d.kind + " takes accountId");
  if (!a.has("accountId"))
    throw ToolError(std::string("accountId: required for an ") + d.kind +
                    (d.kind == "expense" ? " (the account it was paid from)" : " (the account it was paid into)"));
  d.account_id = a.str("accountId");
  d.currency = draft_currency(st, a, "accountId");
  if (d.kind == "expense") {
    if (!expense) throw ToolError("expenseAmount: required for an expense");
    if (income) throw ToolError("incomeAmount: an expense draft takes expenseAmount only");
    d.expense_minor = parse_amount(a, "expenseAmount", d.currency);
    for (const auto& split : a.array("splits"))
      d.ious.push_back(Iou{split.str("personId"), parse_amount(split, "amount", d.currency)});
  } else {
    if (!income) throw ToolError("incomeAmount: required for an income");
    if (expense) throw ToolError("expenseAmount: an income draft takes incomeAmount only");
    if (a.has("splits") && !a.array("splits").empty()) throw ToolError("splits: an income draft cannot carry IOUs");
    d.income_minor = parse_amount(a, "incomeAmount", d.currency);
  }
  return store_draft(st, std::move(d), {}, ctx, replacing);
}

ToolResult create_split_expense_draft(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx,
                                      const Draft* replacing = nullptr) {
  Draft d;
  d.kind = "split_expense";
  d.title = a.str("title");
  d.date = a.str("date");
  d.account_id = a.str("accountId");
  optional_texts(a, d);
  d.currency = require_account(st, *d.account_id, "accountId").currency;
  d.expense_minor = parse_amount(a, "totalAmount", d.currency);
  bool listed = a.has("allocations"), even = a.has("splitEvenly");
  if (listed == even) throw ToolError("Give either allocations (amounts per person) or splitEvenly, not both and not neither.");
  std::vector<std::string> warnings;
  if (listed) {
    for (const auto& alloc : a.array("allocations"))
      d.ious.push_back(Iou{alloc.str("personId"), parse_amount(alloc, "amount", d.currency)});
  } else {
    // Friends each get floor(T/n) and you take the remainder, so nobody is
    // overcharged by rounding; without you, the first ones get the extra cent.
    mcp::Args spec = a.object("splitEvenly");
    std::vector<std::string> ids = spec.strings("personIds");
    bool include_me = spec.boolean("includeMe", true);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      require_person(st, ids[i], "splitEvenly.personIds[" + std::to_string(i) + "]");
      if (!seen.insert(ids[i]).second)
        throw ToolError("splitEvenly.personIds[" + std::to_string(i) + "]: " + ids[i] + " appears twice");
    }
    std::vector<std::int64_t> shares;
    if (include_me) {
      std::int64_t each = d.expense_minor / static_cast<std::int64_t>(ids.size() + 1);
      shares.assign(ids.size(), each);
    } else {
      shares = store::split_evenly(d.expense_minor, static_cast<int>(ids.size()));
    }
    auto currency = *store::find_currency(d.currency);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (shares[i] == 0) {
        warnings.push_back(require_person(st, ids[i], "personId").name + "'s share rounds to " +
                           store::format_minor(0, currency.exponent) + " " + d.currency + "; no IOU recorded.");
        continue;
      }
      d.ious.push_back(Iou{ids[i], shares[i]});
    }
  }
  return store_draft(st, std::move(d), std::move(warnings), ctx, replacing);
}

ToolResult create_person_draft(store::Store& st, const mcp::Args& a, mcp::CallContext& ctx, const std::string& kind,
                               const Draft* replacing = nullptr) {
  Draft d;
  d.kind = kind;
  d.date = a.str("date");
  d.person_id = a.str("personId");
  d.account_id = a.str("accountId");
  Person p = require_person(st, *d.person_id, "personId");
  d.currency = require_account(st, *d.account_id, "accountId").currency;
  std::int64_t amount = parse_amount(a, "amount", d.currency);
  d.title = a.opt_str("title").value_or(kind == "lend" ? "Lent to " + p.name : p.name + " paid me back");
  payee_and_tags(a, d);
  if (kind == "lend") {
    d.expense_minor = amount;
    d.ious.push_back(Iou{p.id, amount});  // a 100% IOU (seed)
  } else {
    d.income_minor = amount;
    d.allow_overpayment = a.boolean("allowOverpayment");
  }
  return store_draft(st, std::move(d), {}, ctx, replacing);
}

Draft require_draft(store::Store& st, const std::string& id) {
  if (auto d = find_draft(st, id)) return *d;
  if (auto txn = posted_transaction(st, id))
    throw ToolError("Draft not found: draftId \"" + id + "\" (it was posted as transaction " + *txn + ")");
  throw ToolError("Draft not found: draftId \"" + id + "\"");
}

constexpr const char* kUpdateText =
    "Change a pending draft: pass draftId and only the fields to change, named as in the create tool that made "
    "it (type, title, date, accountId, amounts, categoryName, splits or allocations, personId, payee, tags …). "
    "The draft keeps its id and is checked again exactly as when it was created; null clears categoryName, "
    "externalReference or payee. A split_expense, lend or repayment draft keeps its type.";

/// The draft with `changes` applied, through the create tool of its kind.
ToolResult update_transaction_draft(store::Store& st, const mcp::Args& changes, mcp::CallContext& ctx) {
  store::Transaction tx(st.db);
  Draft old = require_draft(st, changes.str("draftId"));
  if (changes.has("type") && (old.kind == "split_expense" || old.kind == "lend" || old.kind == "repayment") &&
      changes.str("type") != old.kind)
    throw ToolError("type: a " + old.kind + " draft keeps its type; delete it and create another instead");
  json merged = merged_draft_args(old, changes);
  mcp::Args a(merged, nullptr);
  ToolResult out = old.kind == "split_expense"                       ? create_split_expense_draft(st, a, ctx, &old)
                   : old.kind == "lend" || old.kind == "repayment"   ? create_person_draft(st, a, ctx, old.kind, &old)
                                                                     : create_transaction_draft(st, a, ctx, &old);
  tx.commit();
  return out;
}

json context(store::Store& st) {
  json accounts = json::array();
  {
    SQLite::Statement q(st.db, "SELECT id FROM account WHERE ws = ? AND closed_on IS NULL AND category_id IS NULL "
                               "ORDER BY type, name_fold, currency");
    q.bind(1, st.workspace_id);
    std::vector<std::string> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    for (const auto& id : ids) {
      Account a = *find_account(st, id);
      accounts.push_back(account_json(a, account_balance(st, a.seq)));
    }
  }
  json persons = json::array();
  for (const auto& p : list_persons(st)) persons.push_back(person_json(st, p));
  json categories = json::array();
  for (const auto& c : list_categories(st)) categories.push_back({{"id", c.id}, {"name", c.name}, {"kind", c.kind}});
  json drafts = json::array();
  bool more = false;
  for (const auto& d : recent_drafts(st, 20, std::nullopt, more)) drafts.push_back(draft_json(st, d));
  return {{"baseCurrency", base_currency(st)},
          {"accounts", accounts},
          {"persons", persons},
          {"categories", categories},
          {"recentDrafts", drafts}};
}

}  // namespace

json post_output_schema() {
  json properties{{"draftId", {{"type", "string"}}},
                  {"transactionId", {{"type", "string"}, {"description", "the posted transaction (txn_…)"}}},
                  {"alreadyPosted", {{"type", "boolean"}, {"description", "true when an earlier call posted it"}}},
                  {"transaction", transaction_output_schema()}};
  properties.update(preview_schema_properties());
  return object_output(std::move(properties), {"draftId"});
}

std::vector<mcp::ToolSpec> extrack_tools() {
  json split_item = s::object_schema({id_param("personId", "a person id from extrack_get_context").required(),
                                      s::decimal("amount").required().describe("their share, e.g. \"33.33\"")});
  json draft_schema = draft_output_schema();
  json created_schema = created_output_schema();
  json category_item = object_output({{"id", {{"type", "string"}}}, {"name", {{"type", "string"}}},
                                      {"kind", {{"type", "string"}, {"enum", {"expense", "income"}}}}},
                                     {"id", "name", "kind"});
  std::vector<mcp::ToolSpec> tools;

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_get_context",
      .title = "Get workspace context",
      .description = kContextText,
      .input_schema = s::object_schema({}),
      .output_schema = object_output(
          {{"baseCurrency", {{"type", "string"}, {"description", "the workspace's default currency"}}},
           {"accounts", {{"type", "array"}, {"items", account_output_schema()}, {"description", "open accounts with balances (category accounts are listed as categories)"}}},
           {"persons", {{"type", "array"}, {"items", person_output_schema()}, {"description", "people and what they owe you"}}},
           {"categories", {{"type", "array"}, {"items", category_item}}},
           {"recentDrafts", {{"type", "array"}, {"items", draft_schema}, {"description", "up to 20 pending drafts, newest first"}}}},
          {"baseCurrency", "accounts", "persons", "categories", "recentDrafts"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args&, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db, store::Transaction::Kind::read);  // one snapshot for the whole bundle
        json out = context(*sp);
        tx.commit();
        return ToolResult::of(std::move(out));
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_create_transaction_draft",
      .title = "Create a transaction draft",
      .description = kCreateText,
      .input_schema = s::object_schema(with_payee_tags(
          {s::enumeration("type", {"expense", "income", "transfer"}).required(),
           s::string("title").required().min_length(1).max_length(200).describe("what it was, e.g. \"Groceries at Lidl\""),
           s::date("date").required().describe("YYYY-MM-DD"),
           id_param("accountId", "expense: paid-from account; income: paid-into account (real id from extrack_get_context)"),
           id_param("debitAccountId", "transfer: the account that receives the money"),
           id_param("creditAccountId", "transfer: the account the money leaves"),
           s::decimal("expenseAmount").describe("expense (or transfer) amount in the account's currency, e.g. \"42.50\"; "
                                                "a transfer across currencies: what leaves, in creditAccountId's currency"),
           s::decimal("incomeAmount").describe("income amount in the account's currency; a transfer across "
                                               "currencies: what arrives, in debitAccountId's currency"),
           s::string("currency").min_length(3).max_length(3).describe("ISO 4217; defaults to the account's and must equal it"),
           s::string("categoryName").min_length(1).max_length(120).describe("an existing category's name (any case); Uncategorized when absent"),
           s::string("externalReference").min_length(1).max_length(200).describe("your reference: receipt number, bank id, …"),
           s::array("splits", split_item).max_items(50).describe("expense only: IOUs, what each person owes you of it")})),
      .output_schema = created_schema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return create_transaction_draft(*sp, a, ctx); }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_create_split_expense_draft",
      .title = "Create a split expense draft",
      .description = std::string(kSplitText) +
                     " Give allocations (per-person amounts) or splitEvenly {personIds, includeMe}: with includeMe "
                     "each friend pays the total divided by everyone, rounded down, and you cover the leftover cent.",
      .input_schema = s::object_schema(with_payee_tags(
          {s::string("title").required().min_length(1).max_length(200),
           s::date("date").required(),
           id_param("accountId", "the paid-from account").required(),
           s::decimal("totalAmount").required().describe("the whole bill, e.g. \"100.00\""),
           s::array("allocations", split_item).min_items(1).max_items(50).describe("what each person owes you"),
           s::object("splitEvenly",
                     {s::array("personIds", json{{"type", "string"}}).required().min_items(1).max_items(50),
                      s::boolean("includeMe").def(true).describe("you take a share too")})
               .describe("split the total evenly instead of listing allocations"),
           s::string("categoryName").min_length(1).max_length(120),
           s::string("externalReference").min_length(1).max_length(200)})),
      .output_schema = created_schema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return create_split_expense_draft(*sp, a, ctx); }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_create_lend_money_draft",
      .title = "Create a lend-money draft",
      .description = kLendText,
      .input_schema = s::object_schema(with_payee_tags({id_param("personId", "who you lent to").required(),
                                        id_param("accountId", "the account the money left").required(),
                                        s::decimal("amount").required(),
                                        s::date("date").required(),
                                        s::string("title").min_length(1).max_length(200)})),
      .output_schema = created_schema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return create_person_draft(*sp, a, ctx, "lend"); }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_create_repayment_draft",
      .title = "Create a repayment draft",
      .description = std::string(kRepayText) +
                     " More than the person owes is refused when posting unless allowOverpayment is true.",
      .input_schema = s::object_schema(with_payee_tags({id_param("personId", "who paid you back").required(),
                                        id_param("accountId", "the account the money arrived in").required(),
                                        s::decimal("amount").required(),
                                        s::date("date").required(),
                                        s::string("title").min_length(1).max_length(200),
                                        s::boolean("allowOverpayment").def(false).describe(
                                            "record a repayment above what is owed (their Lent balance goes negative)")})),
      .output_schema = created_schema,
      .annotations = mcp::kCreate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return create_person_draft(*sp, a, ctx, "repayment"); }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_update_transaction_draft",
      .title = "Update a transaction draft",
      .description = kUpdateText,
      .input_schema = s::object_schema(with_payee_tags(
          {id_param("draftId", "a pending draft id (drf_…)").required(),
           s::enumeration("type", {"expense", "income", "transfer"}).describe("generic drafts only: a new type"),
           s::string("title").min_length(1).max_length(200),
           s::date("date").describe("YYYY-MM-DD"),
           id_param("accountId", "paid-from (expense, split, lend) or paid-into (income, repayment) account"),
           id_param("debitAccountId", "transfer: the account that receives the money"),
           id_param("creditAccountId", "transfer: the account the money leaves"),
           s::decimal("expenseAmount").describe("expense (or transfer) amount"),
           s::decimal("incomeAmount").describe("income amount"),
           s::decimal("totalAmount").describe("split_expense: the whole bill"),
           s::decimal("amount").describe("lend, repayment: the amount"),
           s::string("currency").min_length(3).max_length(3).describe("ISO 4217; must equal the account's"),
           s::string("categoryName").min_length(1).max_length(120).nullable().describe("an existing category; null: Uncategorized"),
           s::string("externalReference").min_length(1).max_length(200).nullable(),
           s::array("splits", split_item).max_items(50).describe("expense: the IOUs, replacing the old ones ([] for none)"),
           s::array("allocations", split_item).min_items(1).max_items(50).describe("split_expense: what each person owes you"),
           s::object("splitEvenly",
                     {s::array("personIds", json{{"type", "string"}}).required().min_items(1).max_items(50),
                      s::boolean("includeMe").def(true).describe("you take a share too")})
               .describe("split_expense: split the total evenly instead"),
           id_param("personId", "lend, repayment: the person"),
           s::boolean("allowOverpayment").describe("repayment: may exceed what is owed")},
          true)),
      .output_schema = created_schema,
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx); return update_transaction_draft(*sp, a, ctx); }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_get_transaction_draft",
      .title = "Get a transaction draft",
      .description = "Fetch one draft by id.",
      .input_schema = s::object_schema({id_param("draftId", "a draft id (drf_…)").required()}),
      .output_schema = draft_schema,
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        return ToolResult::of(draft_json(*sp, require_draft(*sp, a.str("draftId"))));
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_delete_transaction_draft",
      .title = "Delete a transaction draft",
      .description = "Delete a draft without posting to the ledger.",
      .input_schema = s::object_schema({id_param("draftId", "a draft id (drf_…)").required()}),
      .output_schema = object_output({{"deleted", {{"type", "boolean"}}}, {"draftId", {{"type", "string"}}}},
                                     {"deleted", "draftId"}),
      .annotations = mcp::kUpdate,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db);
        Draft d = require_draft(*sp, a.str("draftId"));
        drop_draft_links(*sp, d.id);
        delete_draft(*sp, d.id);
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of({{"deleted", true}, {"draftId", d.id}});
      }});

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_post_transaction_draft",
      .title = "Post a transaction draft",
      .description =
          "Post a pending draft to the ledger as one balanced transaction, then remove the draft (what the "
          "Extrack web app does). Creates each person's Lent receivable on first use. Posting the same draft "
          "again returns the transaction it became. If anything fails, nothing is written and the draft stays "
          "pending. dryRun: true answers with the postings it would write and each person's Lent balance "
          "before and after, and writes nothing.",
      .input_schema = s::object_schema(
          {id_param("draftId", "a pending draft id (drf_…)").required(),
           s::boolean("allowOverpayment").def(false).describe("repayments: allow more than the person owes"),
           s::boolean("dryRun").def(false).describe("show what posting would write; write nothing")}),
      .output_schema = post_output_schema(),
      .annotations = mcp::kIdempotent,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        store::Transaction tx(sp->db);
        if (a.boolean("dryRun"))
          return dry_run_result({{"draftId", a.str("draftId")}},
                                preview(*sp, a.str("draftId"), a.boolean("allowOverpayment")));
        PostedDraft posted = post_draft(*sp, a.str("draftId"), a.boolean("allowOverpayment"));
        json out{{"draftId", a.str("draftId")},
                 {"transactionId", posted.transaction_id},
                 {"alreadyPosted", posted.already_posted},
                 {"transaction", transaction_json(*sp, posted.transaction_id)}};
        ctx.check_cancelled();
        tx.commit();
        return ToolResult::of(std::move(out));
      }});

  tools.push_back(bulk_post_tool());

  tools.push_back(mcp::ToolSpec{
      .name = "extrack_list_transaction_drafts",
      .title = "List transaction drafts",
      .description = "List pending drafts, newest first. Pass nextCursor back as cursor for the next page.",
      .input_schema = s::object_schema({s::integer("limit").min(1).max(100).def(20),
                                        s::string("cursor").min_length(1).max_length(64).describe("nextCursor of the previous page")}),
      .output_schema = object_output({{"drafts", {{"type", "array"}, {"items", draft_schema}}},
                                      {"total", {{"type", "integer"}, {"description", "pending drafts in the workspace"}}},
                                      {"truncated", {{"type", "boolean"}, {"description", "more drafts follow"}}},
                                      {"nextCursor", {{"type", "string"}}}},
                                     {"drafts", "total", "truncated"}),
      .annotations = mcp::kRead,
      .handler = [](const mcp::Args& a, mcp::CallContext& ctx) {
        store::Store* sp = &app::store_of(ctx);
        std::optional<std::string> cursor = a.opt_str("cursor");
        if (cursor && cursor->rfind("drf_", 0) != 0) throw ToolError("cursor: not a cursor this tool returned");
        store::Transaction tx(sp->db, store::Transaction::Kind::read);
        bool more = false;
        json drafts = json::array();
        auto page = recent_drafts(*sp, static_cast<int>(a.integer("limit")), cursor, more);
        for (const auto& d : page) drafts.push_back(draft_json(*sp, d));
        json out{{"drafts", drafts}, {"total", count_drafts(*sp)}, {"truncated", more}};
        if (more) out["nextCursor"] = page.back().id;
        tx.commit();
        return ToolResult::of(std::move(out));
      }});
  return tools;
}

}  // namespace tally::ledger
