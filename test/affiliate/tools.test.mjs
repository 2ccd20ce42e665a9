// The remaining read tools (stats, ranking, paging, queues) and the writes'
// rules: validation, no-op detection, the audit trail and its actor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, ok, err, cliOk } from './support.mjs';

const audit = (w) => cliOk(w.db, ['affiliate', 'audit']);

test('stats, top publishers and offer breakdowns add up', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const a1 = w.convert(w.a, { amount: '100.00' });
    const a2 = w.convert(w.a, { amount: '50.00' });
    w.click(w.a);
    w.click(w.a);
    const b1 = w.convert(w.b, { amount: '30.00' });
    w.click(w.b);
    const rejected = w.convert(w.b, { amount: '500.00' });
    await ok(t, 'reject_conversion', { conversionId: rejected.conversionId, reason: 'test order' });
    await ok(t, 'approve_conversion', { conversionId: a1.conversionId });
    const old = w.convert(w.a, { amount: '1.00' }, { at: '2026-02-01T11:00:00Z', clickAt: '2026-02-01T10:00:00Z' });

    const stats = await ok(t, 'get_partner_stats', { partnerId: w.a.partnerId });
    assert.deepEqual(stats.period, { from: '2026-02-14', to: '2026-03-15', days: 30 });
    const [sa] = stats.partners;
    assert.deepEqual([sa.clicks, sa.conversions, sa.revenue.amount, sa.payout.amount, sa.profit.amount, sa.epc.amount, sa.cvrPercent],
      [4, 2, '150.00', '15.00', '135.00', '37.50', '50.00']);
    const longer = (await ok(t, 'get_partner_stats', { partnerId: w.a.partnerId, days: 60 })).partners[0];
    assert.equal(longer.conversions, 3, `the ${old.day} conversion is inside 60 days`);
    const all = await ok(t, 'get_partner_stats', {});
    const sp = all.partners.find((p) => p.partnerId === w.p.partnerId);
    assert.deepEqual([sp.clicks, sp.epc, sp.cvrPercent], [0, null, null]);
    const sb = all.partners.find((p) => p.partnerId === w.b.partnerId);
    assert.deepEqual([sb.clicks, sb.conversions, sb.revenue.amount, sb.cvrPercent], [3, 1, '30.00', '33.33']);

    const byRevenue = await ok(t, 'get_top_publishers', { metric: 'revenue', limit: 5 });
    assert.deepEqual(byRevenue.publishers.map((p) => [p.rank, p.partnerId, p.value.amount]),
      [[1, w.a.partnerId, '150.00'], [2, w.b.partnerId, '30.00']]);
    assert.equal(byRevenue.truncated, false);
    const one = await ok(t, 'get_top_publishers', { metric: 'epc', limit: 1 });
    assert.deepEqual([one.publishers[0].partnerId, one.publishers[0].value.amount, one.truncated], [w.a.partnerId, '37.50', true]);
    const cvr = await ok(t, 'get_top_publishers', { metric: 'cvr' });
    assert.deepEqual(cvr.publishers.map((p) => p.value), ['50.00', '33.33']);
    const conv = await ok(t, 'get_top_publishers', { metric: 'conversions', days: 1 });
    assert.deepEqual(conv.publishers.map((p) => p.value), [2, 1]);
    const profit = await ok(t, 'get_top_publishers', { metric: 'profit' });
    assert.deepEqual(profit.publishers.map((p) => p.value.amount), ['135.00', '27.00']);
    assert.equal(await err(t, 'get_top_publishers', { metric: 'clicks' }),
      'metric: must be one of "revenue", "conversions", "epc", "cvr", "profit" (got "clicks")');
    assert.equal(await err(t, 'get_top_publishers', { limit: 101 }), 'limit: must be at most 100 (got 101)');

    const os = (await ok(t, 'get_offer_stats', { offerId: offer.offerId })).offers[0];
    assert.equal(os.clicks, 7);
    assert.deepEqual(Object.fromEntries(Object.entries(os.byStatus).map(([k, v]) => [k, [v.count, v.payout.amount]])), {
      pending: [2, '8.00'], pending_review: [0, '0.00'], approved: [1, '10.00'], paid: [0, '0.00'], rejected: [1, '50.00'],
    });
    void a2; void b1;
  } finally {
    await w.close();
  }
});

test('get_conversions pages newest first with a cursor; the pending queue holds pending and pending_review', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(w.convert(w.a, {}, { at: `2026-03-15T11:0${i}:00Z` }));
    await ok(t, 'set_cap', { offerId: offer.offerId, daily: 7 });
    const review = w.convert(w.b, {}, { at: '2026-03-15T11:30:00Z' });
    assert.equal(review.status, 'pending_review');
    await ok(t, 'approve_conversion', { conversionId: made[0].conversionId });

    const seen = [];
    let cursor;
    let pages = 0;
    do {
      const page = await ok(t, 'get_conversions', { limit: 3, ...(cursor ? { cursor } : {}) });
      pages++;
      seen.push(...page.conversions.map((c) => c.conversionId));
      assert.equal(page.truncated, page.nextCursor !== undefined);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [review, ...made.slice().reverse()].map((c) => c.conversionId));

    const queue = await ok(t, 'list_pending_conversions', {});
    assert.deepEqual(queue.conversions.map((c) => c.status), ['pending_review', ...Array(6).fill('pending')]);
    assert.equal((await ok(t, 'get_conversions', { status: 'approved' })).conversions[0].conversionId, made[0].conversionId);
    assert.equal((await ok(t, 'list_pending_conversions', { partnerId: w.b.partnerId, limit: 1 })).truncated, false);
    assert.equal(await err(t, 'get_conversions', { status: 'done' }),
      'status: must be one of "pending", "pending_review", "approved", "rejected", "paid" (got "done")');
  } finally {
    await w.close();
  }
});

test('writes validate, detect no-ops, and audit as mcp:<brand> with the client', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const start = audit(w).length;
    assert.equal(await err(t, 'create_offer', { name: 'x', destinationUrl: 'ftp://x', payoutType: 'fixed', payout: '1' }),
      'destinationUrl: must be an absolute http(s) URL (got "ftp://x")');
    assert.equal(await err(t, 'create_offer', { name: 'x', destinationUrl: 'https://x.test', payoutType: 'fixed', payout: '-1' }),
      'payout: must be 0 or more (got -1)');
    assert.equal(await err(t, 'create_offer', { name: 'x', destinationUrl: 'https://x.test', payoutType: 'percent', payout: '100.5' }),
      'payout: "100.5" is over 100 percent');
    assert.equal(await err(t, 'update_offer', { offerId: offer.offerId, postbackUrlTemplate: 'https://adv.test/pb?c={CLICK}' }),
      'postbackUrlTemplate: unknown placeholder {CLICK}; use {CLICK_ID}, {CONVERSION_ID}, {AMOUNT}, {TXN_ID}, {EVENT_TYPE} or {STATUS}');
    assert.equal(await err(t, 'update_offer', { offerId: offer.offerId, payoutType: 'fixed' }), 'payout: is required when payoutType is given');
    assert.equal(await err(t, 'update_offer', { offerId: 'off_missing', name: 'x' }), 'Offer not found.');
    assert.equal(audit(w).length, start, 'failures record nothing');

    const template = 'https://adv.test/pb?click={CLICK_ID}&conv={CONVERSION_ID}&amt={AMOUNT}&txn={TXN_ID}&ev={EVENT_TYPE}';
    const upd = await ok(t, 'update_offer', { offerId: offer.offerId, name: 'Shoes EU', postbackUrlTemplate: template, payout: '7.5' });
    assert.deepEqual([upd.changed, upd.name, upd.postbackUrlTemplate, upd.payout.percent], [true, 'Shoes EU', template, '7.5']);
    assert.equal((await ok(t, 'update_offer', { offerId: offer.offerId, name: 'Shoes EU' })).changed, false);
    const row = audit(w).at(-1);
    assert.deepEqual([row.tool, row.actor, row.targetId], ['update_offer', 'mcp:acme', offer.offerId]);
    assert.deepEqual(row.client, { name: 'tally-tests', version: '1.0.0' });
    assert.deepEqual(Object.keys(row.after).sort(), ['name', 'payout', 'postbackUrlTemplate']);
    assert.equal(row.before.postbackUrlTemplate, null);
    const cleared = await ok(t, 'update_offer', { offerId: offer.offerId, postbackUrlTemplate: null });
    assert.equal(cleared.postbackUrlTemplate, null);

    // pause_partner leaves pending conversions alone.
    const c1 = w.convert(w.b), c2 = w.convert(w.b);
    const paused = await ok(t, 'pause_partner', { partnerId: w.b.partnerId });
    assert.deepEqual([paused.status, paused.changed, paused.pendingConversionsUntouched], ['paused', true, 2]);
    assert.deepEqual((await ok(t, 'list_pending_conversions', { partnerId: w.b.partnerId })).conversions.map((c) => c.status), ['pending', 'pending']);
    assert.equal((await ok(t, 'pause_partner', { partnerId: w.b.partnerId })).changed, false);
    assert.equal((await ok(t, 'approve_conversion', { conversionId: c1.conversionId })).conversion.status, 'approved');

    // approve_partner_application: pending → active only; no e-mail locally.
    const app = await ok(t, 'approve_partner_application', { partnerId: w.p.partnerId });
    assert.deepEqual([app.status, app.emailSent, app.note], ['active', false, 'No e-mail was sent (Tally runs locally, and no address is on file).']);
    assert.equal(await err(t, 'approve_partner_application', { partnerId: w.p.partnerId }),
      'Partner is active, not pending; only pending applications can be approved.');

    // reject keeps its reason in the audit trail; a repeat is a no-op.
    const rej = await ok(t, 'reject_conversion', { conversionId: c2.conversionId, reason: 'duplicate order #881' });
    assert.deepEqual([rej.changed, rej.conversion.status, rej.conversion.rejectReason], [true, 'rejected', 'manual']);
    const rejRow = audit(w).at(-1);
    assert.deepEqual([rejRow.tool, rejRow.reason, rejRow.before.status], ['reject_conversion', 'duplicate order #881', 'pending']);
    const n = audit(w).length;
    assert.equal((await ok(t, 'reject_conversion', { conversionId: c2.conversionId })).changed, false);
    assert.equal(audit(w).length, n);

    // approve_conversion with a score guard.
    const risky = w.convert(w.a, {}, { clickAt: '2026-03-15T10:59:55Z' });
    assert.equal(risky.fraudScore, 40);
    assert.equal(await err(t, 'approve_conversion', { conversionId: risky.conversionId, fraudScoreBelow: 20 }),
      `Not approved: conversion ${risky.conversionId} has fraud score 40, not under 20. It stays pending.`);
    assert.equal((await ok(t, 'approve_conversion', { conversionId: risky.conversionId, fraudScoreBelow: 41 })).changed, true);
    assert.equal(await err(t, 'approve_conversion', { conversionId: 'cnv_nope' }), 'Conversion not found.');

    // fraud settings: partial update, no-op, read back.
    const fs = await ok(t, 'set_fraud_settings', { threshold: 55, botdEnabled: true });
    assert.deepEqual(fs, { settings: { mode: 'review', threshold: 55, botdEnabled: true }, changed: true });
    assert.equal((await ok(t, 'set_fraud_settings', { mode: 'review' })).changed, false);
    const settings = await ok(t, 'get_fraud_settings', {});
    assert.deepEqual([settings.mode, settings.threshold, settings.botdEnabled, settings.rules.length], ['review', 55, true, 6]);
    assert.equal(await err(t, 'set_fraud_settings', { threshold: 101 }), 'threshold: must be at most 100 (got 101)');

    // Every audited write carries the actor and client; tools line up with the writes made.
    const rows = audit(w).slice(start);
    assert.ok(rows.every((r) => r.actor === 'mcp:acme' && r.client.name === 'tally-tests'));
    assert.deepEqual(rows.map((r) => r.tool), ['update_offer', 'update_offer', 'pause_partner', 'approve_conversion',
      'approve_partner_application', 'reject_conversion', 'approve_conversion', 'set_fraud_settings']);
  } finally {
    await w.close();
  }
});
