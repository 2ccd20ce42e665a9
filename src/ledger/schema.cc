#include "ledger/schema.h"

#include "ledger/audit.h"
#include "ledger/flow_rollup.h"
#include "ledger/prices.h"
#include "ledger/rollup_writes.h"
#include "ledger/spend_rollup.h"

namespace tally::ledger {

// Design notes (domain.md §1, with two departures said in docs/ledger.md):
// - account and txn carry an INTEGER `seq` key beside their public text id, so the
//   million-row posting table and its indexes hold 8-byte keys, not 30-byte strings.
// - A category is a name and a kind; its backing income/expense account exists per
//   currency (account.category_id), created on first use, so a EUR expense lands in
//   a EUR account instead of failing against a USD category account.
// - account_month is the running-totals table: one row per account and month,
//   kept by a trigger in the same transaction as each posting; `tally doctor`
//   recomputes it from the postings. Balances read ≤ (months) rows per account.
std::vector<store::Migration> migrations() {
  std::vector<store::Migration> all = {
      {"ledger", 1,
       R"sql(
CREATE TABLE ledger_settings (
  ws INTEGER PRIMARY KEY REFERENCES workspace(id),
  base_currency TEXT NOT NULL REFERENCES currency(code)
) STRICT;

CREATE TABLE person (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  name_fold TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (ws, name_fold)
) STRICT, WITHOUT ROWID;

CREATE TABLE category (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  name_fold TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('expense', 'income')),
  created_at TEXT NOT NULL,
  UNIQUE (ws, kind, name_fold)
) STRICT, WITHOUT ROWID;

CREATE TABLE account (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_fold TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  subtype TEXT NOT NULL CHECK (subtype IN ('bank', 'cash', 'savings', 'wallet', 'credit_card', 'lent',
    'receivable', 'payable', 'tax', 'opening', 'general')),
  currency TEXT NOT NULL REFERENCES currency(code),
  person_id TEXT REFERENCES person(id),
  category_id TEXT REFERENCES category(id),
  closed_on TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (ws, name_fold, currency),
  CHECK (subtype <> 'lent' OR (type = 'asset' AND person_id IS NOT NULL)),
  CHECK (person_id IS NULL OR subtype = 'lent'),
  CHECK (category_id IS NULL OR type IN ('income', 'expense'))
) STRICT;
CREATE UNIQUE INDEX account_lent ON account (ws, person_id, currency) WHERE subtype = 'lent';
CREATE UNIQUE INDEX account_category ON account (category_id, currency) WHERE category_id IS NOT NULL;
CREATE INDEX account_ws ON account (ws, closed_on, name_fold);

CREATE TABLE txn (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  description TEXT NOT NULL,
  source TEXT NOT NULL,
  source_ref TEXT NOT NULL DEFAULT '',
  reverses_seq INTEGER UNIQUE REFERENCES txn(seq),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX txn_ws_date ON txn (ws, date, seq);
-- A draft posts at most once (domain.md §1 "source_draft_id UNIQUE").
CREATE UNIQUE INDEX txn_from_draft ON txn (ws, source_ref) WHERE source = 'extrack';

CREATE TABLE posting (
  id INTEGER PRIMARY KEY,
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  ws INTEGER NOT NULL REFERENCES workspace(id),
  date TEXT NOT NULL,
  account_seq INTEGER NOT NULL REFERENCES account(seq),
  amount_minor INTEGER NOT NULL
    CHECK (amount_minor <> 0 AND amount_minor BETWEEN -1000000000000000 AND 1000000000000000),
  currency TEXT NOT NULL REFERENCES currency(code),
  memo TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX posting_txn ON posting (txn_seq, account_seq);
CREATE INDEX posting_account ON posting (account_seq, date, txn_seq, amount_minor);

-- txns: distinct transactions touching the account that month (list totals).
CREATE TABLE account_month (
  account_seq INTEGER NOT NULL REFERENCES account(seq),
  month TEXT NOT NULL,
  net_minor INTEGER NOT NULL,
  postings INTEGER NOT NULL,
  txns INTEGER NOT NULL,
  PRIMARY KEY (account_seq, month)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER posting_totals AFTER INSERT ON posting BEGIN
  INSERT INTO account_month (account_seq, month, net_minor, postings, txns)
  VALUES (NEW.account_seq, substr(NEW.date, 1, 7), NEW.amount_minor, 1,
          NOT EXISTS (SELECT 1 FROM posting p WHERE p.txn_seq = NEW.txn_seq
                      AND p.account_seq = NEW.account_seq AND p.id <> NEW.id))
  ON CONFLICT (account_seq, month) DO UPDATE
    SET net_minor = net_minor + excluded.net_minor, postings = postings + 1, txns = txns + excluded.txns;
END;

-- Transactions per workspace and month (list totals without a full count).
CREATE TABLE txn_month (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  month TEXT NOT NULL,
  txns INTEGER NOT NULL,
  PRIMARY KEY (ws, month)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER txn_totals AFTER INSERT ON txn BEGIN
  INSERT INTO txn_month (ws, month, txns) VALUES (NEW.ws, substr(NEW.date, 1, 7), 1)
  ON CONFLICT (ws, month) DO UPDATE SET txns = txns + 1;
END;
CREATE TRIGGER posting_no_update BEFORE UPDATE ON posting BEGIN
  SELECT RAISE(ABORT, 'postings are immutable: void the transaction and post a new one');
END;
CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN
  SELECT RAISE(ABORT, 'postings are immutable: void the transaction and post a new one');
END;
CREATE TRIGGER txn_no_update BEFORE UPDATE ON txn BEGIN
  SELECT RAISE(ABORT, 'transactions are immutable: void the transaction and post a new one');
END;
CREATE TRIGGER txn_no_delete BEFORE DELETE ON txn BEGIN
  SELECT RAISE(ABORT, 'transactions are immutable: void the transaction and post a new one');
END;

CREATE TABLE txn_draft (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  kind TEXT NOT NULL
    CHECK (kind IN ('expense', 'income', 'transfer', 'split_expense', 'lend', 'repayment')),
  title TEXT NOT NULL,
  date TEXT NOT NULL,
  currency TEXT NOT NULL REFERENCES currency(code),
  expense_minor INTEGER NOT NULL DEFAULT 0 CHECK (expense_minor >= 0),
  income_minor INTEGER NOT NULL DEFAULT 0 CHECK (income_minor >= 0),
  account_id TEXT REFERENCES account(id),
  debit_account_id TEXT REFERENCES account(id),
  credit_account_id TEXT REFERENCES account(id),
  person_id TEXT REFERENCES person(id),
  category_name TEXT,
  external_ref TEXT,
  allow_overpayment INTEGER NOT NULL DEFAULT 0 CHECK (allow_overpayment IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK (expense_minor + income_minor > 0)
) STRICT, WITHOUT ROWID;
CREATE INDEX txn_draft_recent ON txn_draft (ws, id);

CREATE TABLE txn_draft_iou (
  draft_id TEXT NOT NULL REFERENCES txn_draft(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL REFERENCES person(id),
  position INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (draft_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX txn_draft_iou_person ON txn_draft_iou (person_id);
)sql"},
      // Issue 19: monthly budgets per expense category and currency. A row per
      // (category, currency, first month); a month's budget is the newest row
      // starting on or before it.
      {"ledger", 2,
       R"sql(
CREATE TABLE budget (
  ws INTEGER NOT NULL REFERENCES workspace(id),
  category_id TEXT NOT NULL REFERENCES category(id),
  currency TEXT NOT NULL REFERENCES currency(code),
  from_month TEXT NOT NULL CHECK (from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 1000000000000000),
  rollover INTEGER NOT NULL DEFAULT 0 CHECK (rollover IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (ws, category_id, currency, from_month)
) STRICT, WITHOUT ROWID;
)sql"},
      // Issue 19: payees, tags and full-text search. Tags live beside the
      // immutable transaction, so tagging never touches a posting. txn_fts holds
      // its own copy of the searchable text (rowid = txn.seq, an INTEGER PRIMARY
      // KEY that VACUUM keeps), kept by triggers and backfilled here.
      {"ledger", 3,
       R"sql(
ALTER TABLE txn ADD COLUMN payee TEXT NOT NULL DEFAULT '';
ALTER TABLE txn_draft ADD COLUMN payee TEXT;

CREATE TABLE txn_draft_tag (
  draft_id TEXT NOT NULL REFERENCES txn_draft(id) ON DELETE CASCADE,
  tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
  position INTEGER NOT NULL,
  PRIMARY KEY (draft_id, tag)
) STRICT, WITHOUT ROWID;

CREATE TABLE txn_tag (
  txn_seq INTEGER NOT NULL REFERENCES txn(seq),
  tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
  tag_fold TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (txn_seq, tag_fold)
) STRICT, WITHOUT ROWID;
CREATE INDEX txn_tag_by_tag ON txn_tag (tag_fold, txn_seq);
-- Search by amount: the positive postings of a currency in a range.
CREATE INDEX posting_amount ON posting (currency, amount_minor) WHERE amount_minor > 0;

CREATE VIRTUAL TABLE txn_fts USING fts5(description, payee, memos, tags,
  tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO txn_fts (rowid, description, payee, memos, tags)
  SELECT t.seq, t.description, t.payee,
         coalesce((SELECT group_concat(p.memo, ' ') FROM posting p WHERE p.txn_seq = t.seq AND p.memo <> ''), ''), ''
  FROM txn t;

CREATE TRIGGER txn_fts_insert AFTER INSERT ON txn BEGIN
  INSERT INTO txn_fts (rowid, description, payee, memos, tags) VALUES (NEW.seq, NEW.description, NEW.payee, '', '');
END;
CREATE TRIGGER txn_fts_memo AFTER INSERT ON posting WHEN NEW.memo <> '' BEGIN
  UPDATE txn_fts SET memos = trim(memos || ' ' || NEW.memo) WHERE rowid = NEW.txn_seq;
END;
CREATE TRIGGER txn_fts_tag_add AFTER INSERT ON txn_tag BEGIN
  UPDATE txn_fts SET tags = (SELECT group_concat(tag, ' ') FROM txn_tag WHERE txn_seq = NEW.txn_seq)
  WHERE rowid = NEW.txn_seq;
END;
CREATE TRIGGER txn_fts_tag_remove AFTER DELETE ON txn_tag BEGIN
  UPDATE txn_fts SET tags = coalesce((SELECT group_concat(tag, ' ') FROM txn_tag WHERE txn_seq = OLD.txn_seq), '')
  WHERE rowid = OLD.txn_seq;
END;
)sql"},
      // Issue 18: which client staged a draft (an MCP client's name, cli:<user>,
      // inbox). Drafts from before this say "unknown".
      {"ledger", 4,
       R"sql(
ALTER TABLE txn_draft ADD COLUMN source TEXT NOT NULL DEFAULT 'unknown' CHECK (length(source) BETWEEN 1 AND 120);
)sql"},
      // Issue 18: `tally inbox` sign-in links. Only a SHA-256 of each one-time
      // token is kept, so any Tally process serving this ledger can honour it.
      {"ledger", 5,
       R"sql(
CREATE TABLE inbox_token (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  ws INTEGER NOT NULL REFERENCES workspace(id),
  expires_unix INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql"},
  };
  // Issue 19's speed: the flow rollup (its own file, so its number moves alone).
  all.push_back(flow_rollup_migration());
  // Issue 20 item 2: reconciliation. A posting's cleared state lives beside the
  // immutable posting (no row = uncleared); reconciled is final, so a statement
  // that was agreed stays agreed. Balance assertions: one per account and day.
  all.push_back({"ledger", 7,
                 R"sql(
CREATE TABLE posting_cleared (
  posting_id INTEGER PRIMARY KEY REFERENCES posting(id),
  state TEXT NOT NULL CHECK (state IN ('cleared', 'reconciled')),
  statement_date TEXT CHECK (statement_date IS NULL OR state = 'reconciled'),
  changed_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER posting_reconciled_final BEFORE UPDATE ON posting_cleared
  WHEN OLD.state = 'reconciled' AND NEW.state <> 'reconciled' BEGIN
  SELECT RAISE(ABORT, 'a reconciled posting stays reconciled');
END;
CREATE TRIGGER posting_reconciled_kept BEFORE DELETE ON posting_cleared WHEN OLD.state = 'reconciled' BEGIN
  SELECT RAISE(ABORT, 'a reconciled posting stays reconciled');
END;

CREATE TABLE balance_assertion (
  account_seq INTEGER NOT NULL REFERENCES account(seq),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ws INTEGER NOT NULL REFERENCES workspace(id),
  balance_minor INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_seq, date)
) STRICT, WITHOUT ROWID;
)sql"});
  // Issue 20 item 1: recurring transactions. A schedule holds a create tool's
  // arguments (date aside) and its rule; done_through is the day up to which
  // every occurrence was created or skipped. One row per (schedule, date) makes
  // each occurrence happen once, however many processes catch up at once.
  all.push_back({"ledger", 8,
                 R"sql(
CREATE TABLE schedule (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  tool TEXT NOT NULL,
  arguments TEXT NOT NULL CHECK (json_valid(arguments)),
  every TEXT NOT NULL CHECK (every IN ('day', 'week', 'month', 'year')),
  interval INTEGER NOT NULL CHECK (interval BETWEEN 1 AND 1000),
  start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  day_of_month INTEGER CHECK (day_of_month BETWEEN 1 AND 31),
  end_date TEXT,
  count INTEGER CHECK (count >= 1),
  auto_post INTEGER NOT NULL DEFAULT 0 CHECK (auto_post IN (0, 1)),
  done_through TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX schedule_ws ON schedule (ws, id);

CREATE TABLE schedule_occurrence (
  schedule_id TEXT NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('drafted', 'posted', 'skipped', 'failed')),
  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  draft_id TEXT,
  transaction_id TEXT,
  message TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (schedule_id, date)
) STRICT, WITHOUT ROWID;
)sql"});
  // Issue 19's speed: spending by paying account, tag and person (its own file).
  all.push_back(spend_rollup_migration());
  // Issue 20 item 3: exchange rates (prices.cc).
  all.push_back(prices_migration());
  // Issue 21 item 1: receipts. One row per link from a transaction or a draft to
  // content stored beside the ledger under its SHA-256 (ledger/attachment_files.h).
  all.push_back({"ledger", 11,
                 R"sql(
CREATE TABLE attachment (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  txn_id TEXT REFERENCES txn(id),
  draft_id TEXT,  -- no foreign key: an edited draft is rewritten under its id (drafts.cc)
  created_at TEXT NOT NULL,
  CHECK ((txn_id IS NULL) <> (draft_id IS NULL))
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX attachment_txn ON attachment (ws, txn_id, sha256) WHERE txn_id IS NOT NULL;
CREATE UNIQUE INDEX attachment_draft ON attachment (ws, draft_id, sha256) WHERE draft_id IS NOT NULL;
CREATE INDEX attachment_sha ON attachment (sha256, ws);
)sql"});
  // Issue 19/23: the rollups' per-posting triggers replaced by one write per
  // transaction in ledger::post.
  all.push_back(rollup_writes_migration());
  // Issue 21 item 2: the audit trail (audit.cc).
  all.push_back(audit_migration());
  return all;
}

}  // namespace tally::ledger
