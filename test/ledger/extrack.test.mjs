// The Extrack tools and the posting engine through the real binary over stdio,
// on real ledger files: splits, lending, repayment, posting once, atomic
// failure, exact amounts, bad input, and `tally doctor` on the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { TALLY, TallyProcess, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };

/** A fresh ledger served by `tally serve`, with helpers that fail loudly. */
async function ledger(fn, { workspace } = {}) {
  const dir = tempDir('tally-ledger-');
  const args = ['serve'];
  if (workspace) args.push('--workspace', workspace);
  try {
    await withServe({ db: dir.db, env: ENV, args }, (s) => fn({ ...s, db: dir.db }));
  } finally {
    dir.cleanup();
  }
}

function doctor(db) {
  return spawnSync(TALLY, ['doctor', '--db', db], { env: { ...process.env, ...ENV }, encoding: 'utf8' });
}

async function basics(ok) {
  const alice = await ok('ledger_create_person', { name: 'Alice' });
  const bob = await ok('ledger_create_person', { name: 'Bob' });
  const card = await ok('ledger_create_account', { name: 'Visa', type: 'liability', subtype: 'credit_card' });
  const bank = await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' });
  await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
  return { alice: alice.id, bob: bob.id, card: card.id, bank: bank.id };
}

async function balance(ok, accountId) {
  const b = await ok('ledger_get_balances', { accountIds: [accountId] });
  return b.accounts[0].balance.amountMinor;
}

async function postingCount(ok) {
  const all = await ok('ledger_list_transactions', { limit: 500 });
  return all.transactions.reduce((n, tx) => n + tx.postings.length, 0);
}

test('the tools are listed with explicit annotations, and initialize carries the agent rules', async () => {
  await ledger(async ({ t }) => {
    const init = t.messages.find((m) => m.id === 1).result;
    for (const rule of ['Context first.', 'Real ids only.', 'Ask before picking.', 'Duplicate awareness (advisory).'])
      assert.ok(init.instructions.includes(rule), `instructions lack "${rule}"`);
    const list = await t.request('tools/list', {});
    const byName = new Map(list.result.tools.map((x) => [x.name, x]));
    const expected = ['extrack_get_context', 'extrack_create_transaction_draft', 'extrack_create_split_expense_draft',
      'extrack_create_lend_money_draft', 'extrack_create_repayment_draft', 'extrack_get_transaction_draft',
      'extrack_delete_transaction_draft', 'extrack_post_transaction_draft', 'extrack_list_transaction_drafts',
      'ledger_create_account', 'ledger_create_person', 'ledger_create_category', 'ledger_close_account',
      'ledger_get_balances', 'ledger_list_transactions', 'ledger_void_transaction'];
    for (const name of expected) {
      const tool = byName.get(name);
      assert.ok(tool, `${name} is not listed`);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'])
        assert.equal(typeof tool.annotations[hint], 'boolean', `${name}.${hint}`);
    }
    const create = byName.get('extrack_create_transaction_draft').inputSchema;
    assert.deepEqual(Object.keys(create.properties).sort(), ['accountId', 'categoryName', 'creditAccountId', 'currency',
      'date', 'debitAccountId', 'expenseAmount', 'externalReference', 'incomeAmount', 'payee', 'splits', 'tags', 'title',
      'type']);
    assert.deepEqual(create.properties.type.enum, ['expense', 'income', 'transfer']);
    assert.equal(byName.get('extrack_get_context').annotations.readOnlyHint, true);
    assert.equal(byName.get('extrack_post_transaction_draft').annotations.idempotentHint, true);
  });
});

test('100.00 split three ways posts exactly 100.00 and never overcharges a friend', async () => {
  await ledger(async ({ ok, db }) => {
    const ids = await basics(ok);
    const draft = await ok('extrack_create_split_expense_draft', {
      title: 'Dinner', date: '2026-03-14', accountId: ids.card, totalAmount: '100.00',
      splitEvenly: { personIds: [ids.alice, ids.bob] }, categoryName: 'DINING' });
    assert.deepEqual(draft.splits.map((s) => s.amount.amount), ['33.33', '33.33']);
    assert.equal(draft.yourShare.amount, '33.34');
    assert.equal(draft.categoryName, 'Dining');
    const posted = await ok('extrack_post_transaction_draft', { draftId: draft.id });
    const legs = posted.transaction.postings.map((p) => [p.accountName, p.amount.amountMinor]);
    assert.deepEqual(legs, [['Visa', -10000], ['Expenses:Dining', 3334], ['Lent:Alice', 3333], ['Lent:Bob', 3333]]);
    assert.equal(legs.reduce((s, [, m]) => s + m, 0), 0);
    const ctx = await ok('extrack_get_context');
    assert.deepEqual(ctx.persons.map((p) => [p.name, p.owes.map((o) => o.amount)]), [['Alice', ['33.33']], ['Bob', ['33.33']]]);
    assert.equal(ctx.recentDrafts.length, 0, 'a posted draft is removed');
    assert.equal(doctor(db).status, 0);
  });
});

test('0.01 three ways makes no zero postings', async () => {
  await ledger(async ({ ok }) => {
    const ids = await basics(ok);
    const draft = await ok('extrack_create_split_expense_draft', {
      title: 'Gum', date: '2026-03-14', accountId: ids.card, totalAmount: '0.01',
      splitEvenly: { personIds: [ids.alice, ids.bob] } });
    assert.deepEqual(draft.splits, []);
    assert.deepEqual(draft.warnings, ["Alice's share rounds to 0.00 USD; no IOU recorded.",
      "Bob's share rounds to 0.00 USD; no IOU recorded."]);
    const posted = await ok('extrack_post_transaction_draft', { draftId: draft.id });
    assert.deepEqual(posted.transaction.postings.map((p) => [p.accountName, p.amount.amountMinor]),
      [['Visa', -1], ['Expenses:Uncategorized', 1]]);
    // Without you, the extra cent goes to the first friend; the second gets nothing and no posting.
    const mine = await ok('extrack_create_split_expense_draft', {
      title: 'Gum', date: '2026-03-14', accountId: ids.card, totalAmount: '0.01',
      splitEvenly: { personIds: [ids.alice, ids.bob], includeMe: false } });
    assert.deepEqual(mine.splits.map((s) => [s.personName, s.amount.amount]), [['Alice', '0.01']]);
    assert.equal(mine.yourShare.amount, '0.00');
    const p2 = await ok('extrack_post_transaction_draft', { draftId: mine.id });
    assert.deepEqual(p2.transaction.postings.map((p) => [p.accountName, p.amount.amountMinor]), [['Visa', -1], ['Lent:Alice', 1]]);
  });
});

test('explicit allocations and draft-level split IOUs', async () => {
  await ledger(async ({ ok, fail }) => {
    const ids = await basics(ok);
    const split = await ok('extrack_create_split_expense_draft', {
      title: 'Taxi', date: '2026-03-10', accountId: ids.bank, totalAmount: 30,
      allocations: [{ personId: ids.alice, amount: 12.5 }, { personId: ids.bob, amount: '7.50' }] });
    assert.equal(split.yourShare.amount, '10.00');
    const exp = await ok('extrack_create_transaction_draft', {
      type: 'expense', title: 'Groceries', date: '2026-03-11', accountId: ids.bank, expenseAmount: '80.00',
      splits: [{ personId: ids.bob, amount: '80.00' }], externalReference: 'receipt-7' });
    assert.equal(exp.yourShare.amount, '0.00');
    const posted = await ok('extrack_post_transaction_draft', { draftId: exp.id });
    assert.deepEqual(posted.transaction.postings.map((p) => [p.accountName, p.amount.amountMinor]),
      [['Checking', -8000], ['Lent:Bob', 8000]], 'no zero category posting when friends take it all');
    assert.equal(await fail('extrack_create_split_expense_draft', {
      title: 'Taxi', date: '2026-03-10', accountId: ids.bank, totalAmount: '30.00',
      allocations: [{ personId: ids.alice, amount: '20.00' }, { personId: ids.bob, amount: '10.01' }] }),
      'allocations: the shares add up to 30.01 USD, more than the total of 30.00 USD');
    assert.equal(await fail('extrack_create_transaction_draft', {
      type: 'income', title: 'Pay', date: '2026-03-11', accountId: ids.bank, incomeAmount: '5',
      splits: [{ personId: ids.bob, amount: '1' }] }), 'splits: an income draft cannot carry IOUs');
  });
});

test('lend then repay zeroes the receivable; overpaying is refused unless allowed', async () => {
  await ledger(async ({ ok, fail, db }) => {
    const ids = await basics(ok);
    const lend = await ok('extrack_create_lend_money_draft', { personId: ids.alice, accountId: ids.bank, amount: '50.00', date: '2026-03-01' });
    assert.equal(lend.title, 'Lent to Alice');
    assert.deepEqual(lend.splits.map((s) => s.amount.amount), ['50.00'], 'a 100% IOU');
    await ok('extrack_post_transaction_draft', { draftId: lend.id });
    const over = await ok('extrack_create_repayment_draft', { personId: ids.alice, accountId: ids.bank, amount: '50.01', date: '2026-03-02' });
    assert.deepEqual(over.warnings, ['Repayment of 50.01 USD is more than Alice owes (50.00 USD). Posting will be refused unless allowOverpayment is true.']);
    assert.equal(await fail('extrack_post_transaction_draft', { draftId: over.id }),
      "Repayment of 50.01 USD is more than Alice owes (50.00 USD). Pass allowOverpayment: true to record it anyway (Alice's Lent balance goes negative: you then owe them).");
    await ok('extrack_get_transaction_draft', { draftId: over.id });  // still pending
    await ok('extrack_delete_transaction_draft', { draftId: over.id });
    const repay = await ok('extrack_create_repayment_draft', { personId: ids.alice, accountId: ids.bank, amount: 50, date: '2026-03-02' });
    assert.equal(repay.title, 'Alice paid me back');
    assert.deepEqual(repay.warnings, []);
    await ok('extrack_post_transaction_draft', { draftId: repay.id });
    const ctx = await ok('extrack_get_context');
    const lent = ctx.accounts.find((a) => a.name === 'Lent:Alice');
    assert.equal(lent.balance.amountMinor, 0);
    assert.deepEqual(ctx.persons.find((p) => p.name === 'Alice').owes, []);
    assert.equal(await balance(ok, ids.bank), 0);
    // Explicitly allowed: the balance goes negative (you owe Alice).
    const extra = await ok('extrack_create_repayment_draft', { personId: ids.alice, accountId: ids.bank, amount: '5.00', date: '2026-03-03' });
    assert.deepEqual(extra.warnings, ['Alice owes nothing in USD; a repayment of 5.00 USD would be an overpayment. Posting will be refused unless allowOverpayment is true.']);
    await ok('extrack_post_transaction_draft', { draftId: extra.id, allowOverpayment: true });
    assert.equal(await balance(ok, lent.id), -500);
    const flagged = await ok('extrack_create_repayment_draft', { personId: ids.bob, accountId: ids.bank, amount: '1.00', date: '2026-03-03', allowOverpayment: true });
    assert.deepEqual(flagged.warnings, []);
    await ok('extrack_post_transaction_draft', { draftId: flagged.id });
    assert.equal(doctor(db).status, 0);
  });
});

test('posting a draft twice gives one transaction', async () => {
  await ledger(async ({ ok, fail }) => {
    const ids = await basics(ok);
    const d = await ok('extrack_create_transaction_draft', { type: 'expense', title: 'Lunch', date: '2026-03-14', accountId: ids.bank, expenseAmount: '12.00', categoryName: 'dining' });
    const first = await ok('extrack_post_transaction_draft', { draftId: d.id });
    const second = await ok('extrack_post_transaction_draft', { draftId: d.id });
    assert.equal(first.alreadyPosted, false);
    assert.equal(second.alreadyPosted, true);
    assert.equal(second.transactionId, first.transactionId);
    const list = await ok('ledger_list_transactions');
    assert.equal(list.total, 1);
    assert.equal(await fail('extrack_get_transaction_draft', { draftId: d.id }),
      `Draft not found: draftId "${d.id}" (it was posted as transaction ${first.transactionId})`);
  });
});

test('a failure in the middle of posting leaves no postings and the draft pending', async () => {
  await ledger(async ({ ok, fail, db }) => {
    const ids = await basics(ok);
    const spare = await ok('ledger_create_account', { name: 'Old Card', type: 'liability', subtype: 'credit_card' });
    const d = await ok('extrack_create_split_expense_draft', {
      title: 'Dinner', date: '2026-03-14', accountId: spare.id, totalAmount: '90.00',
      allocations: [{ personId: ids.alice, amount: '30.00' }, { personId: ids.bob, amount: '30.00' }] });
    await ok('ledger_close_account', { accountId: spare.id });
    assert.equal(await fail('extrack_post_transaction_draft', { draftId: d.id }),
      `Account "Old Card" (${spare.id}) is closed; it takes no new postings.`);
    const still = await ok('extrack_get_transaction_draft', { draftId: d.id });
    assert.equal(still.status, 'pending');
    assert.equal(await postingCount(ok), 0);
    const ctx = await ok('extrack_get_context');
    assert.ok(!ctx.accounts.some((a) => a.name.startsWith('Lent:')), 'no Lent account was left behind');
    assert.equal(doctor(db).status, 0);
  });
});

test('amounts are exact: too many decimals are refused; JPY has none, KWD three', async () => {
  await ledger(async ({ ok, fail }) => {
    const ids = await basics(ok);
    const yen = await ok('ledger_create_account', { name: 'Yen Wallet', type: 'asset', subtype: 'wallet', currency: 'JPY' });
    const kwd = await ok('ledger_create_account', { name: 'Kuwait Bank', type: 'asset', subtype: 'bank', currency: 'KWD' });
    const base = { type: 'expense', title: 'x', date: '2026-03-14' };
    assert.equal(await fail('extrack_create_transaction_draft', { ...base, accountId: ids.bank, expenseAmount: '10.005' }),
      'expenseAmount: "10.005" has 3 decimals; USD allows 2');
    assert.equal(await fail('extrack_create_transaction_draft', { ...base, accountId: yen.id, expenseAmount: '1000.5' }),
      'expenseAmount: "1000.5" has 1 decimal; JPY allows 0');
    assert.equal(await fail('extrack_create_transaction_draft', { ...base, accountId: kwd.id, expenseAmount: 1.2345 }),
      'expenseAmount: "1.2345" has 4 decimals; KWD allows 3');
    const k = await ok('extrack_create_transaction_draft', { ...base, accountId: kwd.id, expenseAmount: 1.234 });
    assert.deepEqual(k.expenseAmount, { amountMinor: 1234, amount: '1.234', currency: 'KWD' });
    const y = await ok('extrack_create_transaction_draft', { ...base, accountId: yen.id, expenseAmount: '1000' });
    assert.deepEqual(y.expenseAmount, { amountMinor: 1000, amount: '1000', currency: 'JPY' });
    const u = await ok('extrack_create_transaction_draft', { ...base, accountId: ids.bank, expenseAmount: 65.02 });
    assert.equal(u.expenseAmount.amountMinor, 6502);
    assert.equal(await fail('extrack_create_transaction_draft', { ...base, accountId: ids.bank, expenseAmount: '10000000000000.01' }),
      'expenseAmount: "10000000000000.01" is too large (at most 10000000000000.00 USD)');
    const p = await ok('extrack_post_transaction_draft', { draftId: k.id });
    assert.deepEqual(p.transaction.postings.map((x) => x.amount.amount), ['-1.234', '1.234']);
  });
});

test('bad input gets a clear isError and writes nothing', async () => {
  await ledger(async ({ ok, fail, db }) => {
    const ids = await basics(ok);
    const eur = await ok('ledger_create_account', { name: 'Euro Account', type: 'asset', subtype: 'bank', currency: 'EUR' });
    const before = await ok('extrack_list_transaction_drafts');
    const base = { type: 'expense', title: 'x', date: '2026-03-14', accountId: ids.bank, expenseAmount: '1.00' };
    const cases = [
      [{ ...base, accountId: 'acc_nope' }, 'Account not found: accountId "acc_nope"'],
      [{ ...base, splits: [{ personId: 'per_nope', amount: '1' }] }, 'Person not found: splits[0].personId "per_nope"'],
      [{ ...base, expenseAmount: '-5' }, 'expenseAmount: must be greater than 0 (got "-5")'],
      [{ ...base, expenseAmount: 0 }, 'expenseAmount: must be greater than 0 (got "0")'],
      [{ ...base, currency: 'XYZ' }, 'currency: "XYZ" is not an ISO 4217 currency code (for example USD, EUR, JPY)'],
      [{ ...base, currency: 'EUR' }, 'currency: EUR differs from account "Checking" currency USD'],
      [{ ...base, categoryName: 'Dinning' }, 'Category not found: categoryName "Dinning" matches no expense category (expense categories: "Dining"?)'],
      [{ ...base, splits: [{ personId: ids.alice, amount: '0.60' }, { personId: ids.bob, amount: '0.50' }] },
        'splits: the shares add up to 1.10 USD, more than the total of 1.00 USD'],
      [{ ...base, splits: [{ personId: ids.alice, amount: '0.10' }, { personId: ids.alice, amount: '0.10' }] },
        'splits[1].personId: Alice appears twice'],
      [{ type: 'transfer', title: 'x', date: '2026-03-14', debitAccountId: eur.id, creditAccountId: ids.bank, expenseAmount: '1' },
        'A transfer from USD (creditAccountId "Checking") to EUR (debitAccountId "Euro Account") takes both amounts: expenseAmount in USD (what leaves) and incomeAmount in EUR (what arrives).'],
      [{ type: 'transfer', title: 'x', date: '2026-03-14', debitAccountId: ids.bank, creditAccountId: ids.bank, expenseAmount: '1' },
        'debitAccountId and creditAccountId must be different accounts'],
      [{ ...base, accountId: ids.alice }, `Account not found: accountId "${ids.alice}"`],
    ];
    for (const [args, message] of cases)
      assert.equal(await fail('extrack_create_transaction_draft', args), message, JSON.stringify(args));
    const impossible = await fail('extrack_create_transaction_draft', { ...base, date: '2026-02-30' });
    assert.match(impossible, /^date: /);
    assert.equal(await fail('extrack_create_lend_money_draft', { personId: 'per_x', accountId: ids.bank, amount: '1', date: '2026-03-01' }),
      'Person not found: personId "per_x"');
    assert.equal(await fail('extrack_get_transaction_draft', { draftId: 'drf_x' }), 'Draft not found: draftId "drf_x"');
    assert.equal(await fail('extrack_delete_transaction_draft', { draftId: 'drf_x' }), 'Draft not found: draftId "drf_x"');
    assert.equal(await fail('extrack_post_transaction_draft', { draftId: 'drf_x' }), 'Draft not found: draftId "drf_x"');
    assert.equal(await fail('ledger_void_transaction', { transactionId: 'txn_x' }), 'Transaction not found: transactionId "txn_x"');
    const after = await ok('extrack_list_transaction_drafts');
    assert.equal(after.total, before.total, 'no draft was written');
    assert.equal(await postingCount(ok), 0);
    assert.equal(doctor(db).status, 0);
  });
});

test('ids of another workspace are not found', async () => {
  const dir = tempDir('tally-ledger-ws-');
  try {
    const seeds = { home: '7', work: '8' };
    const ids = {};
    for (const ws of ['home', 'work']) {
      const t = new TallyProcess({ db: dir.db, env: { ...ENV, TALLY_SEED: seeds[ws] }, args: ['serve', '--workspace', ws] });
      await t.initialize();
      const r = async (n, a) => (await t.call(n, a));
      if (ws === 'home') {
        ids.person = (await r('ledger_create_person', { name: 'Alice' })).structuredContent.id;
        ids.account = (await r('ledger_create_account', { name: 'Checking', type: 'asset' })).structuredContent.id;
        ids.draft = (await r('extrack_create_lend_money_draft', { personId: ids.person, accountId: ids.account, amount: '5', date: '2026-03-01' })).structuredContent.id;
      } else {
        const mine = (await r('ledger_create_account', { name: 'Checking', type: 'asset' })).structuredContent.id;
        const texts = async (n, a) => { const x = await r(n, a); assert.equal(x.isError, true); return x.content[0].text; };
        assert.equal(await texts('extrack_create_lend_money_draft', { personId: ids.person, accountId: mine, amount: '5', date: '2026-03-01' }),
          `Person not found: personId "${ids.person}"`);
        assert.equal(await texts('extrack_create_transaction_draft', { type: 'expense', title: 'x', date: '2026-03-01', accountId: ids.account, expenseAmount: '1' }),
          `Account not found: accountId "${ids.account}"`);
        assert.equal(await texts('extrack_post_transaction_draft', { draftId: ids.draft }), `Draft not found: draftId "${ids.draft}"`);
        assert.equal(await texts('extrack_delete_transaction_draft', { draftId: ids.draft }), `Draft not found: draftId "${ids.draft}"`);
        assert.equal(await texts('ledger_close_account', { accountId: ids.account }), `Account not found: accountId "${ids.account}"`);
        const ctx = (await r('extrack_get_context', {})).structuredContent;
        assert.deepEqual(ctx.persons, []);
        assert.deepEqual(ctx.recentDrafts, []);
        assert.deepEqual(ctx.accounts.map((a) => a.id), [mine]);
      }
      await t.close();
    }
  } finally {
    dir.cleanup();
  }
});

test('tally init makes default accounts and categories; doctor names each violation', async () => {
  const dir = tempDir('tally-ledger-init-');
  try {
    const env = { ...process.env, ...ENV };
    const out = execFileSync(TALLY, ['init', '--db', dir.db, '--currency', 'EUR'], { env, encoding: 'utf8' });
    assert.match(out, /currency EUR/);
    execFileSync(TALLY, ['init', '--db', dir.db, '--currency', 'EUR'], { env, encoding: 'utf8' });  // twice is fine
    const t = new TallyProcess({ db: dir.db, env: ENV });
    await t.initialize();
    const ctx = (await t.call('extrack_get_context', {})).structuredContent;
    await t.close();
    assert.equal(ctx.baseCurrency, 'EUR');
    assert.deepEqual(ctx.accounts.map((a) => `${a.name}/${a.subtype}/${a.currency}`),
      ['Cash/cash/EUR', 'Checking/bank/EUR', 'Savings/savings/EUR', 'Opening Balances/opening/EUR', 'Credit Card/credit_card/EUR']);
    assert.ok(ctx.categories.some((c) => c.name === 'Groceries' && c.kind === 'expense'));
    assert.ok(ctx.categories.some((c) => c.name === 'Salary' && c.kind === 'income'));
    assert.equal(doctor(dir.db).status, 0);
    assert.match(doctor(dir.db).stdout, /^ok: every invariant holds/);
  } finally {
    dir.cleanup();
  }
});

test('void, close and keyset pages through the binary', async () => {
  await ledger(async ({ ok, fail, db }) => {
    const ids = await basics(ok);
    const posted = [];
    for (let day = 1; day <= 7; day++) {
      const d = await ok('extrack_create_transaction_draft', { type: 'expense', title: `Day ${day}`, date: `2026-03-0${day}`, accountId: ids.card, expenseAmount: '2.00' });
      posted.push((await ok('extrack_post_transaction_draft', { draftId: d.id })).transactionId);
    }
    const seen = [];
    let cursor;
    do {
      const page = await ok('ledger_list_transactions', cursor ? { limit: 3, cursor } : { limit: 3 });
      assert.equal(page.total, 7);
      seen.push(...page.transactions.map((x) => x.id));
      cursor = page.nextCursor;
      assert.equal(page.truncated, cursor !== undefined);
    } while (cursor);
    assert.deepEqual(seen, [...posted].reverse());
    const v = await ok('ledger_void_transaction', { transactionId: posted[0], reason: 'entered twice' });
    assert.equal(v.reversal.reversesTransactionId, posted[0]);
    assert.deepEqual(v.reversal.postings.map((p) => p.amount.amount), ['2.00', '-2.00']);
    assert.equal(await balance(ok, ids.card), 1200);  // a card shows what you owe as positive
    assert.match(await fail('ledger_void_transaction', { transactionId: posted[0] }), /is already voided/);
    assert.equal(await fail('ledger_close_account', { accountId: ids.card }),
      'Account "Visa" has a balance of 12.00 USD; move it to another account (a transfer) before closing.');
    const closed = await ok('ledger_close_account', { accountId: ids.bank });
    assert.equal(closed.closed, true);
    assert.equal(doctor(db).status, 0);
  });
});

test('tally doctor exits non-zero and names each violation on a tampered ledger', { skip: spawnSync('sqlite3', ['-version']).error ? 'no sqlite3 CLI' : false }, async () => {
  const dir = tempDir('tally-ledger-doctor-');
  try {
    const t = new TallyProcess({ db: dir.db, env: ENV });
    await t.initialize();
    const r = async (n, a) => { const x = await t.call(n, a); assert.ok(!x.isError, x.content[0].text); return x.structuredContent; };
    const bank = (await r('ledger_create_account', { name: 'Bank', type: 'asset' })).id;
    const d = await r('extrack_create_transaction_draft', { type: 'expense', title: 'Tea', date: '2026-03-01', accountId: bank, expenseAmount: '4.00' });
    const txn = (await r('extrack_post_transaction_draft', { draftId: d.id })).transactionId;
    await t.close();
    assert.equal(doctor(dir.db).status, 0);
    // A raw edit of a posting is refused by the immutability trigger …
    const refused = spawnSync('sqlite3', [dir.db, 'UPDATE posting SET amount_minor = 500 WHERE amount_minor = 400;'], { encoding: 'utf8' });
    assert.match(refused.stderr, /postings are immutable/);
    // … and one that goes around it is caught by doctor.
    execFileSync('sqlite3', [dir.db, 'DROP TRIGGER posting_no_update; UPDATE posting SET amount_minor = 500 WHERE amount_minor = 400;']);
    const result = doctor(dir.db);
    assert.equal(result.status, 1);
    assert.match(result.stdout, new RegExp(`ledger: transaction ${txn}: USD postings sum to 100 minor units, not 0`));
    assert.match(result.stdout, /ledger: running total of account acc_\w+ for 2026-03: postings sum to 500/);
    assert.match(result.stdout, /\d+ invariants? violated/);
  } finally {
    dir.cleanup();
  }
});

test('tally draft list and tally draft post work on the command line', async () => {
  const dir = tempDir('tally-ledger-cli-');
  try {
    // Each process gets its own id seed, as real processes have their own randomness.
    let seed = 10;
    const cli = () => ({ env: { ...process.env, ...ENV, TALLY_SEED: String(++seed) }, encoding: 'utf8' });
    const t = new TallyProcess({ db: dir.db, env: ENV });
    await t.initialize();
    const bank = (await t.call('ledger_create_account', { name: 'Bank', type: 'asset' })).structuredContent.id;
    const alice = (await t.call('ledger_create_person', { name: 'Alice' })).structuredContent.id;
    const repay = (await t.call('extrack_create_repayment_draft', { personId: alice, accountId: bank, amount: '3', date: '2026-03-01' })).structuredContent.id;
    await t.close();
    const listed = JSON.parse(execFileSync(TALLY, ['draft', 'list', '--db', dir.db], cli()));
    assert.deepEqual(listed.drafts.map((d) => d.id), [repay]);
    const refused = spawnSync(TALLY, ['draft', 'post', repay, '--db', dir.db], cli());
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, 'tally draft post: Alice owes nothing in USD; a repayment of 3.00 USD would be an overpayment. '
      + "Pass allowOverpayment: true to record it anyway (Alice's Lent balance goes negative: you then owe them).\n");
    const posted = JSON.parse(execFileSync(TALLY, ['draft', 'post', repay, '--allow-overpayment', '--db', dir.db], cli()));
    assert.equal(posted.alreadyPosted, false);
    const again = JSON.parse(execFileSync(TALLY, ['draft', 'post', repay, '--db', dir.db], cli()));
    assert.equal(again.transactionId, posted.transactionId);
    assert.equal(again.alreadyPosted, true);
    assert.equal(doctor(dir.db).status, 0);
  } finally {
    dir.cleanup();
  }
});
