// `tally demo`: a demo ledger that answers the README's example questions for
// all four toolsets, passes `tally doctor`, comes out the same on every run
// (fixed TALLY_NOW, default seed) without duplicating anything, and never
// replaces a ledger it did not create.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TALLY, tempDir } from '../support/tally.mjs';

const NOW = '2026-03-15T12:00:00Z';
function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, TALLY_NOW: NOW, TALLY_SEED: '', TZ: 'UTC', ...env }, timeout: 60000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}
async function call(db, tool, args = {}, workspace = 'personal') {
  const r = await run(['call', tool, JSON.stringify(args), '--db', db, '--workspace', workspace]);
  assert.equal(r.code, 0, `${tool}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('tally demo builds a ledger that answers every toolset\'s example questions', async () => {
  const dir = tempDir();
  try {
    const db = path.join(dir.dir, 'demo.db');
    const r = await run(['demo', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Demo ledger ready: ${db.replace(/[.]/g, '\\.')} \\(built in \\d+\\.\\d\\d s\\)\\n`));
    assert.match(r.stdout, /tally config claude --db .* --name tally-demo --write\n$/);
    const doctor = await run(['doctor', '--db', db]);
    assert.equal(doctor.code, 0, doctor.stdout);

    // Ledger: people who owe you, a loan partly repaid, one draft waiting.
    const context = await call(db, 'extrack_get_context');
    assert.deepEqual(context.persons.map((p) => p.name).sort(), ['Alice', 'Bob', 'Sam']);
    const sam = context.persons.find((p) => p.name === 'Sam');
    assert.equal(sam.owes[0].amount, '180.00');  // 200 lent + 60 tickets - 80 repaid
    assert.equal((await call(db, 'extrack_list_transaction_drafts')).total, 1);
    assert.equal((await call(db, 'ledger_get_balances')).totals[0].balanced, true);
    // Books that stay right (issue 20): a EUR trip with a price series, valued in USD.
    assert.equal((await call(db, 'ledger_list_prices')).prices.length, 6);
    const valued = await call(db, 'ledger_balance_sheet', { valuation: { currency: 'USD' } });
    assert.equal(valued.valuation.complete, true, JSON.stringify(valued.valuation));
    assert.deepEqual(valued.currencies.map((c) => c.currency), ['EUR', 'USD']);
    // Rewards: "What cards do I have on Finstracker?"
    assert.equal((await call(db, 'list_cards')).count, 3);
    assert.ok((await call(db, 'list_perks')).perks.length >= 3);
    assert.equal((await call(db, 'recommend_card_for_merchant', { merchant: 'Starbucks' })).recommendations[0].displayName.includes('Gold'), true);
    // Invoicing, in the business's own workspace: overdue invoices, receivables, the business profile.
    const biz = 'blue-fig-catering';
    const overdue = await call(db, 'list_invoices', { status: 'overdue' }, biz);
    assert.equal(overdue.invoices.length, 2);
    assert.equal((await call(db, 'get_business', {}, biz)).name, 'Blue Fig Catering');
    assert.ok((await call(db, 'list_expenses', {}, biz)).expenses.length >= 8);
    // …so the personal books hold none of its sales or supplies (issue 19).
    assert.equal((await call(db, 'list_invoices')).invoices.length, 0);
    const personal = await call(db, 'ledger_income_statement', { period: 'last-month' });
    const lines = personal.currencies.flatMap((c) => [...c.income.categories, ...c.expenses.categories]).map((l) => l.category);
    assert.deepEqual(lines.filter((n) => ['Sales', 'Rent', 'Food & Supplies'].includes(n)), []);
    // Affiliate: "Which partners have the highest fraud scores this month?", top publishers, pending conversions.
    const fraud = await call(db, 'get_fraud_summary', { days: 15 });
    assert.ok(fraud.flagged >= 1, JSON.stringify(fraud));
    const top = await call(db, 'get_top_publishers', { days: 14 });
    assert.equal(top.publishers[0].name, 'Sneaker Blog');
    const pending = JSON.stringify(await call(db, 'list_pending_conversions'));
    assert.ok((pending.match(/"conversionId"/g) || []).length >= 5, pending);
  } finally {
    dir.cleanup();
  }
});

test('running tally demo again refreshes it: the same data, nothing duplicated', async () => {
  const dir = tempDir();
  try {
    const db = path.join(dir.dir, 'demo.db');
    const snapshot = async () => JSON.stringify([
      await call(db, 'ledger_list_transactions', { limit: 500 }),
      await call(db, 'list_invoices', { limit: 100 }, 'blue-fig-catering'),
      await call(db, 'list_cards'),
      await call(db, 'get_conversions', { limit: 100 }),
    ]);
    assert.equal((await run(['demo', '--db', db])).code, 0);
    const first = await snapshot();
    assert.equal((await run(['demo', '--db', db])).code, 0);
    assert.equal(await snapshot(), first);
  } finally {
    dir.cleanup();
  }
});

test('tally demo never replaces a ledger it did not create', async () => {
  const dir = tempDir();
  try {
    assert.equal((await run(['init', '--db', dir.db])).code, 0);
    const before = readFileSync(dir.db);
    const r = await run(['demo', '--db', dir.db]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `tally demo: ${dir.db} exists and is not a demo ledger, so it was left unchanged. ` +
      'Give the demo its own file: tally demo --db demo.db\n');
    assert.deepEqual(readFileSync(dir.db), before);
  } finally {
    dir.cleanup();
  }
});
