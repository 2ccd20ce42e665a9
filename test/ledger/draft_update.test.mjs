// Editing drafts and where they came from (issue 18), through the real binary
// over stdio on real ledger files: extrack_update_transaction_draft keeps the
// id and answers with the create tools' own messages; drafts carry their
// source (the MCP client's name, cli:<user>; drafts of a 0.1.0 ledger: unknown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledgers', 'v0.1.0');

const serve = (db, fn) => withServe({ db, env: ENV, args: ['serve', '--toolsets', 'ledger'] }, fn);

async function withLedger(fn) {
  const dir = tempDir('tally-draft-update-');
  try {
    await serve(dir.db, async (s) => {
      const alice = (await s.ok('ledger_create_person', { name: 'Alice' })).id;
      const bob = (await s.ok('ledger_create_person', { name: 'Bob' })).id;
      const bank = (await s.ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
      const euro = (await s.ok('ledger_create_account', { name: 'Euro cash', type: 'asset', subtype: 'cash', currency: 'EUR' })).id;
      await s.ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
      await s.ok('ledger_create_category', { name: 'Salary', kind: 'income' });
      await fn({ ...s, alice, bob, bank, euro, db: dir.db });
    });
  } finally {
    dir.cleanup();
  }
}

test('an edited split draft keeps its id and source, and posts what the edit says', async () => {
  await withLedger(async ({ ok, alice, bob, bank }) => {
    const d = await ok('extrack_create_split_expense_draft', {
      title: 'Dinner', date: '2026-03-14', accountId: bank, totalAmount: '90.00',
      allocations: [{ personId: alice, amount: '30' }] });
    assert.equal(d.source, 'tally-tests');
    assert.equal(d.categoryName, undefined);
    const e = await ok('extrack_update_transaction_draft', {
      draftId: d.id, categoryName: 'dining', title: 'Dinner at Luigi',
      allocations: [{ personId: alice, amount: '30.00' }, { personId: bob, amount: 29.99 }] });  // a JSON number: its exact lexeme
    assert.equal(e.id, d.id);
    assert.equal(e.createdAt, d.createdAt);
    assert.equal(e.source, 'tally-tests');
    assert.equal(e.type, 'split_expense');
    assert.equal(e.title, 'Dinner at Luigi');
    assert.equal(e.categoryName, 'Dining', 'the category as stored, as the create tools answer');
    assert.deepEqual(e.splits.map((x) => [x.personName, x.amount.amountMinor]), [['Alice', 3000], ['Bob', 2999]]);
    assert.equal(e.yourShare.amountMinor, 3001);
    const got = await ok('extrack_get_transaction_draft', { draftId: d.id });
    assert.deepEqual(got, Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'warnings' && k !== 'possibleDuplicates')));
    const listed = await ok('extrack_list_transaction_drafts', {});
    assert.equal(listed.total, 1, 'an edit replaces the draft, it adds none');

    const posted = await ok('extrack_post_transaction_draft', { draftId: d.id });
    const byName = Object.fromEntries(posted.transaction.postings.map((p) => [p.accountName ?? p.accountId, p.amount.amountMinor]));
    assert.equal(Object.values(byName).reduce((a, b) => a + b, 0), 0);
    const people = (await ok('extrack_get_context')).persons;
    const owed = Object.fromEntries(people.map((p) => [p.name, (p.owes ?? p.balances ?? p.owed ?? [])]));
    assert.ok(JSON.stringify(owed.Bob).includes('2999'), `Bob owes 29.99: ${JSON.stringify(owed.Bob)}`);
    assert.ok(JSON.stringify(owed.Alice).includes('3000'), `Alice owes 30.00: ${JSON.stringify(owed.Alice)}`);
  });
});

test('an edit fails with the create tools\' messages and leaves the draft as it was', async () => {
  await withLedger(async ({ ok, fail, alice, bank, euro }) => {
    const d = await ok('extrack_create_transaction_draft', {
      type: 'expense', title: 'Lunch', date: '2026-03-10', accountId: bank, expenseAmount: '20.00',
      categoryName: 'Dining', splits: [{ personId: alice, amount: '10' }] });
    // The same input to the create tool and to the update tool fails with the same words.
    const bad = { splits: [{ personId: alice, amount: '25' }] };
    const created = await fail('extrack_create_transaction_draft', {
      type: 'expense', title: 'Lunch', date: '2026-03-10', accountId: bank, expenseAmount: '20.00', ...bad });
    assert.equal(await fail('extrack_update_transaction_draft', { draftId: d.id, ...bad }), created);
    assert.match(created, /^splits: the shares add up to 25\.00 USD, more than the total of 20\.00 USD/);
    assert.equal(await fail('extrack_update_transaction_draft', { draftId: d.id, categoryName: 'Nope' }),
      await fail('extrack_create_transaction_draft', {
        type: 'expense', title: 'Lunch', date: '2026-03-10', accountId: bank, expenseAmount: '20.00', categoryName: 'Nope' }));
    assert.match(await fail('extrack_update_transaction_draft', { draftId: d.id, date: '2026-02-30' }), /^date: /);
    assert.match(await fail('extrack_update_transaction_draft', { draftId: d.id, expenseAmount: '0' }),
      /^expenseAmount: must be greater than 0/);
    assert.match(await fail('extrack_update_transaction_draft', { draftId: d.id, totalAmount: '5' }),
      /^totalAmount: a expense draft does not take totalAmount/);
    assert.match(await fail('extrack_update_transaction_draft', { draftId: 'drf_nope' }), /^Draft not found: draftId "drf_nope"/);
    const after = await ok('extrack_get_transaction_draft', { draftId: d.id });
    assert.equal(after.expenseAmount.amountMinor, 2000);
    assert.equal(after.categoryName, 'Dining');
    assert.deepEqual(after.splits.map((x) => x.amount.amountMinor), [1000]);
    // Another currency's account brings its currency, as the create tool would take it.
    const moved = await ok('extrack_update_transaction_draft', { draftId: d.id, accountId: euro });
    assert.equal(moved.currency, 'EUR');
    assert.equal(moved.expenseAmount.currency, 'EUR');
    assert.equal(moved.splits[0].amount.currency, 'EUR');
  });
});

test('an edit changes the type, clears with null, and a posted draft cannot be edited', async () => {
  await withLedger(async ({ ok, fail, alice, bank }) => {
    const d = await ok('extrack_create_transaction_draft', {
      type: 'expense', title: 'Refund?', date: '2026-03-10', accountId: bank, expenseAmount: '12.34',
      categoryName: 'Dining', payee: 'Shop', externalReference: 'r-1', tags: ['food'] });
    const income = await ok('extrack_update_transaction_draft', { draftId: d.id, type: 'income', categoryName: 'Salary' });
    assert.equal(income.type, 'income');
    assert.equal(income.incomeAmount.amountMinor, 1234);
    assert.equal(income.expenseAmount, undefined);
    assert.equal(income.accountId, bank);
    const cleared = await ok('extrack_update_transaction_draft',
      { draftId: d.id, categoryName: null, payee: null, externalReference: null, tags: [] });
    assert.equal(cleared.categoryName, undefined);
    assert.equal(cleared.payee, undefined);
    assert.equal(cleared.externalReference, undefined);
    assert.equal(cleared.tags, undefined);
    assert.equal(cleared.title, 'Refund?');

    const lend = await ok('extrack_create_lend_money_draft', { personId: alice, accountId: bank, amount: '5', date: '2026-03-11' });
    assert.match(await fail('extrack_update_transaction_draft', { draftId: lend.id, type: 'expense' }),
      /^type: a lend draft keeps its type/);
    const more = await ok('extrack_update_transaction_draft', { draftId: lend.id, amount: '7.50' });
    assert.equal(more.expenseAmount.amountMinor, 750);
    assert.deepEqual(more.splits.map((x) => x.amount.amountMinor), [750], 'a lend stays a 100% IOU');
    const posted = await ok('extrack_post_transaction_draft', { draftId: lend.id });
    assert.match(await fail('extrack_update_transaction_draft', { draftId: lend.id, amount: '1' }),
      new RegExp(`it was posted as transaction ${posted.transactionId}`));
  });
});

test('drafts made on the command line say cli:<user>; a 0.1.0 ledger\'s draft says unknown', async () => {
  const dir = tempDir('tally-draft-source-');
  try {
    copyFileSync(path.join(fixtures, 'demo.db'), dir.db);
    const env = { ...process.env, ...ENV, USER: 'robin', TALLY_DB: dir.db };
    const call = (tool, args) => {
      const r = spawnSync(TALLY, ['call', tool, JSON.stringify(args)], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const before = call('extrack_list_transaction_drafts', {});
    assert.ok(before.drafts.length >= 1);
    for (const d of before.drafts) assert.equal(d.source, 'unknown');
    const bank = call('extrack_get_context', {}).accounts.find((a) => a.type === 'asset' && a.subtype !== 'lent');
    const mine = call('extrack_create_transaction_draft',
      { type: 'expense', title: 'Coffee', date: '2026-03-15', accountId: bank.id, expenseAmount: '3' });
    assert.equal(mine.source, 'cli:robin');
    const edited = call('extrack_update_transaction_draft', { draftId: before.drafts[0].id, title: 'Edited' });
    assert.equal(edited.source, 'unknown', 'an edit keeps who staged it');
    const doctor = spawnSync(TALLY, ['doctor', '--db', dir.db], { env, encoding: 'utf8' });
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    dir.cleanup();
  }
});

test('`tally draft preview` shows the postings and Lent balances posting writes, and writes nothing', () => {
  const dir = tempDir('tally-draft-preview-');
  try {
    const env = { ...process.env, ...ENV, USER: 'robin', TALLY_DB: dir.db };
    const run = (...args) => spawnSync(TALLY, args, { env, encoding: 'utf8' });
    const call = (tool, args) => {
      const r = run('call', tool, JSON.stringify(args));
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const bank = call('ledger_create_account', { name: 'Checking', type: 'asset' }).id;
    const alice = call('ledger_create_person', { name: 'Alice' }).id;
    call('ledger_create_category', { name: 'Dining', kind: 'expense' });
    call('extrack_post_transaction_draft', { draftId: call('extrack_create_lend_money_draft',
      { personId: alice, accountId: bank, amount: '5', date: '2026-03-01' }).id });
    const bob = call('ledger_create_person', { name: 'Bob' }).id;
    const d = call('extrack_create_split_expense_draft', { title: 'Dinner <b>', date: '2026-03-14', accountId: bank,
      totalAmount: '90.00', categoryName: 'Dining',
      allocations: [{ personId: alice, amount: '30' }, { personId: bob, amount: '10' }] });
    const before = call('ledger_list_transactions', {}).total;
    const shown = run('draft', 'preview', d.id);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Posting ${d.id} "Dinner <b>" \\(2026-03-14\\) would write:`));
    assert.match(shown.stdout, /Checking\s+-90\.00 USD/);
    assert.match(shown.stdout, /Expenses:Dining\s+50\.00 USD/);
    assert.match(shown.stdout, /Lent:Alice\s+30\.00 USD\s+Alice's share/);
    assert.match(shown.stdout, /Lent:Bob \(new\)\s+10\.00 USD\s+Bob's share/, 'posting creates Bob\'s Lent account');
    assert.match(shown.stdout, /Alice\s+5\.00 USD -> 35\.00 USD/);
    assert.match(shown.stdout, /Bob\s+0\.00 USD -> 10\.00 USD/);
    assert.equal(call('ledger_list_transactions', {}).total, before, 'a preview writes no transaction');
    assert.equal(call('extrack_get_transaction_draft', { draftId: d.id }).status, 'pending');
    const posted = call('extrack_post_transaction_draft', { draftId: d.id });
    assert.deepEqual(posted.transaction.postings.map((p) => p.amount.amountMinor), [-9000, 5000, 3000, 1000]);

    const repay = call('extrack_create_repayment_draft', { personId: alice, accountId: bank, amount: '100', date: '2026-03-15' });
    const refused = run('draft', 'preview', repay.id);
    assert.equal(refused.status, 1);
    const post = run('draft', 'post', repay.id);
    assert.equal(post.status, 1);
    assert.equal(refused.stderr.replace('draft preview', 'draft post'), post.stderr, 'the posting rules\' own message');
    assert.match(refused.stderr, /more than Alice owes \(35\.00 USD\)/);
    const missing = run('draft', 'preview', 'drf_nope');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^tally draft preview: Draft not found: draftId "drf_nope"/);
  } finally {
    dir.cleanup();
  }
});
