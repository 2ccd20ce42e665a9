#include "transfer/statement_import.h"

#include <map>
#include <set>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>

#include "ledger/accounts.h"
#include "ledger/audit.h"
#include "ledger/categories.h"
#include "util/fold.h"
#include "ledger/posting.h"
#include "ledger/posting_batch.h"
#include "ledger/reconcile.h"
#include "mcp/tool.h"
#include "store/currency.h"
#include "store/sqlite_error.h"
#include "store/money.h"
#include "store/transaction.h"
#include "transfer/file_text.h"
#include "transfer/fingerprint.h"
#include "transfer/ofx_reader.h"
#include "transfer/progress.h"

namespace tally::transfer {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && util::fold_name(s.substr(s.size() - tail.size())) == tail;
}

ledger::Account resolve_account(store::Store& st, const std::string& ref) {
  if (auto a = ledger::find_account(st, ref)) return *a;
  SQLite::Statement q(st.db, "SELECT id FROM account WHERE ws = ? AND name_fold = ? ORDER BY seq");
  q.bind(1, st.workspace_id);
  q.bind(2, util::fold_name(ref));
  std::vector<std::string> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  if (ids.empty())
    throw std::runtime_error("--account: no account \"" + ref + "\" (give an acc_… id or a name; `tally call extrack_get_context` lists them)");
  if (ids.size() > 1)
    throw std::runtime_error("--account: \"" + ref + "\" names " + std::to_string(ids.size()) +
                             " accounts (one per currency); give its acc_… id");
  return *ledger::find_account(st, ids[0]);
}

std::vector<StatementLine> read_lines(const StatementOptions& o, const std::string& text, const std::string& currency) {
  if (auto bad = not_text(text)) throw std::runtime_error(*bad);
  std::string format = o.format;
  if (format.empty()) format = ends_with(o.file, ".ofx") || ends_with(o.file, ".qfx") || looks_like_ofx(text) ? "ofx" : "csv";
  if (format == "ofx" || format == "qfx") {
    OfxStatement s = parse_ofx(text, currency);
    if (!s.currency.empty() && s.currency != currency)
      throw std::runtime_error("the statement is in " + s.currency + " but the account is in " + currency +
                               " (import it into a " + s.currency + " account)");
    return std::move(s.lines);
  }
  std::string error;
  auto records = parse_csv(text, o.mapping.delimiter, error);
  if (!records) throw std::runtime_error(error);
  return map_csv(*records, o.mapping, currency);
}

}  // namespace

StatementReport import_statement(store::Store& st, const StatementOptions& o) {
  StatementReport report;
  const std::string text = read_file(o.file);
  store::Transaction tx(st.db);
  ledger::AuditScope audit(st, tx, "import statement", ledger::cli_who());  // the whole file: one audit row
  ledger::Account account = resolve_account(st, o.account);
  if (account.type != "asset" && account.type != "liability")
    throw std::runtime_error("--account: \"" + account.name + "\" is an " + account.type +
                             " account; statements go into an asset (bank, cash) or liability (credit card) account");
  report.account_name = account.name;
  report.currency = account.currency;
  const int exponent = store::find_currency(account.currency)->exponent;

  std::vector<StatementLine> lines;
  try {
    lines = read_lines(o, text, account.currency);
  } catch (const std::exception& e) {
    throw std::runtime_error(o.file + ": " + e.what());
  }
  report.lines = lines.size();

  SQLite::Statement seen(st.db, "SELECT txn_id FROM import_seen WHERE account_id = ? AND import_id = ?");
  SQLite::Statement remember(st.db, "INSERT INTO import_seen (ws, account_id, import_id, txn_id) VALUES (?,?,?,?)");
  std::map<std::pair<std::string, std::string>, std::string> category_accounts;  // (name, kind) → acc id
  ImportIds ids;
  ledger::PostingBatch batch(st);  // search index and rollups once, at the end
  std::set<std::string> in_file;
  Progress progress("importing " + o.file, lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const StatementLine& l = lines[i];
    progress.step(i + 1);
    try {
      if (l.amount_minor == 0) throw std::runtime_error("the amount is zero; nothing to post");
      std::string import_id = ids.next(account.id, l.bank_id, l.date, l.amount_minor, l.payee);
      std::string shown = l.date + "  " + store::format_minor(l.amount_minor, exponent) + " " + account.currency + "  " + l.payee;
      if (!in_file.insert(import_id).second) {
        ++report.duplicate_in_file;
        if (o.dry_run) report.preview.push_back(shown + "  (duplicate within the file: skipped)");
        continue;
      }
      seen.bind(1, account.id);
      seen.bind(2, import_id);
      bool known = seen.executeStep();
      seen.reset();
      if (known) {
        ++report.already_imported;
        if (o.dry_run) report.preview.push_back(shown + "  (already imported: skipped)");
        continue;
      }
      std::string kind = l.amount_minor < 0 ? "expense" : "income";
      std::string category = categorize(o.mapping.rules, l.payee).value_or(ledger::kUncategorized);
      auto key = std::make_pair(util::fold_name(category), kind);
      auto found = category_accounts.find(key);
      if (found == category_accounts.end()) {
        auto c = ledger::ensure_category(st, category, kind);
        found = category_accounts.emplace(key, ledger::category_account(st, c, account.currency).id).first;
      }
      ledger::TxnSpec spec;
      spec.date = l.date;
      spec.description = l.payee.empty() ? l.memo : l.payee;
      spec.source = "import";
      spec.source_ref = import_id;
      spec.payee = l.payee;  // issue 19: imports keep their payee
      spec.postings = {{account.id, l.amount_minor, account.currency, l.memo},
                       {found->second, -l.amount_minor, account.currency, l.memo}};
      std::string txn_id = ledger::post(st, spec);
      ledger::mark_cleared(st, txn_id, account.seq);  // the bank says it happened (issue 20)
      remember.bind(1, st.workspace_id);
      remember.bind(2, account.id);
      remember.bind(3, import_id);
      remember.bind(4, txn_id);
      remember.exec();
      remember.reset();
      ++report.posted;
      if (o.dry_run) report.preview.push_back(shown + "  → " + (kind == "expense" ? "Expenses:" : "Income:") + category);
    } catch (const std::exception& e) {
      throw std::runtime_error(o.file + ": " + l.where + ": " + store::describe_error(e));
    }
  }
  batch.finish();
  audit.add_id(account.id);
  audit.set_summary({{"file", file_name_of(o.file)},
                     {"lines", report.lines},
                     {"posted", report.posted},
                     {"duplicatesInFile", report.duplicate_in_file},
                     {"alreadyImported", report.already_imported}});
  if (!o.dry_run) audit.commit(tx);  // a dry run posts everything, so every rule is checked, then rolls back
  return report;
}

}  // namespace tally::transfer
