// Reports and budgets through the real binary over stdio (issue 19): a 0.1.0
// ledger opens, migrates (search indexes its old transactions) and answers them;
// the `tally report` CLI twins answer the same and fail with the tools' messages;
// payees and tags reach the hledger and beancount exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledgers', 'v0.1.0');

const serve = (db, fn, toolsets = 'ledger') => withServe({ db, env: ENV, args: ['serve', '--toolsets', toolsets] }, fn);

test('a 0.1.0 demo ledger migrates and its reports balance', async () => {
  const dir = tempDir('tally-reports-');
  try {
    copyFileSync(path.join(fixtures, 'demo.db'), dir.db);
    await serve(dir.db, async ({ ok }) => {
      const sheet = await ok('ledger_balance_sheet');
      assert.equal(sheet.asOf, '2026-03-15');
      assert.ok(sheet.currencies.length >= 1);
      for (const c of sheet.currencies) assert.equal(c.balanced, true, JSON.stringify(c));
      const series = await ok('ledger_net_worth_series', { months: 3 });
      assert.equal(series.points.length, 3);
      const usd = sheet.currencies.find((c) => c.currency === 'USD');
      const last = series.points[2].currencies.find((c) => c.currency === 'USD');
      assert.deepEqual(last.netWorth, usd.netWorth);
      const is = await ok('ledger_income_statement', { period: 'ytd' });
      const isUsd = is.currencies.find((c) => c.currency === 'USD');
      assert.ok(isUsd.income.total.amountMinor > 0);
      assert.ok(isUsd.expenses.categories.some((l) => l.category === 'Housing'));
      // Migration 3 indexed the old transactions for search.
      const found = await ok('ledger_search_transactions', { query: 'rent' });
      assert.ok(found.total >= 3, JSON.stringify(found));
      assert.ok(found.transactions.some((x) => x.description === 'Rent'), JSON.stringify(found));
      const id = found.transactions[0].id;
      assert.deepEqual((await ok('ledger_tag_transaction', { transactionId: id, tag: 'home' })).tags, ['home']);
      assert.equal((await ok('ledger_search_transactions', { tag: 'home' })).total, 1);
    });
    const doctor = spawnSync(TALLY, ['doctor', '--db', dir.db], { env: { ...process.env, ...ENV }, encoding: 'utf8' });
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    dir.cleanup();
  }
});

test('an issued invoice is income in its issue month; its payment is not income again', async () => {
  const dir = tempDir('tally-reports-');
  try {
    await serve(dir.db, async ({ ok }) => {
      const c = await ok('invoicing_create_customer', { name: 'Ana' });
      const inv = await ok('invoicing_create_invoice', {
        customerId: c.id, issueDate: '2026-01-20', send: true, gratuityRate: '0', lines: [{ itemName: 'Catering', rate: '500.00' }] });
      await ok('invoicing_record_payment', { invoiceId: inv.id, amount: inv.total.amount, date: '2026-02-05', paymentType: 'bank_transfer' });
      const jan = (await ok('ledger_income_statement', { period: '2026-01' })).currencies[0];
      assert.equal(jan.income.total.amount, '500.00');
      assert.deepEqual(jan.income.categories.map((l) => l.category), ['Sales']);
      const feb = await ok('ledger_income_statement', { period: '2026-02' });
      assert.deepEqual(feb.currencies, []);  // the payment only moves money from receivables to the bank
      const flow = (await ok('ledger_cash_flow', { period: '2026-02' })).currencies[0];
      assert.equal(flow.moneyIn.amount, inv.total.amount);  // …which the cash flow shows coming in
      // Cash basis: the invoice counts in the month it was paid, as its receivable collected.
      assert.deepEqual((await ok('ledger_income_statement', { period: '2026-01', basis: 'cash' })).currencies, []);
      const cash = await ok('ledger_income_statement', { period: '2026-02', basis: 'cash' });
      assert.equal(cash.basis, 'cash');
      assert.equal(cash.currencies[0].income.total.amount, inv.total.amount);
      assert.match(cash.currencies[0].income.categories[0].category, / \(collected\)$/);
      assert.ok(cash.excluded.some((e) => /cash basis/.test(e.why)));
    }, 'ledger,invoicing');
  } finally {
    dir.cleanup();
  }
});

test('a 0.1.0 init ledger (EUR) migrates and takes a budget in its currency', async () => {
  const dir = tempDir('tally-reports-');
  try {
    copyFileSync(path.join(fixtures, 'init.db'), dir.db);
    await serve(dir.db, async ({ ok }) => {
      const set = await ok('ledger_set_budget', { categoryName: 'groceries', amount: '300' });
      assert.deepEqual(set.amount, { amountMinor: 30000, amount: '300.00', currency: 'EUR' });
      assert.equal(set.fromMonth, '2026-03');
      const got = await ok('ledger_get_budget');
      assert.equal(got.budgets.length, 1);
      assert.equal(got.budgets[0].pace, 'on-track');
    });
  } finally {
    dir.cleanup();
  }
});

test('tally report: the CLI twins print what the tools answer and fail with their messages', () => {
  const dir = tempDir('tally-reports-');
  const run = (...args) => spawnSync(TALLY, [...args, '--db', dir.db], { env: { ...process.env, ...ENV }, encoding: 'utf8' });
  try {
    assert.equal(spawnSync(TALLY, ['demo', '--db', dir.db], { env: { ...process.env, ...ENV } }).status, 0);
    const spending = run('report', 'spending', '--period', 'last-month', '--limit', '3', '--per-month');
    assert.equal(spending.status, 0, spending.stderr);
    const out = JSON.parse(spending.stdout);
    assert.equal(out.period.startDate, '2026-02-01');
    assert.equal(out.currencies[0].groups.length, 3);
    assert.ok(out.currencies[0].groups[0].months.length >= 1);

    const set = run('report', 'set-budget', 'dining', '150.00', '--from', '2026-03');
    assert.equal(set.status, 0, set.stderr);
    assert.equal(JSON.parse(set.stdout).amount.amount, '150.00');
    const budget = JSON.parse(run('report', 'budget').stdout);
    assert.equal(budget.budgets.find((b) => b.category === 'Dining').budget.amount, '150.00');

    const sheet = JSON.parse(run('report', 'balance-sheet', '--as-of', '2026-02-28').stdout);
    assert.equal(sheet.asOf, '2026-02-28');
    assert.ok(sheet.currencies.every((c) => c.balanced));
    const found = JSON.parse(run('report', 'search', 'concert').stdout);
    assert.equal(found.total, 1);
    const tagged = run('report', 'tag', found.transactions[0].id, 'music:live');
    assert.deepEqual(JSON.parse(tagged.stdout).tags, ['friends', 'music', 'music:live']);
    assert.equal(JSON.parse(run('report', 'search', '--tag', 'MUSIC:LIVE').stdout).total, 1);

    // Payees and tags reach the journals: hledger reads `payee | note` and name:value tags.
    const journal = path.join(path.dirname(dir.db), 'ledger.journal');
    assert.equal(run('export', '--format', 'hledger', '--out', journal).status, 0);
    const reg = spawnSync('hledger', ['-f', journal, 'print', 'tag:music=live'], { encoding: 'utf8' });
    assert.equal(reg.status, 0, reg.stderr);
    assert.match(reg.stdout, /^2026-02-03 Ticketmaster \| Concert tickets {2}; tally-id:txn_\w+, friends:, music:, music:live$/m);
    const bean = run('export', '--format', 'beancount').stdout;
    assert.match(bean, /^2026-02-03 \* "Ticketmaster" "Concert tickets" #friends #music\n {2}tally-id: "txn_\w+"\n {2}tally-tags: "friends music music:live"$/m);

    const bad = run('report', 'income-statement', '--period', 'bogus');
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^tally report income-statement: period: "bogus" is not a period \(expected this-month/);
    const nothing = run('report', 'set-budget', 'Dining', '10', '--currency', 'XYZ');
    assert.equal(nothing.status, 1);
    assert.match(nothing.stderr, /currency: "XYZ" is not an ISO 4217 currency code/);
  } finally {
    dir.cleanup();
  }
});
