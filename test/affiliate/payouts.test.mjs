// domain.md §4 test 8 (payout cascade) and the affiliate part of `tally doctor`.
// Runs on Node ≥ 22 (node:sqlite) to tamper with the ledger for the doctor checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { world, ok, err, cli, cliOk } from './support.mjs';

const auditRows = (w, tool) => cliOk(w.db, ['affiliate', 'audit']).filter((r) => tool === undefined || r.tool === tool);

test('marking a payout paid cascades to exactly its approved conversions, once', async () => {
  const w = await world();
  try {
    const { t } = w;
    const covered = [w.convert(w.a, { amount: '100.00' }), w.convert(w.a, { amount: '55.55' }), w.convert(w.a, { amount: '0.05' })];
    const outside = w.convert(w.a, { amount: '70.00' });
    for (const c of covered) assert.equal((await ok(t, 'approve_conversion', { conversionId: c.conversionId })).changed, true);

    const payout = cliOk(w.db, ['affiliate', 'payouts', 'generate', '--partner', w.a.partnerId, '--through', '2026-03-15']);
    // 10% half-up: 10.00 + 5.56 (5.555) + 0.01 (0.005)
    assert.deepEqual(payout.amount, { amountMinor: 1557, amount: '15.57', currency: 'USD' });
    assert.equal(payout.conversions, 3);
    assert.equal(payout.status, 'pending');
    assert.equal(covered.reduce((s, c) => s + c.payout.amountMinor, 0), 1557);

    // Nothing left to link for A.
    const again = cli(w.db, ['affiliate', 'payouts', 'generate', '--partner', w.a.partnerId, '--through', '2026-03-15']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /Nothing to pay: partner ptn_\w+ has no approved, unpaid conversions through 2026-03-15\./);

    // A linked conversion can't be rejected, even before it is paid.
    assert.equal(await err(t, 'reject_conversion', { conversionId: covered[0].conversionId }),
      `Conversion is linked to payout ${payout.payoutId}; it cannot be rejected.`);

    const before = auditRows(w).length;
    const paid = await ok(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', reference: 'WR-1', notes: 'March' });
    assert.equal(paid.changed, true);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.conversionsPaidNow, 3);
    assert.deepEqual(paid.conversionsByStatus, { paid: 3 });
    assert.equal(paid.method, 'wire');
    assert.equal(paid.reference, 'WR-1');
    assert.equal(paid.paidAt, '2026-03-15T12:00:00.000Z');

    const paidList = await ok(t, 'get_conversions', { status: 'paid' });
    assert.deepEqual(paidList.conversions.map((c) => c.conversionId).sort(), covered.map((c) => c.conversionId).sort());
    const pending = await ok(t, 'get_conversions', { status: 'pending' });
    assert.deepEqual(pending.conversions.map((c) => c.conversionId), [outside.conversionId]);

    const rows = auditRows(w);
    assert.equal(rows.length, before + 1, 'exactly one audit row');
    const row = rows.at(-1);
    assert.equal(row.tool, 'mark_payout_paid');
    assert.equal(row.actor, 'mcp:acme');
    assert.deepEqual(row.client, { name: 'tally-tests', version: '1.0.0' });
    assert.equal(row.targetId, payout.payoutId);
    assert.equal(row.reason, 'March');
    assert.equal(row.after.conversionsPaid, 3);

    // A repeat changes nothing and records nothing.
    const repeat = await ok(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'paypal' });
    assert.equal(repeat.changed, false);
    assert.equal(repeat.conversionsPaidNow, 0);
    assert.equal(repeat.method, 'wire');
    assert.equal(auditRows(w).length, before + 1);
    assert.equal((await ok(t, 'get_conversions', { status: 'paid' })).count, 3);

    assert.equal(await err(t, 'reject_conversion', { conversionId: covered[1].conversionId }),
      'Conversion is paid; a paid conversion cannot be rejected.');
    assert.equal(await err(t, 'mark_payout_paid', { payoutId: 'pay_nope', method: 'wire' }), 'Payout not found.');

    const doctor = cli(w.db, ['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    await w.close();
  }
});

test('tally doctor reports a payout whose amount drifted and paid conversions outside a paid payout', async () => {
  const w = await world();
  try {
    const { t } = w;
    const c1 = w.convert(w.a, { amount: '100.00' });
    const c2 = w.convert(w.b, { amount: '100.00' });
    for (const c of [c1, c2]) await ok(t, 'approve_conversion', { conversionId: c.conversionId });
    const p1 = cliOk(w.db, ['affiliate', 'payouts', 'generate', '--partner', w.a.partnerId, '--through', '2026-03-15']);
    const p2 = cliOk(w.db, ['affiliate', 'payouts', 'generate', '--partner', w.b.partnerId, '--through', '2026-03-15']);
    assert.equal(cli(w.db, ['doctor']).status, 0);

    const db = new DatabaseSync(w.db);
    db.prepare('UPDATE tr_payout SET amount_minor = 999 WHERE id = ?').run(p1.payoutId);
    db.prepare("UPDATE tr_conversion SET status = 'paid' WHERE id = ?").run(c2.conversionId);
    db.close();

    const doctor = cli(w.db, ['doctor']);
    assert.equal(doctor.status, 1);
    assert.match(doctor.stdout, new RegExp(`affiliate: payout ${p1.payoutId} amount 9\\.99 USD differs from its conversions' sum 10\\.00`));
    assert.match(doctor.stdout, new RegExp(`affiliate: conversion ${c2.conversionId} is paid but its payout ${p2.payoutId} is pending`));
  } finally {
    await w.close();
  }
});
