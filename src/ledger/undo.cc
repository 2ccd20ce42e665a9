#include "ledger/undo.h"

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/attach.h"
#include "ledger/attachments.h"
#include "ledger/audit.h"
#include "ledger/transactions.h"

namespace tally::ledger {

using mcp::json;
using mcp::ToolError;

namespace {

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
std::optional<std::string> opt_string(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::string>();
}

/// A draft as the audit row keeps it, to be put back by an undo.
json draft_record(const Draft& d) {
  json ious = json::array();
  for (const auto& i : d.ious)
    ious.push_back({{"personId", i.person_id}, {"amountMinor", i.amount_minor}});
  return {{"id", d.id},
          {"kind", d.kind},
          {"title", d.title},
          {"date", d.date},
          {"currency", d.currency},
          {"expenseMinor", d.expense_minor},
          {"incomeMinor", d.income_minor},
          {"incomeCurrency", opt(d.income_currency)},
          {"accountId", opt(d.account_id)},
          {"debitAccountId", opt(d.debit_account_id)},
          {"creditAccountId", opt(d.credit_account_id)},
          {"personId", opt(d.person_id)},
          {"categoryName", opt(d.category_name)},
          {"externalRef", opt(d.external_ref)},
          {"payee", opt(d.payee)},
          {"tags", d.tags},
          {"allowOverpayment", d.allow_overpayment},
          {"createdAt", d.created_at},
          {"source", d.source},
          {"ious", ious}};
}

Draft draft_from_record(const json& r) {
  Draft d;
  d.id = r.at("id").get<std::string>();
  d.kind = r.at("kind").get<std::string>();
  d.title = r.at("title").get<std::string>();
  d.date = r.at("date").get<std::string>();
  d.currency = r.at("currency").get<std::string>();
  d.expense_minor = r.at("expenseMinor").get<std::int64_t>();
  d.income_minor = r.at("incomeMinor").get<std::int64_t>();
  d.income_currency = opt_string(r, "incomeCurrency");
  d.account_id = opt_string(r, "accountId");
  d.debit_account_id = opt_string(r, "debitAccountId");
  d.credit_account_id = opt_string(r, "creditAccountId");
  d.person_id = opt_string(r, "personId");
  d.category_name = opt_string(r, "categoryName");
  d.external_ref = opt_string(r, "externalRef");
  d.payee = opt_string(r, "payee");
  d.tags = r.at("tags").get<std::vector<std::string>>();
  d.allow_overpayment = r.at("allowOverpayment").get<bool>();
  d.created_at = r.at("createdAt").get<std::string>();
  d.source = r.at("source").get<std::string>();
  for (const auto& i : r.at("ious"))
    d.ious.push_back(
        Iou{i.at("personId").get<std::string>(), i.at("amountMinor").get<std::int64_t>()});
  return d;
}

/// Why a write has nothing ledger_undo can reverse, and what to do instead.
std::string why_not(const AuditEntry& e) {
  const std::string& a = e.action;
  std::string head = e.id + " (" + a + ") cannot be undone: ";
  if (a == "ledger_void_transaction")
    return head +
           "a void is final. Create and post the transaction again "
           "(extrack_create_transaction_draft, "
           "then extrack_post_transaction_draft)";
  if (a.rfind("import ", 0) == 0)
    return head +
           "an import is undone by voiding its transactions one by one (ledger_void_transaction); "
           "its ids are in the audit row";
  if (a.rfind("invoicing_", 0) == 0)
    return head +
           "the business books have their own reversals: invoicing_void_invoice, "
           "invoicing_void_payment, "
           "invoicing_void_expense";
  if (a.rfind("rewards_", 0) == 0 || a == "log_transaction")
    return head +
           "rewards are reversed with the rewards tools (or by voiding the ledger transaction that "
           "earned them)";
  if (a == "extrack_delete_transaction_draft")
    return head + "a deleted draft is gone; create it again";
  if (a == "schedule run")
    return head +
           "a schedule's occurrence is skipped or its transaction voided (ledger_skip_occurrence, "
           "ledger_void_transaction)";
  return head +
         "ledger_undo reverses a posted draft, a created or edited draft and a created account; "
         "this write is reversed with the tool that does the opposite";
}

std::int64_t postings_of(store::Store& st, std::int64_t account_seq) {
  SQLite::Statement q(st.db, "SELECT count(*) FROM posting WHERE account_seq = ?");
  q.bind(1, account_seq);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

json unpost(store::Store& st, const AuditEntry& e, const json& n) {
  const std::string txn = n.at("transactionId").get<std::string>();
  std::string reversal;
  try {
    reversal = void_transaction(st, txn, "undo of " + e.id);
  } catch (const ToolError& err) {
    throw ToolError(e.id + " cannot be undone: " + err.what());
  }
  Draft d = draft_from_record(n.at("draft"));
  const std::string original = d.id;
  insert_draft(st, d);  // a new id: posting it again makes a new transaction
  // The receipts come back with it; the voided transaction keeps its own links.
  for (const auto& link : list_links(st, AttachTarget{txn, ""}))
    insert_link(st, AttachTarget{"", d.id}, link.sha256, link.file_name, link.mime_type, link.size);
  return {{"undo", "unpost"},
          {"transactionId", txn},
          {"voidTransactionId", reversal},
          {"draftId", original},
          {"restoredDraftId", d.id}};
}

json close_created(store::Store& st, const AuditEntry& e, const json& n) {
  const std::string id = n.at("accountId").get<std::string>();
  auto acc = find_account(st, id);
  if (!acc) throw ToolError(e.id + " cannot be undone: account " + id + " no longer exists");
  if (std::int64_t count = postings_of(st, acc->seq); count > 0)
    throw ToolError(
        e.id + " cannot be undone: account \"" + acc->name + "\" (" + id + ") has " +
        std::to_string(count) + " posting" + (count == 1 ? "" : "s") +
        " since it was created, so it stays open. Move its balance out and close it with "
        "ledger_close_account, or leave it");
  const bool was_open = acc->open();
  if (was_open) {
    SQLite::Statement close(st.db, "UPDATE account SET closed_on = ? WHERE seq = ?");
    close.bind(1, st.today());
    close.bind(2, acc->seq);
    close.exec();
  }
  return {{"undo", "close_account"}, {"accountId", id}, {"closed", was_open}};
}

json delete_created(store::Store& st, const AuditEntry& e, const json& n) {
  const std::string id = n.at("draftId").get<std::string>();
  if (!find_draft(st, id)) {
    if (auto txn = posted_transaction(st, id))
      throw ToolError(e.id + " cannot be undone: draft " + id + " was posted since as " + *txn +
                      "; undo that posting first (ledger_audit_log with id: \"" + id +
                      "\" lists it)");
    throw ToolError(e.id + " cannot be undone: draft " + id + " was deleted since");
  }
  drop_draft_links(st, id);
  delete_draft(st, id);
  return {{"undo", "delete_draft"}, {"draftId", id}};
}

json restore_edited(store::Store& st, const AuditEntry& e, const json& n) {
  Draft before = draft_from_record(n.at("draft"));
  if (!find_draft(st, before.id)) {
    if (auto txn = posted_transaction(st, before.id))
      throw ToolError(e.id + " cannot be undone: draft " + before.id + " was posted since as " +
                      *txn + "; undo that posting first");
    throw ToolError(e.id + " cannot be undone: draft " + before.id + " was deleted since");
  }
  replace_draft(st, before);
  return {{"undo", "restore_draft"}, {"draftId", before.id}};
}

}  // namespace

void note_posted_draft(store::Store& st, const Draft& d, const std::string& transaction_id) {
  note_undo(st, {{"undo", "unpost"},
                 {"draftId", d.id},
                 {"transactionId", transaction_id},
                 {"draft", draft_record(d)}});
}

void note_created_draft(store::Store& st, const std::string& draft_id) {
  note_undo(st, {{"undo", "delete_draft"}, {"draftId", draft_id}});
}

void note_edited_draft(store::Store& st, const Draft& before) {
  note_undo(st,
            {{"undo", "restore_draft"}, {"draftId", before.id}, {"draft", draft_record(before)}});
}

void note_created_account(store::Store& st, const std::string& account_id) {
  note_undo(st, {{"undo", "close_account"}, {"accountId", account_id}});
}

json undo_write(store::Store& st, const std::string& audit_id) {
  auto e = find_audit(st, audit_id);
  if (!e)
    throw ToolError("Audit entry not found: auditId \"" + audit_id +
                    "\" (ledger_audit_log lists this workspace's)");
  if (e->undone_by)
    return {{"auditId", e->id},
            {"alreadyUndone", true},
            {"undoneBy", *e->undone_by},
            {"undone", json::array()}};
  if (e->undoes)
    throw ToolError(
        e->id + " is itself the undo of " + *e->undoes +
        "; an undo is not undone. Post the restored draft again, or reopen what it closed");
  if (e->undo.is_null() || e->undo.empty()) throw ToolError(why_not(*e));
  json undone = json::array();
  // Last write first: a row's notes are in the order its writes happened.
  for (auto it = e->undo.rbegin(); it != e->undo.rend(); ++it) {
    const std::string kind = it->at("undo").get<std::string>();
    if (kind == "unpost")
      undone.push_back(unpost(st, *e, *it));
    else if (kind == "close_account")
      undone.push_back(close_created(st, *e, *it));
    else if (kind == "delete_draft")
      undone.push_back(delete_created(st, *e, *it));
    else if (kind == "restore_draft")
      undone.push_back(restore_edited(st, *e, *it));
    else  // written by a newer Tally
      throw ToolError(e->id + " cannot be undone by this version of Tally (it does not know \"" +
                      kind + "\")");
    // The undo's own audit row names what it touched (the void, the draft back).
    json ids = undone.back();
    ids.erase("undo");
    note_undo(st, std::move(ids));
  }
  note_undoes(st, e->seq);
  return {{"auditId", e->id}, {"alreadyUndone", false}, {"undone", undone}};
}

json undo_output_schema() {
  return {
      {"type", "object"},
      {"properties",
       {{"auditId", {{"type", "string"}}},
        {"alreadyUndone",
         {{"type", "boolean"}, {"description", "it was undone before; nothing changed now"}}},
        {"undoneBy", {{"type", "string"}, {"description", "the audit id of the earlier undo"}}},
        {"undone",
         {{"type", "array"},
          {"description", "what was reversed, last write first"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"undo",
               {{"type", "string"},
                {"enum", {"unpost", "close_account", "delete_draft", "restore_draft"}}}},
              {"transactionId", {{"type", "string"}, {"description", "the voided transaction"}}},
              {"voidTransactionId",
               {{"type", "string"}, {"description", "the reversal that voids it"}}},
              {"draftId", {{"type", "string"}}},
              {"restoredDraftId",
               {{"type", "string"}, {"description", "the draft back, under a new id"}}},
              {"accountId", {{"type", "string"}}},
              {"closed", {{"type", "boolean"}}}}},
            {"required", {"undo"}}}}}}}},
      {"required", {"auditId", "alreadyUndone", "undone"}}};
}

}  // namespace tally::ledger
