#include "affiliate/schema.h"

namespace tally::affiliate {

// Design notes (domain.md §1 schema sketch, Trcker part):
// - Money is int64 minor units of the brand's currency; percent payouts are basis points.
// - `day` columns hold the brand-local calendar day an event happened on, so stats
//   windows and caps (daily, ISO weekly, monthly) are index range scans.
// - tr_offer.postback_secret is the only secret; no view, audit row or export reads it.
// - tr_audit_event is append-only (triggers), one row per effective write.
std::vector<store::Migration> migrations() {
  return {
      {"affiliate", 1,
       R"sql(
CREATE TABLE tr_brand (
  id TEXT PRIMARY KEY,
  ws INTEGER NOT NULL REFERENCES workspace(id),
  slug TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 40 AND slug NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  currency TEXT NOT NULL REFERENCES currency(code),
  timezone TEXT NOT NULL DEFAULT 'UTC',
  postback_base_url TEXT NOT NULL,
  fraud_mode TEXT NOT NULL DEFAULT 'review' CHECK (fraud_mode IN ('off','monitor','review','reject')),
  fraud_threshold INTEGER NOT NULL DEFAULT 70 CHECK (fraud_threshold BETWEEN 0 AND 100),
  botd_enabled INTEGER NOT NULL DEFAULT 0 CHECK (botd_enabled IN (0,1)),
  created_at TEXT NOT NULL,
  UNIQUE (ws, slug)
) STRICT;

CREATE TABLE tr_partner (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  email TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending','active','paused','rejected')),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX tr_partner_brand ON tr_partner (brand_id, id);

CREATE TABLE tr_offer (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  destination_url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused')),
  payout_type TEXT NOT NULL CHECK (payout_type IN ('fixed','percent')),
  payout_value INTEGER NOT NULL CHECK (payout_value >= 0),
  postback_url_template TEXT,
  postback_secret TEXT,
  allowed_ips TEXT NOT NULL DEFAULT '[]',
  geo_targeting TEXT NOT NULL DEFAULT '[]',
  device_targeting TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  CHECK (payout_type = 'fixed' OR payout_value <= 10000)
) STRICT;
CREATE INDEX tr_offer_brand ON tr_offer (brand_id, id);

CREATE TABLE tr_payout_override (
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  payout_type TEXT NOT NULL CHECK (payout_type IN ('fixed','percent')),
  payout_value INTEGER NOT NULL CHECK (payout_value >= 0),
  PRIMARY KEY (offer_id, partner_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE tr_event_payout (
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  event_type TEXT NOT NULL,
  payout_type TEXT NOT NULL CHECK (payout_type IN ('fixed','percent')),
  payout_value INTEGER NOT NULL CHECK (payout_value >= 0),
  PRIMARY KEY (offer_id, event_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE tr_cap (
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  period TEXT NOT NULL CHECK (period IN ('daily','weekly','monthly')),
  max_conversions INTEGER NOT NULL CHECK (max_conversions > 0),
  hard INTEGER NOT NULL CHECK (hard IN (0,1)),
  PRIMARY KEY (offer_id, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE tr_click (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  ip TEXT,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX tr_click_offer_day ON tr_click (offer_id, partner_id, day);

CREATE TABLE tr_click_daily (
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  day TEXT NOT NULL,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  clicks INTEGER NOT NULL CHECK (clicks >= 0),
  PRIMARY KEY (offer_id, partner_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX tr_click_daily_brand ON tr_click_daily (brand_id, day);

CREATE TABLE tr_coupon (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  offer_id TEXT REFERENCES tr_offer(id),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  code_fold TEXT NOT NULL,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  used_count INTEGER NOT NULL DEFAULT 0 CHECK (used_count >= 0),
  expires_on TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (brand_id, code_fold),
  CHECK (max_uses IS NULL OR used_count <= max_uses)
) STRICT;
CREATE INDEX tr_coupon_partner ON tr_coupon (partner_id, id);

CREATE TABLE tr_payout (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  through_day TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','paid')),
  method TEXT,
  reference TEXT,
  notes TEXT,
  paid_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (status = 'pending' OR (paid_at IS NOT NULL AND method IS NOT NULL))
) STRICT;
CREATE INDEX tr_payout_brand ON tr_payout (brand_id, id);

CREATE TABLE tr_conversion (
  id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  offer_id TEXT NOT NULL REFERENCES tr_offer(id),
  partner_id TEXT NOT NULL REFERENCES tr_partner(id),
  click_id TEXT REFERENCES tr_click(id),
  txn_ref TEXT,
  event_type TEXT NOT NULL,
  sale_minor INTEGER NOT NULL CHECK (sale_minor BETWEEN 0 AND 1000000000000000),
  payout_minor INTEGER NOT NULL CHECK (payout_minor BETWEEN 0 AND 1000000000000000),
  status TEXT NOT NULL CHECK (status IN ('pending','pending_review','approved','rejected','paid')),
  reject_reason TEXT,
  fraud_score INTEGER CHECK (fraud_score BETWEEN 0 AND 100),
  fraud_flagged INTEGER NOT NULL DEFAULT 0 CHECK (fraud_flagged IN (0,1)),
  fraud_reasons TEXT NOT NULL DEFAULT '[]',
  over_cap INTEGER NOT NULL DEFAULT 0 CHECK (over_cap IN (0,1)),
  coupon_id TEXT REFERENCES tr_coupon(id),
  payout_id TEXT REFERENCES tr_payout(id),
  ip TEXT,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (offer_id, txn_ref),
  CHECK (status <> 'paid' OR payout_id IS NOT NULL),
  CHECK (payout_id IS NULL OR status IN ('approved','paid'))
) STRICT;
CREATE INDEX tr_conversion_feed ON tr_conversion (brand_id, created_at, id);
CREATE INDEX tr_conversion_status ON tr_conversion (brand_id, status, created_at, id);
CREATE INDEX tr_conversion_offer ON tr_conversion (offer_id, created_at, id);
CREATE INDEX tr_conversion_offer_day ON tr_conversion (offer_id, day);
CREATE INDEX tr_conversion_offer_sale ON tr_conversion (offer_id, sale_minor);
CREATE INDEX tr_conversion_partner ON tr_conversion (partner_id, created_at, id);
CREATE INDEX tr_conversion_day ON tr_conversion (brand_id, day, partner_id);
CREATE INDEX tr_conversion_txn ON tr_conversion (brand_id, txn_ref);
CREATE INDEX tr_conversion_ip ON tr_conversion (brand_id, ip, created_at) WHERE ip IS NOT NULL;
CREATE INDEX tr_conversion_payout ON tr_conversion (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX tr_conversion_unpaid ON tr_conversion (partner_id, status, day) WHERE payout_id IS NULL;

CREATE TABLE tr_audit_event (
  seq INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  tool TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  reason TEXT,
  client TEXT
) STRICT;
CREATE INDEX tr_audit_brand ON tr_audit_event (brand_id, seq);
CREATE TRIGGER tr_audit_no_update BEFORE UPDATE ON tr_audit_event
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER tr_audit_no_delete BEFORE DELETE ON tr_audit_event
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql"},
      // Issue 17: clicks through `tally serve --http`'s redirect carry what the handler saw;
      // a paid payout names the ledger transaction that paid it.
      {"affiliate", 2,
       R"sql(
ALTER TABLE tr_brand ADD COLUMN click_base_url TEXT;
ALTER TABLE tr_click ADD COLUMN client_click_id TEXT CHECK (client_click_id IS NULL OR length(client_click_id) BETWEEN 1 AND 128);
ALTER TABLE tr_click ADD COLUMN user_agent TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 512);
ALTER TABLE tr_click ADD COLUMN device TEXT CHECK (device IS NULL OR device IN ('desktop','mobile','tablet'));
ALTER TABLE tr_click ADD COLUMN country TEXT CHECK (country IS NULL OR length(country) = 2);
ALTER TABLE tr_click ADD COLUMN subs TEXT CHECK (subs IS NULL OR json_valid(subs));
ALTER TABLE tr_brand ADD COLUMN payout_account_id TEXT;
ALTER TABLE tr_payout ADD COLUMN ledger_txn_id TEXT;
)sql"},
      // Issue 17: outbound postbacks. Each row is one delivery of an offer's postbackUrlTemplate,
      // written in the transaction that recorded the conversion or changed its status, and
      // sent by whichever long-running server holds the lease (tr_outbox_lease).
      {"affiliate", 3,
       R"sql(
CREATE TABLE tr_postback_outbox (
  seq INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL REFERENCES tr_brand(id),
  conversion_id TEXT NOT NULL REFERENCES tr_conversion(id),
  lifecycle TEXT NOT NULL CHECK (lifecycle IN ('recorded','approved','rejected','paid')),
  url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 8192),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','delivered','failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_ms INTEGER NOT NULL,
  last_http_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
) STRICT;
CREATE INDEX tr_outbox_due ON tr_postback_outbox (next_attempt_ms, seq) WHERE state = 'queued';
CREATE INDEX tr_outbox_conversion ON tr_postback_outbox (conversion_id, seq);
CREATE INDEX tr_outbox_brand_state ON tr_postback_outbox (brand_id, state, seq);
CREATE TABLE tr_outbox_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
) STRICT;
)sql"},
  };
}

}  // namespace tally::affiliate
