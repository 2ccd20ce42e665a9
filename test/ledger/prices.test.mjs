// Exchange rates (issue 20 item 3) through the real binary: ledger_set_price's
// bad input (nothing written), keyset pages, valuation of balances, the balance
// sheet, net worth and the income statement (half-even rounding once, inverse
// prices, missing prices listed), transfers across currencies through the
// trading accounts (each currency sums to zero), `tally import prices` (all or
// nothing), P directives in the export, and the same figures from the real
// hledger (`--value=DATE,USD` and `--value=then,USD`) on the exported journal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '11', TZ: 'UTC' };
const hasHledger = !spawnSync('hledger', ['--version']).error;

function run(db, ...args) {
  return spawnSync(TALLY, [...args, '--db', db], { env: { ...process.env, ...ENV }, encoding: 'utf8', timeout: 60000 });
}
const serve = (db, fn) => withServe({ db, env: ENV, args: ['serve'] }, fn);

/**
 * Checking (USD) gets 1000.00; 220.00 USD become 200.00 EUR of cash; a EUR card
 * pays a 50.00 dinner on 03-03 and the cash a 30.00 lunch on 03-05.
 * EUR/USD: 1.10 from 03-01, 1.0834 from 03-04, 1.0825 from 03-10.
 */
async function trip(ok) {
  const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  const cash = (await ok('ledger_create_account', { name: 'Euro Cash', type: 'asset', subtype: 'cash', currency: 'EUR' })).id;
  const card = (await ok('ledger_create_account', {
    name: 'Euro Card', type: 'liability', subtype: 'credit_card', currency: 'EUR' })).id;
  await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
  const post = async (draft) => (await ok('extrack_post_transaction_draft', {
    draftId: (await ok('extrack_create_transaction_draft', draft)).id })).transactionId;
  await post({ type: 'income', title: 'Pay', date: '2026-03-01', accountId: bank, incomeAmount: '1000.00' });
  const transfer = await post({ type: 'transfer', title: 'Euros for the trip', date: '2026-03-02',
    creditAccountId: bank, debitAccountId: cash, expenseAmount: '220.00', incomeAmount: '200.00' });
  await post({ type: 'expense', title: 'Dinner', date: '2026-03-03', accountId: card, expenseAmount: '50.00', categoryName: 'Dining' });
  await post({ type: 'expense', title: 'Lunch', date: '2026-03-05', accountId: cash, expenseAmount: '30.00', categoryName: 'Dining' });
  for (const [date, rate] of [['2026-03-01', '1.10'], ['2026-03-04', '1.0834'], ['2026-03-10', '1.0825']])
    await ok('ledger_set_price', { base: 'EUR', quote: 'USD', date, rate });
  return { bank, cash, card, transfer };
}

test('ledger_set_price: bad input is a clear error and writes nothing; repeats replace; keyset pages', async () => {
  const dir = tempDir('tally-prices-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const set = await ok('ledger_set_price', { base: 'EUR', quote: 'USD', date: '2026-03-01', rate: '1.0800' });
      assert.deepEqual(set, { price: { key: 'EUR/USD/2026-03-01', base: 'EUR', quote: 'USD', date: '2026-03-01', rate: '1.08' },
        replaced: false });
      const base = { base: 'EUR', quote: 'USD', date: '2026-03-02' };
      const cases = [
        [{ ...base, rate: '0' }, 'rate: "0" is zero; a rate is greater than 0'],
        [{ ...base, rate: '0.000' }, 'rate: "0.000" is zero; a rate is greater than 0'],
        [{ ...base, rate: '-1.5' }, 'rate: "-1.5" is negative; a rate is greater than 0'],
        [{ ...base, rate: '1234567890123456789012345678901234567890' },
          'rate: "1234567890123456789012345678901234567890" has 40 significant digits; at most 18'],
        [{ ...base, rate: '1.2345678901234567890123456789012345678901' },
          'rate: has 42 characters; a rate has at most 18 significant digits'],
        [{ ...base, rate: '0.0000000000000000001' }, 'rate: "0.0000000000000000001" has 19 decimals; at most 18'],
        [{ ...base, rate: '1e3' }, 'rate: "1e3" is not a plain decimal such as "1.0834"'],
        [{ ...base, base: 'XYZ', rate: '1' }, 'base: "XYZ" is not an ISO 4217 currency code (for example USD, EUR, JPY)'],
        [{ ...base, quote: 'QQQ', rate: '1' }, 'quote: "QQQ" is not an ISO 4217 currency code (for example USD, EUR, JPY)'],
        [{ ...base, quote: 'EUR', rate: '1' }, 'quote: the same currency as base (EUR); a price relates two currencies'],
      ];
      for (const [args, message] of cases)
        assert.equal(await fail('ledger_set_price', args), message, JSON.stringify(args));
      assert.match(await fail('ledger_set_price', { ...base, date: '2026-02-30', rate: '1' }), /^date: "2026-02-30" /);
      assert.equal((await ok('ledger_list_prices', {})).prices.length, 1, 'nothing written by the refusals');

      assert.equal((await ok('ledger_set_price', { base: 'EUR', quote: 'USD', date: '2026-03-01', rate: 1.09 })).replaced, true);
      for (const [q, d, r] of [['USD', '2026-03-02', '1.1'], ['USD', '2026-03-03', '1.2'], ['GBP', '2026-03-01', '0.85'],
        ['JPY', '2026-03-01', '160.5']])
        await ok('ledger_set_price', { base: 'EUR', quote: q, date: d, rate: r });
      const seen = [];
      let cursor;
      do {
        const page = await ok('ledger_list_prices', { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.prices.map((p) => `${p.key}=${p.rate}`));
        cursor = page.nextCursor;
        assert.equal(page.truncated, cursor !== undefined);
      } while (cursor);
      assert.deepEqual(seen, ['EUR/GBP/2026-03-01=0.85', 'EUR/JPY/2026-03-01=160.5', 'EUR/USD/2026-03-03=1.2',
        'EUR/USD/2026-03-02=1.1', 'EUR/USD/2026-03-01=1.09']);
      assert.deepEqual((await ok('ledger_list_prices', { quote: 'GBP' })).prices.map((p) => p.key), ['EUR/GBP/2026-03-01']);
    });
  } finally {
    dir.cleanup();
  }
});

test('transfers across currencies: both amounts, through Equity:Trading:EUR-USD, each currency sums to zero', async () => {
  const dir = tempDir('tally-prices-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const x = await trip(ok);
      const t = (await ok('ledger_list_transactions', { accountId: x.cash, limit: 10 })).transactions
        .find((tx) => tx.id === x.transfer);
      const sums = {};
      for (const p of t.postings) sums[p.amount.currency] = (sums[p.amount.currency] ?? 0) + p.amount.amountMinor;
      assert.deepEqual(sums, { USD: 0, EUR: 0 });
      assert.deepEqual(t.postings.map((p) => [p.accountName, p.amount.amount, p.amount.currency]).sort(), [
        ['Checking', '-220.00', 'USD'], ['Euro Cash', '200.00', 'EUR'],
        ['Trading:EUR-USD', '-200.00', 'EUR'], ['Trading:EUR-USD', '220.00', 'USD']]);

      const transfer = { type: 'transfer', title: 'x', date: '2026-03-06', creditAccountId: x.bank, debitAccountId: x.cash };
      const before = (await ok('ledger_list_transactions', { limit: 1 })).total;
      const cases = [
        [{ ...transfer, expenseAmount: '10.00' },
          'A transfer from USD (creditAccountId "Checking") to EUR (debitAccountId "Euro Cash") takes both amounts: ' +
          'expenseAmount in USD (what leaves) and incomeAmount in EUR (what arrives).'],
        [{ ...transfer, expenseAmount: '10.00', incomeAmount: '9.005' }, 'incomeAmount: "9.005" has 3 decimals; EUR allows 2'],
        [{ ...transfer, expenseAmount: '10.00', incomeAmount: '9.00', currency: 'EUR' },
          'currency: EUR is not creditAccountId\'s currency USD; across currencies expenseAmount is in USD and incomeAmount in EUR'],
        [{ ...transfer, expenseAmount: '10.00', incomeAmount: '-9.00' }, 'incomeAmount: must be greater than 0 (got "-9.00")'],
      ];
      for (const [args, message] of cases)
        assert.equal(await fail('extrack_create_transaction_draft', args), message, JSON.stringify(args));
      const drafts = await ok('extrack_list_transaction_drafts', {});
      assert.equal((drafts.drafts ?? drafts.items ?? []).length, 0, 'no draft written');
      assert.equal((await ok('ledger_list_transactions', { limit: 1 })).total, before);
      // A draft across currencies shows each amount in its own currency, and an
      // edit of one amount keeps the other.
      const draft = await ok('extrack_create_transaction_draft', { ...transfer, expenseAmount: '54.00', incomeAmount: '50.00' });
      assert.deepEqual([draft.expenseAmount.currency, draft.incomeAmount.currency], ['USD', 'EUR']);
      const edited = await ok('extrack_update_transaction_draft', { draftId: draft.id, expenseAmount: '54.10' });
      assert.deepEqual([edited.expenseAmount.amount, edited.incomeAmount.amount, edited.incomeAmount.currency],
        ['54.10', '50.00', 'EUR']);
      await ok('extrack_delete_transaction_draft', { draftId: edited.id });
      // One currency: one amount, as before.
      const same = (await ok('ledger_create_account', { name: 'Savings', type: 'asset', subtype: 'savings' })).id;
      assert.match(await fail('extrack_create_transaction_draft', {
        ...transfer, debitAccountId: same, expenseAmount: '1.00', incomeAmount: '1.00' }), /^A transfer moves one amount/);
    });
    const doctor = run(dir.db, 'doctor');
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    dir.cleanup();
  }
});

test('valuation: balances and the balance sheet at a date, net worth per point, income at each posting date', async () => {
  const dir = tempDir('tally-prices-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const x = await trip(ok);
      const bal = await ok('ledger_get_balances', { valuation: { currency: 'USD' } });
      const value = (id) => bal.accounts.find((a) => a.id === id).value.amount;
      // 170.00 EUR × 1.0825 = 184.025 → 184.02 (half to even); 50 × 1.0825 = 54.125 → 54.12.
      assert.equal(value(x.cash), '184.02');
      assert.equal(value(x.card), '54.12');
      assert.equal(value(x.bank), '780.00');
      assert.equal(bal.valuation.date, '2026-03-15');
      assert.equal(bal.valuation.complete, true);
      assert.match(bal.valuation.rule, /newest price on or before 2026-03-15 \(hledger --value=end,USD\)/);
      assert.deepEqual(bal.valuation.pricesUsed, [{ price: 'EUR/USD/2026-03-10', rate: '1.0825', inverse: false }]);
      // Totals are exact sums rounded once: 780 + 184.025 = 964.025 → 964.02.
      assert.equal(bal.valuation.totals.assets.amount, '964.02');

      const sheet = await ok('ledger_balance_sheet', { valuation: { currency: 'USD', date: '2026-03-05' } });
      // At 03-05 the price is 1.0834: 170 × 1.0834 = 184.178 → 184.18; 50 × 1.0834 = 54.17.
      assert.deepEqual(sheet.valuation.totals, {
        assets: { amountMinor: 96418, amount: '964.18', currency: 'USD' },
        liabilities: { amountMinor: 5417, amount: '54.17', currency: 'USD' },
        netWorth: { amountMinor: 91001, amount: '910.01', currency: 'USD' } });

      // Inverse: USD in EUR uses 1 / 1.0825 (no USD→EUR price): 780 / 1.0825 = 720.5542… → 720.55.
      const eur = await ok('ledger_get_balances', { accountIds: [x.bank], valuation: { currency: 'EUR' } });
      assert.equal(eur.accounts[0].value.amount, '720.55');
      assert.deepEqual(eur.valuation.pricesUsed, [{ price: 'EUR/USD/2026-03-10', rate: '1.0825', inverse: true }]);

      // Missing prices are listed, not guessed, and the converted totals are left out.
      const gbp = await ok('ledger_balance_sheet', { valuation: { currency: 'GBP' } });
      assert.equal(gbp.valuation.complete, false);
      assert.equal(gbp.valuation.totals, undefined);
      assert.deepEqual(gbp.valuation.missingPrices, [
        { from: 'EUR', to: 'GBP', date: '2026-03-15' }, { from: 'USD', to: 'GBP', date: '2026-03-15' }]);
      const early = await ok('ledger_get_balances', { accountIds: [x.cash], asOf: '2026-02-28', valuation: { currency: 'USD' } });
      assert.equal(early.valuation.complete, true, 'a zero balance needs no price');

      // Income statement: each posting at its own date (hledger --value=then).
      // 50 EUR on 03-03 at 1.10 = 55.00; 30 EUR on 03-05 at 1.0834 = 32.502; total 87.502 → 87.50.
      const is = await ok('ledger_income_statement', { period: '2026-03', valuation: { currency: 'USD' } });
      assert.deepEqual(is.valuation.totals, {
        income: { amountMinor: 100000, amount: '1000.00', currency: 'USD' },
        expenses: { amountMinor: 8750, amount: '87.50', currency: 'USD' },
        netIncome: { amountMinor: 91250, amount: '912.50', currency: 'USD' } });
      assert.match(is.valuation.rule, /its own date \(hledger --value=then,USD\)/);
      // With a comparison, the previous period is valued the same way: 03-04…03-05
      // against 03-02…03-03 (the 30 EUR against the 50 EUR).
      const cmp = await ok('ledger_income_statement', { startDate: '2026-03-04', endDate: '2026-03-05',
        compareTo: 'previous-period', valuation: { currency: 'USD' } });
      assert.equal(cmp.valuation.totals.expenses.amount, '32.50');
      assert.equal(cmp.valuation.previous.totals.expenses.amount, '55.00');
      assert.equal(cmp.valuation.previous.complete, true);
      assert.match(await fail('ledger_income_statement', { valuation: { currency: 'USD', date: '2026-03-01' } }),
        /^valuation\.date: the income statement converts each posting at its own date/);

      // Net worth: each point at its own date; February had no money.
      const nw = await ok('ledger_net_worth_series', { months: 2, valuation: { currency: 'USD' } });
      assert.deepEqual(nw.points.map((p) => [p.date, p.value.complete, p.value.netWorth?.amount]),
        [['2026-02-28', true, '0.00'], ['2026-03-15', true, '909.90']]);

      assert.match(await fail('ledger_get_balances', { valuation: { currency: 'XYZ' } }),
        /^valuation\.currency: "XYZ" is not an ISO 4217 currency code/);
    });

    // The CLI twins answer the same.
    const cli = run(dir.db, 'report', 'balance-sheet', '--value', 'USD', '--value-date', '2026-03-05');
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).valuation.totals.netWorth.amount, '910.01');
    assert.equal(JSON.parse(run(dir.db, 'price', 'list', '--base', 'EUR').stdout).prices.length, 3);

    // The same figures from hledger on the export (which carries the P directives).
    const journal = path.join(dir.dir, 'books.journal');
    assert.equal(run(dir.db, 'export', '--format', 'hledger', '--out', journal).status, 0);
    const text = readFileSync(journal, 'utf8');
    assert.match(text, /^P 2026-03-01 EUR 1\.1 USD$/m);
    assert.match(text, /^P 2026-03-10 EUR 1\.0825 USD$/m);
    const bean = path.join(dir.dir, 'books.beancount');
    assert.equal(run(dir.db, 'export', '--format', 'beancount', '--out', bean).status, 0);
    assert.match(readFileSync(bean, 'utf8'), /^2026-03-04 price EUR 1\.0834 USD$/m);
    if (hasHledger) {
      const hl = (...args) => {
        const r = spawnSync('hledger', ['-f', journal, ...args], { encoding: 'utf8', timeout: 60000 });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      const rows = (out) => Object.fromEntries(out.trim().split('\n').slice(1)
        .map((l) => l.split('","').map((c) => c.replace(/"/g, ''))));
      const end = rows(hl('bal', '--flat', '-O', 'csv', '--value=2026-03-15,USD', 'Assets', 'Liabilities'));
      assert.equal(end['Assets:Euro Cash'], '184.02 USD');
      assert.equal(end['Liabilities:Euro Card'], '-54.12 USD');
      assert.equal(end['Assets:Checking'], '780.00 USD');
      const at5 = rows(hl('bal', '--flat', '-O', 'csv', '--value=2026-03-05,USD', 'Assets', 'Liabilities'));
      assert.equal(at5.total, '910.01 USD');
      const then = rows(hl('bal', '--flat', '-O', 'csv', '--value=then,USD', 'Expenses'));
      assert.equal(then.total, '87.50 USD', JSON.stringify(then));  // Expenses:Dining:EUR (Dining exists in USD too)
    }
  } finally {
    dir.cleanup();
  }
});

test('tally import prices: a CSV of date, base, quote, rate; all or nothing; errors name the line', async () => {
  const dir = tempDir('tally-prices-');
  try {
    const good = path.join(dir.dir, 'rates.csv');
    writeFileSync(good, 'date,base,quote,rate\n2026-03-01,EUR,USD,1.0834\n2026-03-02,EUR,USD,1.0851\n2026-03-01,GBP,USD,1.2702\n');
    const bad = path.join(dir.dir, 'bad.csv');
    writeFileSync(bad, 'date,base,quote,rate\n2026-04-01,EUR,USD,1.09\n2026-04-02,EUR,USD,0\n');
    const first = run(dir.db, 'import', 'prices', good);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^Imported 3 rows from /);
    const refused = run(dir.db, 'import', 'prices', bad);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /bad\.csv: line 3: rate: "0" is zero; a rate is greater than 0/);
    const list = JSON.parse(run(dir.db, 'price', 'list').stdout);
    assert.deepEqual(list.prices.map((p) => `${p.key}=${p.rate}`),
      ['EUR/USD/2026-03-02=1.0851', 'EUR/USD/2026-03-01=1.0834', 'GBP/USD/2026-03-01=1.2702']);
    const set = run(dir.db, 'price', 'set', 'EUR', 'USD', '2026-03-03', '1.0866');
    assert.equal(set.status, 0, set.stderr);
    assert.equal(JSON.parse(set.stdout).price.rate, '1.0866');
    const zero = run(dir.db, 'price', 'set', 'EUR', 'USD', '2026-03-03', '0');
    assert.equal(zero.status, 1);
    assert.match(zero.stderr + zero.stdout, /rate: "0" is zero/);
  } finally {
    dir.cleanup();
  }
});

test('valuation matches hledger --value=DATE,USD on the export of a random ledger (seeded)', { skip: !hasHledger }, async () => {
  const dir = tempDir('tally-prices-');
  let seed = 20260315;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const day = () => `2026-0${1 + rand(3)}-${String(1 + rand(28)).padStart(2, '0')}`;
  const ids = {};
  try {
    await serve(dir.db, async ({ ok }) => {
      ids.bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
      await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
      const foreign = [['EUR', 'Euro Cash', 2, '1.0'], ['GBP', 'Pound Cash', 2, '1.2'], ['JPY', 'Yen Cash', 0, '0.00']];
      for (const [cur, name] of foreign)
        ids[cur] = (await ok('ledger_create_account', { name, type: 'asset', subtype: 'cash', currency: cur })).id;
      ids.card = (await ok('ledger_create_account', {
        name: 'Euro Card', type: 'liability', subtype: 'credit_card', currency: 'EUR' })).id;
      await ok('extrack_post_transaction_draft', { draftId: (await ok('extrack_create_transaction_draft', {
        type: 'income', title: 'Pay', date: '2026-01-01', accountId: ids.bank, incomeAmount: '100000.00' })).id });
      const amount = (exp) => exp === 0 ? String(1 + rand(90000)) : `${1 + rand(900)}.${String(rand(100)).padStart(2, '0')}`;
      for (let i = 0; i < 40; ++i) {
        const [cur, , exp, prefix] = foreign[rand(3)];
        const draft = rand(2) === 0
          ? { type: 'transfer', title: `Buy ${cur}`, date: day(), creditAccountId: ids.bank, debitAccountId: ids[cur],
            expenseAmount: amount(2), incomeAmount: amount(exp) }
          : { type: 'expense', title: `Spend ${cur}`, date: day(), accountId: rand(4) === 0 && cur === 'EUR' ? ids.card : ids[cur],
            expenseAmount: amount(exp), categoryName: 'Dining' };
        await ok('extrack_post_transaction_draft', { draftId: (await ok('extrack_create_transaction_draft', draft)).id });
        await ok('ledger_set_price', { base: cur, quote: 'USD', date: day(), rate: `${prefix}${String(rand(100000)).padStart(5, '0')}1` });
      }
      for (const [cur, , , prefix] of foreign)  // every currency has a price by the valuation dates
        await ok('ledger_set_price', { base: cur, quote: 'USD', date: '2026-01-01', rate: `${prefix}5` });
      for (const date of ['2026-02-14', '2026-03-31']) {
        const bal = await ok('ledger_get_balances', { asOf: date, valuation: { currency: 'USD', date } });
        assert.equal(bal.valuation.complete, true);
        ids[date] = bal;
      }
    });
    const journal = path.join(dir.dir, 'books.journal');
    assert.equal(run(dir.db, 'export', '--format', 'hledger', '--out', journal).status, 0);
    for (const date of ['2026-02-14', '2026-03-31']) {
      const r = spawnSync('hledger', ['-f', journal, 'bal', '--flat', '-O', 'csv', '-e', nextDay(date),
        `--value=${date},USD`, 'Assets', 'Liabilities'], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      const hl = Object.fromEntries(r.stdout.trim().split('\n').slice(1).map((l) => l.split('","').map((c) => c.replace(/"/g, ''))));
      let compared = 0;
      for (const a of ids[date].accounts) {
        if (a.type !== 'asset' && a.type !== 'liability') continue;
        if (a.balance.amountMinor === 0) continue;
        const name = `${a.type === 'asset' ? 'Assets' : 'Liabilities'}:${a.name}`;
        const value = a.type === 'liability' ? `-${a.value.amount}` : a.value.amount;
        assert.equal(hl[name], `${value.replace(/^--/, '')} USD`, `${name} on ${date}: ${JSON.stringify(hl)}`);
        ++compared;
      }
      assert.ok(compared >= 4, `compared ${compared} accounts`);
    }
  } finally {
    dir.cleanup();
  }
});

function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
