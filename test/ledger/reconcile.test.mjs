// Reconciliation and balance assertions (issue 20 item 2) through the real
// binary: clearing, the difference and its candidates, finishing, bad input
// (nothing written), the void guard, bank imports clearing their lines, balance
// assertions checked by doctor and by the real hledger on the export, and a
// property: after random clear/reconcile steps, difference = statement − cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const hasHledger = !spawnSync('hledger', ['--version']).error;

function run(db, ...args) {
  return spawnSync(TALLY, [...args, '--db', db], { env: { ...process.env, ...ENV }, encoding: 'utf8', timeout: 60000 });
}

const serve = (db, fn) => withServe({ db, env: ENV, args: ['serve'] }, fn);

/** A checking account with a deposit and four expenses; returns their ids. */
async function checking(ok) {
  const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
  const post = async (draft) => (await ok('extrack_post_transaction_draft', {
    draftId: (await ok('extrack_create_transaction_draft', { accountId: bank, ...draft })).id })).transactionId;
  const pay = await post({ type: 'income', title: 'Pay', date: '2026-03-01', incomeAmount: '1000.00' });
  const e40 = await post({ type: 'expense', title: 'Dinner', date: '2026-03-02', expenseAmount: '40.00', categoryName: 'Dining' });
  const e25 = await post({ type: 'expense', title: 'Lunch', date: '2026-03-05', expenseAmount: '25.50', categoryName: 'Dining' });
  const e12 = await post({ type: 'expense', title: 'Coffee beans', date: '2026-03-10', expenseAmount: '12.00', categoryName: 'Dining' });
  const e7 = await post({ type: 'expense', title: 'Snack', date: '2026-03-14', expenseAmount: '7.00', categoryName: 'Dining' });
  return { bank, pay, e40, e25, e12, e7 };
}

test('reconcile: clear, the difference and its candidates, finish refused then allowed; the void guard', async () => {
  const dir = tempDir('tally-reconcile-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const x = await checking(ok);
      const first = await ok('ledger_reconcile_account', {
        accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50', transactionIds: [x.pay, x.e40] });
      assert.equal(first.clearedNow, 2);
      assert.deepEqual(first.clearedBalance, { amountMinor: 96000, amount: '960.00', currency: 'USD' });
      assert.deepEqual(first.statementBalance, { amountMinor: 93450, amount: '934.50', currency: 'USD' });
      assert.equal(first.difference.amount, '-25.50');
      // The exact match of the difference first; the 03-14 snack is after the statement.
      assert.deepEqual(first.candidates.map((c) => [c.transactionId, c.amount.amount, c.matchesDifference]),
        [[x.e25, '-25.50', true], [x.e12, '-12.00', false]]);
      assert.equal(first.candidatesTotal, 2);
      assert.equal(first.reconciled, false);

      // finish with a difference: refused, and the clearing asked in the same call is not kept.
      const refused = await fail('ledger_reconcile_account', {
        accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50', transactionIds: [x.e12], finish: true });
      assert.match(refused, /^finish: the statement says 934\.50 USD but the cleared balance on 2026-03-10 is 948\.00 \(difference -13\.50\)/);
      assert.match(refused, /Nothing was written/);
      const again = await ok('ledger_reconcile_account', { accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50' });
      assert.equal(again.clearedBalance.amount, '960.00');
      assert.equal(again.clearedNow, 0);

      const done = await ok('ledger_reconcile_account', {
        accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50', transactionIds: [x.e25], finish: true });
      assert.equal(done.difference.amountMinor, 0);
      assert.equal(done.reconciled, true);
      assert.equal(done.reconciledPostings, 3);
      assert.deepEqual(done.candidates.map((c) => c.transactionId), [x.e12]);
      // Clearing a reconciled transaction again changes nothing.
      assert.equal((await ok('ledger_reconcile_account', {
        accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50', transactionIds: [x.e25] })).clearedNow, 0);

      // Void guard: a reconciled transaction needs force and a reason; an uncleared one does not.
      assert.match(await fail('ledger_void_transaction', { transactionId: x.e40 }),
        /^Transaction txn_\S+ is reconciled \(account "Checking", statement of 2026-03-10\); .*force: true with a reason/);
      assert.match(await fail('ledger_void_transaction', { transactionId: x.e40, force: true }), /^reason: required with force: true/);
      const forced = await ok('ledger_void_transaction', { transactionId: x.e40, force: true, reason: 'bank reversed it' });
      assert.equal(forced.reversal.reversesTransactionId, x.e40);
      await ok('ledger_void_transaction', { transactionId: x.e12 });
    });
    // The CLI twin answers the same: the statement still agrees on its date (the void is dated today).
    const cli = run(dir.db, 'reconcile', (await listAccount(dir.db)), '--statement-date', '2026-03-10', '--balance', '934.50');
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).difference.amount, '0.00');
    assert.equal(run(dir.db, 'doctor').status, 0);
  } finally {
    dir.cleanup();
  }
});

async function listAccount(db, name = 'Checking') {
  const r = run(db, 'call', 'ledger_get_balances', '{}');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).accounts.find((a) => a.name === name && a.currency === 'USD').id;
}

test('reconcile: bad input is a clear error and writes nothing', async () => {
  const dir = tempDir('tally-reconcile-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const x = await checking(ok);
      const card = (await ok('ledger_create_account', { name: 'Visa', type: 'liability', subtype: 'credit_card' })).id;
      const onCard = (await ok('extrack_post_transaction_draft', { draftId: (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Books', date: '2026-03-03', accountId: card, expenseAmount: '30.00', categoryName: 'Dining' })).id })).transactionId;
      const old = (await ok('ledger_create_account', { name: 'Old bank', type: 'asset', subtype: 'bank' })).id;
      await ok('ledger_close_account', { accountId: old });
      const base = { accountId: x.bank, statementDate: '2026-03-10', statementBalance: '934.50' };
      assert.equal(await fail('ledger_reconcile_account', { ...base, currency: 'EUR', transactionIds: [x.pay] }),
        'currency: the statement is in EUR but account "Checking" is in USD; reconcile it against a USD statement');
      assert.equal(await fail('ledger_reconcile_account', { ...base, statementDate: '2026-03-16', transactionIds: [x.pay] }),
        'statementDate: 2026-03-16 is in the future (today is 2026-03-15); a statement shows what happened');
      assert.equal(await fail('ledger_reconcile_account', { ...base, accountId: 'acc_nope' }), 'Account not found: accountId "acc_nope"');
      assert.equal(await fail('ledger_reconcile_account', { ...base, accountId: old }),
        'accountId: account "Old bank" was closed on 2026-03-15; a closed account takes no statements');
      assert.match(await fail('ledger_reconcile_account', { ...base, transactionIds: [x.pay, onCard] }),
        /^transactionIds\[1\]: transaction txn_\S+ has no posting on account "Checking"/);
      assert.equal(await fail('ledger_reconcile_account', { ...base, transactionIds: ['txn_nope'] }),
        'Transaction not found: transactionIds[0] "txn_nope"');
      assert.match(await fail('ledger_reconcile_account', { ...base, statementBalance: '10.005', transactionIds: [x.pay] }),
        /^statementBalance: "10\.005" has 3 decimals; USD allows 2/);
      // Nothing of the above was written: the deposit is still uncleared.
      const now = await ok('ledger_reconcile_account', base);
      assert.equal(now.clearedBalance.amountMinor, 0);
      assert.equal(now.candidatesTotal, 4);
      // A card shows its debt positive: a statement owing 30.00 agrees once the purchase clears.
      const c = await ok('ledger_reconcile_account', { accountId: card, statementDate: '2026-03-10', statementBalance: '30.00',
        currency: 'USD', transactionIds: [onCard], finish: true });
      assert.equal(c.clearedBalance.amount, '30.00');
      assert.equal(c.reconciled, true);
    });
  } finally {
    dir.cleanup();
  }
});

test('a bank import marks its lines cleared, so the statement reconciles at once', () => {
  const dir = tempDir('tally-reconcile-');
  try {
    assert.equal(run(dir.db, 'init').status, 0);
    const acc = JSON.parse(run(dir.db, 'call', 'ledger_create_account', JSON.stringify({ name: 'Statement Bank', type: 'asset', subtype: 'bank' })).stdout).id;
    const csv = path.join(dir.dir, 'bank.csv');
    writeFileSync(csv, 'Date,Payee,Amount\n2026-01-02,Groceries,-45.10\n2026-01-03,Salary,2500.00\n2026-01-04,Cafe,-3.50\n');
    const dry = run(dir.db, 'import', 'bank', csv, '--account', acc, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    let r = run(dir.db, 'reconcile', acc, '--statement-date', '2026-01-31', '--balance', '2451.40');
    assert.equal(JSON.parse(r.stdout).candidatesTotal, 0, 'a dry run clears nothing');
    const imp = run(dir.db, 'import', 'bank', csv, '--account', acc);
    assert.equal(imp.status, 0, imp.stderr);
    r = run(dir.db, 'reconcile', acc, '--statement-date', '2026-01-31', '--balance', '2451.40', '--finish');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.clearedBalance.amount, '2451.40');
    assert.deepEqual(out.candidates, []);
    assert.equal(out.reconciledPostings, 3);
    r = run(dir.db, 'reconcile', acc, '--statement-date', '2026-01-31', '--balance', '2400', '--finish');
    assert.equal(r.status, 1);
    assert.match(r.stderr + r.stdout, /finish: the statement says 2400\.00 USD but the cleared balance on 2026-01-31 is 2451\.40/);
  } finally {
    dir.cleanup();
  }
});

test('balance assertions: stored, answered, checked by doctor, exported to hledger and beancount', async () => {
  const dir = tempDir('tally-reconcile-');
  try {
    let ids;
    await serve(dir.db, async ({ ok, fail }) => {
      ids = await checking(ok);
      const card = (await ok('ledger_create_account', { name: 'Visa', type: 'liability', subtype: 'credit_card' })).id;
      await ok('extrack_post_transaction_draft', { draftId: (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Books', date: '2026-03-05', accountId: card, expenseAmount: '30.00', categoryName: 'Dining' })).id });
      ids.card = card;
      // Doctor shows amounts with the currency's own decimals (JPY none, KWD three).
      ids.yen = (await ok('ledger_create_account', { name: 'Yen', type: 'asset', subtype: 'cash', currency: 'JPY' })).id;
      ids.kwd = (await ok('ledger_create_account', { name: 'Dinar', type: 'asset', subtype: 'bank', currency: 'KWD' })).id;
      assert.equal((await ok('ledger_assert_balance', { accountId: ids.yen, date: '2026-03-01', balance: '1200' })).holds, false);
      assert.equal((await ok('ledger_assert_balance', { accountId: ids.kwd, date: '2026-03-01', balance: '-0.5' })).holds, false);
      const a = await ok('ledger_assert_balance', { accountId: ids.bank, date: '2026-03-05', balance: '934.50' });
      assert.deepEqual([a.holds, a.replaced, a.actual.amount], [true, false, '934.50']);
      assert.equal((await ok('ledger_assert_balance', { accountId: card, date: '2026-03-05', balance: '30' })).holds, true);
      const wrong = await ok('ledger_assert_balance', { accountId: ids.bank, date: '2026-03-10', balance: '900.00' });
      assert.deepEqual([wrong.holds, wrong.actual.amount], [false, '922.50']);
      assert.match(await fail('ledger_assert_balance', { accountId: ids.bank, date: '2026-04-01', balance: '1' }), /in the future/);
      assert.match(await fail('ledger_assert_balance', { accountId: ids.bank, date: '2026-03-01', balance: '1', currency: 'EUR' }),
        /^currency: the balance is in EUR but account "Checking" is in USD/);
    });
    let doc = run(dir.db, 'doctor');
    assert.equal(doc.status, 1);
    assert.match(doc.stdout + doc.stderr, new RegExp(`balance assertion fails: account ${ids.bank} \\("Checking"\\) should hold 900\\.00 USD at the end of 2026-03-10 but holds 922\\.50 USD`));
    assert.doesNotMatch(doc.stdout + doc.stderr, /2026-03-05/);
    assert.match(doc.stdout + doc.stderr, /\("Yen"\) should hold 1200 JPY at the end of 2026-03-01 but holds 0 JPY/);
    assert.match(doc.stdout + doc.stderr, /\("Dinar"\) should hold -0\.500 KWD at the end of 2026-03-01 but holds 0\.000 KWD/);
    for (const acc of [ids.yen, ids.kwd])
      assert.equal(run(dir.db, 'assert-balance', acc, '--date', '2026-03-01', '--balance', '0').status, 0);

    const journal = path.join(dir.dir, 'books.journal');
    assert.equal(run(dir.db, 'export', '--format', 'hledger', '--out', journal).status, 0);
    if (hasHledger) {
      const bad = spawnSync('hledger', ['-f', journal, 'bal'], { encoding: 'utf8', timeout: 60000 });
      assert.notEqual(bad.status, 0, 'hledger refuses the wrong assertion');
      assert.match(bad.stderr, /assertion/i);
    }
    // A repeat replaces: the CLI twin corrects it, and doctor and hledger agree.
    const fixed = run(dir.db, 'assert-balance', ids.bank, '--date', '2026-03-10', '--balance', '922.50');
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.deepEqual([JSON.parse(fixed.stdout).holds, JSON.parse(fixed.stdout).replaced], [true, true]);
    doc = run(dir.db, 'doctor');
    assert.equal(doc.status, 0, doc.stdout + doc.stderr);
    assert.equal(run(dir.db, 'export', '--format', 'hledger', '--out', journal, '--force').status, 0);
    const text = execFileSync('cat', [journal], { encoding: 'utf8' });
    assert.match(text, /2026-03-10 Balance assertion {2}; tally-assertion:\n {4}Assets:Checking {2}0\.00 USD = 922\.50 USD\n/);
    assert.match(text, /Liabilities:Visa {2}0\.00 USD = -30\.00 USD/);
    // Placed after that day's transactions: the 03-10 coffee comes before its assertion.
    assert.ok(text.indexOf('Coffee beans') < text.indexOf('2026-03-10 Balance assertion'));
    if (hasHledger) {
      const good = spawnSync('hledger', ['-f', journal, 'bal'], { encoding: 'utf8', timeout: 60000 });
      assert.equal(good.status, 0, good.stderr);
    }
    const bean = run(dir.db, 'export', '--format', 'beancount');
    assert.equal(bean.status, 0, bean.stderr);
    assert.match(bean.stdout, /^2026-03-11 balance Assets:Checking {2}922\.50 USD$/m);
    assert.match(bean.stdout, /^2026-03-06 balance Liabilities:Visa {2}-30\.00 USD$/m);
  } finally {
    dir.cleanup();
  }
});

test('property: after random clear and reconcile steps, difference = statement − cleared balance', async () => {
  const dir = tempDir('tally-reconcile-');
  let seed = 20;
  const rand = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 16) % n; };
  try {
    await serve(dir.db, async ({ ok, t }) => {
      const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
      await ok('ledger_create_category', { name: 'Misc', kind: 'expense' });
      const txns = [];  // {id, date, minor}
      for (let i = 0; i < 24; i++) {
        const date = `2026-02-${String(1 + rand(28)).padStart(2, '0')}`;
        const minor = 1 + rand(50000);
        const income = rand(3) === 0;
        const d = await ok('extrack_create_transaction_draft', income
          ? { type: 'income', title: `In ${i}`, date, accountId: bank, incomeAmount: (minor / 100).toFixed(2) }
          : { type: 'expense', title: `Out ${i}`, date, accountId: bank, expenseAmount: (minor / 100).toFixed(2), categoryName: 'Misc' });
        txns.push({ id: (await ok('extrack_post_transaction_draft', { draftId: d.id })).transactionId, date, minor: income ? minor : -minor });
      }
      const cleared = new Set();
      let refused = 0, finished = 0;
      const clearedAsOf = (date) => txns.filter((x) => cleared.has(x.id) && x.date <= date).reduce((s, x) => s + x.minor, 0);
      for (let step = 0; step < 30; step++) {
        const date = `2026-02-${String(1 + rand(28)).padStart(2, '0')}`;
        const pick = txns.filter(() => rand(5) === 0).map((x) => x.id);
        const expected = clearedAsOf(date) + txns.filter((x) => pick.includes(x.id) && !cleared.has(x.id) && x.date <= date)
          .reduce((s, x) => s + x.minor, 0);
        // Half the steps state the balance the ledger would agree with, and try to finish.
        const agree = rand(2) === 0;
        const statement = agree ? expected : expected + rand(20001) - 10000;
        const args = { accountId: bank, statementDate: date, statementBalance: (statement / 100).toFixed(2), transactionIds: pick,
          finish: agree || rand(4) === 0 };
        const r = await t.call('ledger_reconcile_account', args);
        if (r.isError) {
          assert.ok(args.finish && statement !== expected, r.content[0].text);
          assert.match(r.content[0].text, /^finish: /);
          ++refused;
          continue;  // nothing written
        }
        for (const id of pick) cleared.add(id);
        const out = r.structuredContent;
        if (out.reconciled) ++finished;
        assert.equal(out.clearedBalance.amountMinor, clearedAsOf(date), `step ${step}`);
        assert.equal(out.difference.amountMinor, statement - out.clearedBalance.amountMinor, `step ${step}`);
        assert.equal(out.statementBalance.amountMinor, statement);
        const uncleared = txns.filter((x) => !cleared.has(x.id) && x.date <= date);
        assert.equal(out.candidatesTotal, uncleared.length);
        if (out.difference.amountMinor !== 0 && uncleared.some((x) => x.minor === out.difference.amountMinor))
          assert.equal(out.candidates[0].matchesDifference, true);
      }
      assert.ok(refused > 0 && finished > 0, `both finish outcomes exercised (${refused} refused, ${finished} finished)`);
    });
    assert.equal(run(dir.db, 'doctor').status, 0);
  } finally {
    dir.cleanup();
  }
});
