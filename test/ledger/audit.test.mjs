// The audit trail and undo (issue 21 item 2), through the real binary: every
// write that changes the ledger has one audit row naming the tool, its ids,
// who (the MCP client, cli:<user>, the HTTP key, a schedule) and when; an
// import is one row with its counts; ledger_undo reverses a posted draft, a
// created draft and a created account, says why for the rest, and a second
// undo changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { TALLY, assertDoctorClean, ledgerFingerprint, tempDir, withServe } from '../support/tally.mjs';
import { post, startHttp } from '../support/http_server.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC', USER: 'alice' };
const serve = (db, fn) => withServe({ db, env: ENV }, fn);
const cli = (db, ...args) => spawnSync(TALLY, [...args, '--db', db], { env: { ...process.env, ...ENV }, encoding: 'utf8', timeout: 60000 });
const cliOk = (db, ...args) => {
  const r = cli(db, ...args);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const auditOf = (db, filters = {}) => JSON.parse(cliOk(db, 'call', 'ledger_audit_log', JSON.stringify({ limit: 200, ...filters })));

test('each write one row; undo a posted draft, again, and what cannot be undone', async () => {
  const dir = tempDir('tally-audit-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
      await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
      const draft = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Lunch', date: '2026-03-14', accountId: bank, expenseAmount: '12.50',
        categoryName: 'Dining', payee: 'Cafe' })).id;
      const txn = (await ok('extrack_post_transaction_draft', { draftId: draft })).transactionId;

      // Reads and refused calls leave no row.
      const before = (await ok('ledger_audit_log')).total;
      await ok('ledger_get_balances');
      await ok('ledger_list_transactions');
      await fail('extrack_post_transaction_draft', { draftId: 'drf_nope' });
      await ok('extrack_post_transaction_draft', { draftId: draft });  // posted before: nothing written
      const log = await ok('ledger_audit_log');
      assert.equal(log.total, before);
      assert.deepEqual(log.entries.map((e) => e.action),
        ['extrack_post_transaction_draft', 'extrack_create_transaction_draft', 'ledger_create_category', 'ledger_create_account']);
      const posted = log.entries[0];
      assert.equal(posted.actor, 'tally-tests');  // the MCP client's name
      assert.equal(posted.at, '2026-03-15T12:00:00.000Z');
      assert.deepEqual(posted.ids, [draft, txn]);
      assert.deepEqual(posted.counts, { transactions: { added: 1 }, postings: { added: 2 }, drafts: { removed: 1 } });
      assert.equal(posted.undoable, true);
      assert.equal(posted.credentialId, undefined);

      // A dry run answers the void it would post and writes nothing.
      const bytes = ledgerFingerprint(dir.db);
      const dry = await ok('ledger_undo', { auditId: posted.auditId, dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.equal(dry.postings.length, 2);
      assert.equal(ledgerFingerprint(dir.db), bytes);

      // Undo: the transaction is voided, the draft comes back under a new id.
      const undone = await ok('ledger_undo', { auditId: posted.auditId });
      assert.equal(undone.alreadyUndone, false);
      const [u] = undone.undone;
      assert.equal(u.undo, 'unpost');
      assert.equal(u.transactionId, txn);
      assert.equal(u.draftId, draft);
      assert.notEqual(u.restoredDraftId, draft);
      const restored = await ok('extrack_get_transaction_draft', { draftId: u.restoredDraftId });
      assert.deepEqual([restored.title, restored.expenseAmount.amount, restored.payee, restored.categoryName],
        ['Lunch', '12.50', 'Cafe', 'Dining']);
      const balances = await ok('ledger_get_balances');
      assert.equal(balances.accounts.find((a) => a.id === bank).balance.amountMinor, 0);
      const top = (await ok('ledger_audit_log', { limit: 1 })).entries[0];
      assert.equal(top.action, 'ledger_undo');
      assert.equal(top.undoes, posted.auditId);
      assert.ok(top.ids.includes(u.voidTransactionId) && top.ids.includes(u.restoredDraftId));
      const marked = (await ok('ledger_audit_log', { id: txn })).entries.find((e) => e.auditId === posted.auditId);
      assert.equal(marked.undoneBy, top.auditId);
      assert.equal(marked.undoable, false);

      // Again: nothing changes.
      const bytes2 = ledgerFingerprint(dir.db);
      const again = await ok('ledger_undo', { auditId: posted.auditId });
      assert.deepEqual(again, { auditId: posted.auditId, alreadyUndone: true, undoneBy: top.auditId, undone: [] });
      assert.equal(ledgerFingerprint(dir.db), bytes2);
      assert.match(await fail('ledger_undo', { auditId: top.auditId }), /is itself the undo of aud_\d+; an undo is not undone/);

      // Posting the restored draft makes a new transaction, not the voided one.
      const reposted = await ok('extrack_post_transaction_draft', { draftId: u.restoredDraftId });
      assert.equal(reposted.alreadyPosted, false);
      assert.notEqual(reposted.transactionId, txn);

      // What cannot be undone says why, and changes nothing.
      const bytes3 = ledgerFingerprint(dir.db);
      await ok('ledger_void_transaction', { transactionId: reposted.transactionId });
      const voided = (await ok('ledger_audit_log', { action: 'ledger_void_transaction' })).entries[0];
      assert.equal(voided.undoable, false);
      assert.match(await fail('ledger_undo', { auditId: voided.auditId }), /cannot be undone: a void is final/);
      const created = (await ok('ledger_audit_log', { action: 'ledger_create_account' })).entries[0];
      assert.match(await fail('ledger_undo', { auditId: created.auditId }),
        /cannot be undone: account "Checking" \(acc_\w+\) has 4 postings since it was created, so it stays open/);
      assert.match(await fail('ledger_undo', { auditId: 'aud_999' }), /^Audit entry not found: auditId "aud_999"/);
      assert.match(await fail('ledger_undo', { auditId: 'txn_1' }), /^Audit entry not found/);
      assert.notEqual(ledgerFingerprint(dir.db), bytes3);  // the void itself was written
      const bytes4 = ledgerFingerprint(dir.db);
      await fail('ledger_undo', { auditId: voided.auditId });
      assert.equal(ledgerFingerprint(dir.db), bytes4);

      // A created account with no postings is closed; a created draft deleted.
      const spare = (await ok('ledger_create_account', { name: 'Spare', type: 'asset', subtype: 'cash' })).id;
      const spareRow = (await ok('ledger_audit_log', { id: spare })).entries[0];
      assert.deepEqual((await ok('ledger_undo', { auditId: spareRow.auditId })).undone,
        [{ undo: 'close_account', accountId: spare, closed: true }]);
      assert.equal((await ok('ledger_get_balances')).accounts.find((a) => a.id === spare).closed, true);
      const later = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Taxi', date: '2026-03-15', accountId: bank, expenseAmount: '9.00' })).id;
      const laterRow = (await ok('ledger_audit_log', { id: later })).entries[0];
      await ok('ledger_undo', { auditId: laterRow.auditId });
      assert.match(await fail('extrack_get_transaction_draft', { draftId: later }), /not found/);

      // Keyset pages: every entry once, newest first; filters.
      const all = (await ok('ledger_audit_log', { limit: 200 })).entries.map((e) => e.auditId);
      const paged = [];
      let cursor;
      do {
        const page = await ok('ledger_audit_log', { limit: 3, ...(cursor ? { cursor } : {}) });
        paged.push(...page.entries.map((e) => e.auditId));
        assert.equal(page.total, all.length);
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(paged, all);
      assert.deepEqual(all.map((id) => Number(id.slice(4))), [...all.keys()].map((k) => all.length - k));
      assert.equal((await ok('ledger_audit_log', { actor: 'nobody' })).total, 0);
      assert.equal((await ok('ledger_audit_log', { startDate: '2026-03-16' })).total, 0);
      assert.equal((await ok('ledger_audit_log', { startDate: '2026-03-15', endDate: '2026-03-15' })).total, all.length);
      assert.match(await fail('ledger_audit_log', { cursor: 'nonsense' }), /cursor: "nonsense" is not a nextCursor/);
    });
    assertDoctorClean(dir.db, ENV);
  } finally {
    dir.cleanup();
  }
});

test('the command line, an import as one row with its counts, a schedule, and the HTTP key that wrote', async () => {
  const dir = tempDir('tally-audit-cli-');
  try {
    cliOk(dir.db, 'init');
    const bank = JSON.parse(cliOk(dir.db, 'call', 'ledger_create_account', '{"name":"Joint","type":"asset","subtype":"bank"}')).id;
    const csv = `${dir.dir}/january.csv`;
    writeFileSync(csv, 'Date,Amount,Payee\n2026-01-02,-12.50,Cafe\n2026-01-03,2500.00,Employer\n2026-01-04,-40.00,Grocer\n');
    cliOk(dir.db, 'import', 'bank', csv, '--account', 'Joint');
    cliOk(dir.db, 'import', 'bank', csv, '--account', 'Joint');  // all duplicates: nothing written, no row
    const imports = auditOf(dir.db, { action: 'import statement' });
    assert.equal(imports.total, 1);
    const [imp] = imports.entries;
    assert.equal(imp.actor, 'cli:alice');
    assert.deepEqual(imp.summary, { file: 'january.csv', lines: 3, posted: 3, duplicatesInFile: 0, alreadyImported: 0 });
    assert.deepEqual(imp.counts.transactions, { added: 3 });
    assert.deepEqual(imp.counts.postings, { added: 6 });
    assert.deepEqual(imp.ids, [bank]);
    const refused = cli(dir.db, 'undo', imp.auditId);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cannot be undone: an import is undone by voiding its transactions/);

    const rates = `${dir.dir}/rates.csv`;
    writeFileSync(rates, 'date,base,quote,rate\n2026-01-01,EUR,USD,1.08\n2026-02-01,EUR,USD,1.09\n');
    cliOk(dir.db, 'import', 'prices', rates);
    const priced = auditOf(dir.db, { action: 'import prices' }).entries;
    assert.equal(priced.length, 1);
    assert.deepEqual(priced[0].counts, { prices: { added: 2 } });
    assert.deepEqual(priced[0].summary, { file: 'rates.csv', rows: 2, imported: 2, alreadyImported: 0 });

    // A schedule's occurrence, made when the next command starts, is audited as the schedule's.
    cliOk(dir.db, 'call', 'ledger_create_schedule', JSON.stringify({ autoPost: true, every: 'month', startDate: '2026-03-01',
      template: { tool: 'extrack_create_transaction_draft', arguments: { type: 'expense', title: 'Rent', accountId: bank, expenseAmount: '900.00' } } }));
    const runs = auditOf(dir.db, { action: 'schedule run' });
    assert.equal(runs.total, 1);
    assert.equal(runs.entries[0].actor, 'schedule');
    assert.deepEqual(runs.entries[0].counts.transactions, { added: 1 });
    assert.equal(runs.entries[0].summary.status, 'posted');

    // The text listing and the undo command.
    const text = cliOk(dir.db, 'audit', '--limit', '2');
    assert.match(text, /^aud_\d+  2026-03-15T12:00:00\.000Z  schedule  schedule run\n    drafts \+1 -1, postings \+2, schedules ~1, transactions \+1\n    drf_\w+ txn_\w+ sch_\w+\n/);
    assert.match(cli(dir.db, 'undo', runs.entries[0].auditId).stderr, /cannot be undone: a schedule's occurrence is skipped or its transaction voided/);
    assert.match(text, /2 of \d+ entries; the next page: --cursor aud_\d+\n$/);
    const created = auditOf(dir.db, { action: 'ledger_create_account' }).entries[0];
    assert.equal(created.actor, 'cli:alice');

    // Over HTTP the key that wrote is named.
    const key = cliOk(dir.db, 'keys', 'create', '--name', 'phone').trim();
    const keyId = JSON.parse(cliOk(dir.db, 'keys', 'list', '--json')).find((k) => k.name === 'phone').id;
    const server = await startHttp({ db: dir.db, env: ENV });
    try {
      const r = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call',
        params: { name: 'ledger_create_person', arguments: { name: 'Bob' } } },
      { version: '2025-11-25', headers: { authorization: `Bearer ${key}` } });
      assert.equal(r.status, 200, r.text);
      assert.ok(!r.body.result.isError, r.text);
    } finally {
      await server.stop();
    }
    const byKey = auditOf(dir.db, { action: 'ledger_create_person' }).entries[0];
    assert.equal(byKey.credentialId, keyId);
    assertDoctorClean(dir.db, ENV);
  } finally {
    dir.cleanup();
  }
});
