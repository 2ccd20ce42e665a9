// Bulk posting with a preview (issue 21 item 4): extrack_post_transaction_drafts
// posts each draft in its own transaction and answers per id; dryRun on it and
// on extrack_post_transaction_draft answers the exact postings and writes
// nothing (the ledger's files stay byte-identical).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TALLY, assertDoctorClean, ledgerFingerprint, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const serve = (db, fn, args = ['serve']) => withServe({ db, env: ENV, args }, fn);

const fingerprint = ledgerFingerprint;
const doctor = (db) => assertDoctorClean(db, ENV);

async function setup(ok) {
  const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  const old = (await ok('ledger_create_account', { name: 'Old card', type: 'liability', subtype: 'credit_card' })).id;
  await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
  const alice = (await ok('ledger_create_person', { name: 'Alice' })).id;
  return { bank, old, alice };
}

test('100 drafts with 3 bad ones: 97 posted, 3 pending with their reasons; 101 ids and duplicates refused', async () => {
  const dir = tempDir('tally-bulk-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const { bank, old } = await setup(ok);
      const ids = [];
      for (let k = 0; k < 100; k++) {
        const bad = k % 40 === 7;  // 7, 47, 87
        ids.push((await ok('extrack_create_transaction_draft', {
          type: 'expense', title: `Meal ${k}`, date: '2026-03-10', expenseAmount: `${k + 1}.25`,
          accountId: bad ? old : bank, categoryName: 'Dining' })).id);
      }
      await ok('ledger_close_account', { accountId: old });

      const tooMany = [...ids, ids[0].replace(/.$/, 'Z')];
      assert.match(await fail('extrack_post_transaction_drafts', { draftIds: tooMany }), /draftIds.*(at most 100|100)/);
      assert.equal(await fail('extrack_post_transaction_drafts', { draftIds: [ids[0], ids[1], ids[0]] }),
        `draftIds: "${ids[0]}" is listed twice; list each draft once`);
      assert.equal((await ok('extrack_list_transaction_drafts', { limit: 1 })).total, 100, 'nothing written');

      const r = await ok('extrack_post_transaction_drafts', { draftIds: ids });
      assert.deepEqual([r.posted, r.failed, r.dryRun], [97, 3, false]);
      assert.deepEqual(r.results.map((x) => x.draftId), ids, 'one result per id, in order');
      const failed = r.results.filter((x) => !x.ok);
      assert.deepEqual(failed.map((x) => x.draftId), [ids[7], ids[47], ids[87]]);
      for (const f of failed) assert.match(f.error, /^Account "Old card" \(acc_\w+\) is closed; it takes no new postings\.$/);
      const pending = await ok('extrack_list_transaction_drafts', { limit: 100 });
      assert.deepEqual(pending.drafts.map((d) => d.id).sort(), failed.map((x) => x.draftId).sort());
      // Each posted draft became one transaction of its own amount.
      const k = 12;
      assert.equal(r.results[k].transaction.postings.find((p) => p.accountName === 'Checking').amount.amountMinor, -(k + 1) * 100 - 25);
      const balances = (await ok('ledger_get_balances')).accounts;
      const expected = ids.map((_, i) => i).filter((i) => i % 40 !== 7).reduce((s, i) => s + (i + 1) * 100 + 25, 0);
      assert.equal(balances.find((a) => a.name === 'Checking').balance.amountMinor, -expected);

      // Posting again: the posted ones answer alreadyPosted, the bad ones fail again.
      const again = await ok('extrack_post_transaction_drafts', { draftIds: ids.slice(0, 10) });
      assert.deepEqual([again.posted, again.failed], [9, 1]);
      assert.ok(again.results.filter((x) => x.ok).every((x) => x.alreadyPosted));
    });
    doctor(dir.db);
  } finally { dir.cleanup(); }
});

test('ids from another workspace are "not found" per id, and stay pending there', async () => {
  const dir = tempDir('tally-bulk-ws-');
  try {
    let foreign;
    await serve(dir.db, async ({ ok }) => {
      const { bank } = await setup(ok);
      foreign = (await ok('extrack_create_transaction_draft', { type: 'expense', title: 'Theirs', date: '2026-03-10', expenseAmount: '5.00', accountId: bank, categoryName: 'Dining' })).id;
    }, ['serve', '--workspace', 'other']);
    await serve(dir.db, async ({ ok }) => {
      const r = await ok('extrack_post_transaction_drafts', { draftIds: [foreign] });
      assert.deepEqual(r.results, [{ draftId: foreign, ok: false, error: `Draft not found: draftId "${foreign}"` }]);
    });
    await serve(dir.db, async ({ ok }) => {
      assert.equal((await ok('extrack_list_transaction_drafts', {})).total, 1);
    }, ['serve', '--workspace', 'other']);
  } finally { dir.cleanup(); }
});

test('dryRun answers the exact postings and Lent changes, and leaves the files byte-identical', async () => {
  const dir = tempDir('tally-dry-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const { bank, alice } = await setup(ok);
      const split = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Dinner', date: '2026-03-12', expenseAmount: '90.00', accountId: bank, categoryName: 'Dining',
        splits: [{ personId: alice, amount: '30.00' }] })).id;
      const plain = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Lunch', date: '2026-03-13', expenseAmount: '12.00', accountId: bank, categoryName: 'Dining' })).id;

      const before = fingerprint(dir.db);
      const one = await ok('extrack_post_transaction_draft', { draftId: split, dryRun: true });
      const many = await ok('extrack_post_transaction_drafts', { draftIds: [split, plain, 'drf_missing'], dryRun: true });
      assert.equal(fingerprint(dir.db), before, 'a dry run writes nothing');
      assert.equal(one.dryRun, true);
      assert.equal(one.transactionId, undefined);
      assert.deepEqual(one.lentChanges.map((c) => [c.person, c.before.amount, c.after.amount]), [['Alice', '0.00', '30.00']]);
      assert.deepEqual([many.posted, many.failed, many.dryRun], [0, 1, true]);
      assert.deepEqual(many.results[0].postings, one.postings);
      assert.equal(many.results[2].error, 'Draft not found: draftId "drf_missing"');
      assert.equal((await ok('extrack_list_transaction_drafts', {})).total, 2, 'both drafts still pending');

      // The real post writes exactly what the dry run said.
      const posted = await ok('extrack_post_transaction_draft', { draftId: split });
      const shape = (ps) => ps.map((p) => [p.account ?? p.accountName, p.amount.amountMinor]).sort();
      assert.deepEqual(shape(posted.transaction.postings), shape(one.postings));
      assert.match(await fail('extrack_post_transaction_draft', { draftId: 'drf_nope', dryRun: true }), /^Draft not found/);
    });
    doctor(dir.db);
  } finally { dir.cleanup(); }
});
