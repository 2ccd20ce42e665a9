#include "rewards/rewards_schema.h"

#include "rewards/catalog.h"

namespace tally::rewards {

namespace {

// Points are a separate, non-money ledger (domain.md §1 "One ledger"): a card's
// balance is a running total kept in the same transaction as the reward_txn row
// that changes it, and `tally doctor` recomputes it from those rows.
//
// Units: *_minor are minor units of the card's currency; point_value_mc is
// thousandths of a cent per point (1.25¢ → 1250, cashback cards 1000);
// rate_hundredths is points per dollar or percent back ×100 (3x → 300);
// fs_offer.value is basis points for percent offers, minor units for fixed ones.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE catalog_card (
  card_key TEXT PRIMARY KEY CHECK (length(card_key) BETWEEN 1 AND 80),
  issuer TEXT NOT NULL,
  display_name TEXT NOT NULL,
  network TEXT NOT NULL,
  reward_type TEXT NOT NULL CHECK (reward_type IN ('points', 'cashback')),
  reward_program TEXT NOT NULL,
  annual_fee_minor INTEGER NOT NULL CHECK (annual_fee_minor >= 0),
  point_value_mc INTEGER NOT NULL CHECK (point_value_mc > 0),
  notes TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE catalog_earn_rate (
  card_key TEXT NOT NULL REFERENCES catalog_card(card_key) ON DELETE CASCADE,
  category TEXT NOT NULL CHECK (category IN
    ('dining','travel','streaming','retail','grocery','gas','entertainment','other')),
  rate_hundredths INTEGER NOT NULL CHECK (rate_hundredths > 0),
  PRIMARY KEY (card_key, category)
) STRICT, WITHOUT ROWID;

CREATE TABLE card (
  id TEXT PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  card_key TEXT REFERENCES catalog_card(card_key),
  issuer TEXT NOT NULL CHECK (length(issuer) BETWEEN 1 AND 80),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  reward_type TEXT NOT NULL CHECK (reward_type IN ('points', 'cashback')),
  currency TEXT NOT NULL REFERENCES currency(code),
  current_points INTEGER NOT NULL DEFAULT 0
    CHECK (current_points BETWEEN 0 AND 1000000000000000),
  current_cashback_minor INTEGER NOT NULL DEFAULT 0
    CHECK (current_cashback_minor BETWEEN 0 AND 1000000000000000),
  point_value_mc INTEGER NOT NULL CHECK (point_value_mc > 0),
  annual_fee_minor INTEGER NOT NULL CHECK (annual_fee_minor >= 0),
  signup_spend_required_minor INTEGER CHECK (signup_spend_required_minor >= 0),
  signup_current_spend_minor INTEGER CHECK (signup_current_spend_minor >= 0),
  signup_bonus_amount INTEGER CHECK (signup_bonus_amount > 0),
  signup_applied INTEGER NOT NULL DEFAULT 0 CHECK (signup_applied IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK (reward_type = 'points' OR current_points = 0),
  CHECK (reward_type = 'cashback' OR current_cashback_minor = 0),
  CHECK ((signup_bonus_amount IS NULL) = (signup_spend_required_minor IS NULL)),
  CHECK ((signup_bonus_amount IS NULL) = (signup_current_spend_minor IS NULL))
) STRICT;
CREATE INDEX card_by_workspace ON card(workspace_id, id);

CREATE TABLE card_earn_rate (
  card_id TEXT NOT NULL REFERENCES card(id) ON DELETE CASCADE,
  category TEXT NOT NULL CHECK (category IN
    ('dining','travel','streaming','retail','grocery','gas','entertainment','other')),
  rate_hundredths INTEGER NOT NULL CHECK (rate_hundredths >= 0),
  PRIMARY KEY (card_id, category)
) STRICT, WITHOUT ROWID;

-- created_at is a UTC ISO string with microseconds, strictly increasing per
-- workspace (+1 µs on a tie), so a `before` cursor splits the rows exactly.
CREATE TABLE reward_txn (
  id TEXT PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  card_id TEXT NOT NULL REFERENCES card(id),
  type TEXT NOT NULL CHECK (type IN ('earn', 'redeem')),
  unit TEXT NOT NULL CHECK (unit IN ('points', 'cashback')),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000000000),
  note TEXT CHECK (note IS NULL OR length(note) <= 200),
  created_at TEXT NOT NULL,
  UNIQUE (workspace_id, created_at)
) STRICT;
CREATE INDEX reward_txn_by_card ON reward_txn(card_id, created_at);
CREATE TRIGGER reward_txn_no_update BEFORE UPDATE ON reward_txn
BEGIN SELECT RAISE(ABORT, 'reward transactions are immutable'); END;
CREATE TRIGGER reward_txn_no_delete BEFORE DELETE ON reward_txn
BEGIN SELECT RAISE(ABORT, 'reward transactions are immutable'); END;

CREATE TABLE perk (
  id TEXT PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  card_id TEXT NOT NULL REFERENCES card(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  value_minor INTEGER NOT NULL CHECK (value_minor BETWEEN 0 AND 1000000000000000),
  frequency TEXT NOT NULL CHECK (frequency IN ('monthly','quarterly','semiannual','annual','once')),
  deadline TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  used_at TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX perk_by_deadline ON perk(workspace_id, deadline, id);
CREATE INDEX perk_by_card ON perk(card_id, deadline, id);

-- expires_on is '9999-12-31' for an offer with no end date, so that the index
-- yields soonest-expiring first and "not expired" is one range.
CREATE TABLE fs_offer (
  id TEXT PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  card_id TEXT NOT NULL REFERENCES card(id),
  merchant TEXT NOT NULL CHECK (length(merchant) BETWEEN 1 AND 80),
  merchant_fold TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN
    ('dining','travel','streaming','retail','grocery','gas','entertainment','other')),
  kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
  value INTEGER NOT NULL CHECK (value > 0 AND value <= 1000000000000000),
  min_spend_minor INTEGER CHECK (min_spend_minor >= 0),
  max_reward_minor INTEGER CHECK (max_reward_minor > 0),
  description TEXT NOT NULL CHECK (length(description) <= 200),
  expires_on TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  used_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (kind <> 'percent' OR value <= 10000),
  CHECK (kind <> 'fixed' OR max_reward_minor IS NULL)
) STRICT;
CREATE INDEX fs_offer_by_expiry ON fs_offer(workspace_id, expires_on, id);

CREATE TABLE billing (
  workspace_id INTEGER PRIMARY KEY REFERENCES workspace(id),
  status TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'expired')),
  plan TEXT NOT NULL CHECK (length(plan) BETWEEN 1 AND 40),
  trial_end TEXT,
  current_period_end TEXT,
  cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;
)sql";

// Per-card lists lead with workspace_id too, so that with both filters SQLite
// prefers them over the workspace-wide indexes (two equality columns, not one).
constexpr const char* kCardIndexesV3 = R"sql(
DROP INDEX reward_txn_by_card;
CREATE INDEX reward_txn_by_card ON reward_txn(workspace_id, card_id, created_at);
DROP INDEX perk_by_card;
CREATE INDEX perk_by_card ON perk(workspace_id, card_id, deadline, id);
CREATE INDEX fs_offer_by_card ON fs_offer(card_id);
)sql";

// Cards linked to a credit-card account of the ledger (issue 21): each expense
// charged to the account earns on the card in the posting's transaction.
// auto_earn keeps what each ledger transaction earned per reward category, so
// a void takes back exactly that and rewards_missed compares it with the best
// card; auto_earn_reversal records what a void took back and what it could not
// (the points were already redeemed). Ledger ids are kept as text: the ledger
// owns its tables, and a link never changes them.
constexpr const char* kCardLinksV4 = R"sql(
CREATE TABLE card_link (
  card_id TEXT PRIMARY KEY REFERENCES card(id),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  account_id TEXT NOT NULL CHECK (length(account_id) BETWEEN 1 AND 64),
  created_at TEXT NOT NULL,
  UNIQUE (workspace_id, account_id)
) STRICT;

CREATE TABLE card_link_category (
  card_id TEXT NOT NULL REFERENCES card_link(card_id) ON DELETE CASCADE,
  category_fold TEXT NOT NULL,
  category_name TEXT NOT NULL,
  reward_category TEXT NOT NULL CHECK (reward_category IN
    ('dining','travel','streaming','retail','grocery','gas','entertainment','other')),
  PRIMARY KEY (card_id, category_fold)
) STRICT, WITHOUT ROWID;

CREATE TABLE auto_earn (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  txn_id TEXT NOT NULL,
  date TEXT NOT NULL,
  card_id TEXT NOT NULL REFERENCES card(id),
  category TEXT NOT NULL CHECK (category IN
    ('dining','travel','streaming','retail','grocery','gas','entertainment','other')),
  spend_minor INTEGER NOT NULL CHECK (spend_minor > 0),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  reward_txn_id TEXT REFERENCES reward_txn(id),
  PRIMARY KEY (txn_id, card_id, category)
) STRICT, WITHOUT ROWID;
CREATE INDEX auto_earn_by_date ON auto_earn(workspace_id, date);

CREATE TABLE auto_earn_reversal (
  txn_id TEXT NOT NULL,
  card_id TEXT NOT NULL REFERENCES card(id),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  void_txn_id TEXT NOT NULL,
  reversed INTEGER NOT NULL CHECK (reversed >= 0),
  unrecovered INTEGER NOT NULL CHECK (unrecovered >= 0),
  reward_txn_id TEXT REFERENCES reward_txn(id),
  PRIMARY KEY (txn_id, card_id)
) STRICT, WITHOUT ROWID;
)sql";

}  // namespace

std::vector<store::Migration> migrations() {
  return {
      {"rewards", 1, kSchemaV1, nullptr},
      {"rewards", 2, "", [](SQLite::Database& db) { sync_catalog(db); }},
      {"rewards", 3, kCardIndexesV3, nullptr},
      {"rewards", 4, kCardLinksV4, nullptr},
  };
}

}  // namespace tally::rewards
