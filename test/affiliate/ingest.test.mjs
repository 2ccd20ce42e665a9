// The ingest side: caps (soft and hard, brand time, ISO weeks), coupon
// attribution, the deterministic fraud rules and modes, payout precedence, dedupe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, ok, err, cli, cliOk } from './support.mjs';

test('a soft daily cap of 2: the third conversion is pending_review and over cap', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const set = await ok(t, 'set_cap', { offerId: offer.offerId, daily: 2 });
    assert.deepEqual(set, { offerId: offer.offerId, caps: { daily: { maxConversions: 2, hard: false }, weekly: null, monthly: null }, changed: true });
    assert.equal((await ok(t, 'set_cap', { offerId: offer.offerId, daily: 2 })).changed, false);
    const c1 = w.convert(), c2 = w.convert();
    const third = w.postback({ click_id: w.click() });
    assert.equal(third.status, 0);
    assert.deepEqual(third.json.capsExceeded, ['daily']);
    const c3 = third.json.conversion;
    assert.deepEqual([c1.status, c2.status, c3.status], ['pending', 'pending', 'pending_review']);
    assert.deepEqual([c1.overCap, c2.overCap, c3.overCap], [false, false, true]);
    assert.equal(c3.fraudFlagged, false);
    // The next day is a new window.
    const next = w.convert(w.a, {}, { at: '2026-03-16T00:30:00Z' });
    assert.equal(next.status, 'pending');
    assert.equal(next.overCap, false);
    // The cap shows in the config; null clears it.
    assert.deepEqual((await ok(t, 'get_offer_config', { offerId: offer.offerId })).caps.daily, { maxConversions: 2, hard: false });
    assert.deepEqual((await ok(t, 'set_cap', { offerId: offer.offerId, daily: null })).caps, { daily: null, weekly: null, monthly: null });
    assert.equal(await err(t, 'set_cap', { offerId: offer.offerId }), 'Give at least one of daily, weekly or monthly (a number, or null to clear it).');
    assert.equal(await err(t, 'set_cap', { offerId: offer.offerId, daily: 0 }), 'daily: must be at least 1 (got 0)');
  } finally {
    await w.close();
  }
});

test('a hard cap rejects over-cap conversions; weekly caps use ISO weeks', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    await ok(t, 'set_cap', { offerId: offer.offerId, weekly: 2, hard: true });
    // 2026-03-09 (Mon) … 2026-03-15 (Sun) is ISO week 11.
    w.convert(w.a, {}, { at: '2026-03-09T08:00:00Z', clickAt: '2026-03-09T07:00:00Z' });
    w.convert(w.a, {}, { at: '2026-03-12T08:00:00Z', clickAt: '2026-03-12T07:00:00Z' });
    const over = w.convert(w.a, {}, { at: '2026-03-15T23:00:00Z', clickAt: '2026-03-15T22:00:00Z' });
    assert.equal(over.status, 'rejected');
    assert.equal(over.rejectReason, 'cap_exceeded');
    assert.equal(over.overCap, true);
    const monday = w.convert(w.a, {}, { at: '2026-03-16T00:10:00Z', clickAt: '2026-03-15T23:10:00Z' });
    assert.equal(monday.status, 'pending', 'week 12 starts fresh');
    // Rejected conversions do not use up the cap, nor count in stats.
    const stats = await ok(t, 'get_offer_stats', { offerId: offer.offerId });
    assert.equal(stats.offers[0].byStatus.rejected.count, 1);
    assert.equal(stats.offers[0].conversions, 2, 'the 16th is outside the window ending today');
  } finally {
    await w.close();
  }
});

test('cap windows and stats days follow the brand time zone', async () => {
  const w = await world({ brandArgs: ['--timezone', 'America/New_York'] });
  try {
    await ok(w.t, 'set_cap', { offerId: w.offer.offerId, daily: 1 });
    // 15:00Z and 03:00Z next day are both 2026-03-15 in New York (EDT, UTC−4).
    const first = w.convert(w.a, {}, { at: '2026-03-15T15:00:00Z' });
    const second = w.convert(w.a, {}, { at: '2026-03-16T03:00:00Z', clickAt: '2026-03-16T02:00:00Z' });
    assert.equal(first.day, '2026-03-15');
    assert.equal(second.day, '2026-03-15');
    assert.equal(second.status, 'pending_review');
    const third = w.convert(w.a, {}, { at: '2026-03-16T05:00:00Z', clickAt: '2026-03-16T04:00:00Z' });
    assert.equal(third.day, '2026-03-16');
    assert.equal(third.status, 'pending');
  } finally {
    await w.close();
  }
});

test('a valid coupon overrides click attribution; exhausted, expired and foreign ones are ignored', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const save = await ok(t, 'create_coupon', { partnerId: w.b.partnerId, code: 'SAVE10', maxUses: 1 });
    assert.deepEqual([save.status, save.usedCount, save.maxUses, save.offerId], ['active', 0, 1, null]);
    assert.equal(await err(t, 'create_coupon', { partnerId: w.a.partnerId, code: 'save10' }),
      'Coupon code save10 already exists (as SAVE10); codes are unique per brand in any case.');
    assert.match(await err(t, 'create_coupon', { partnerId: w.a.partnerId, code: 'ＳＡＶＥ10' }), /already exists \(as SAVE10\)/);
    const old = await ok(t, 'create_coupon', { partnerId: w.b.partnerId, code: 'OLD', expiresOn: '2026-03-01' });
    assert.equal(old.status, 'expired');
    const other = await ok(t, 'create_offer', { name: 'Other', destinationUrl: 'https://acme.test/o', payoutType: 'fixed', payout: '1' });
    await ok(t, 'create_coupon', { partnerId: w.b.partnerId, code: 'OTHERONLY', offerId: other.offerId });

    const clickA = w.click(w.a);
    const used = w.postback({ click_id: clickA, coupon_code: 'save10' });
    assert.equal(used.json.attribution, 'coupon');
    assert.equal(used.json.conversion.partnerId, w.b.partnerId);
    assert.equal(used.json.conversion.couponCode, 'SAVE10');
    assert.deepEqual(used.json.conversion.fraudReasons, []);

    const exhausted = w.postback({ click_id: clickA, coupon_code: 'SAVE10' });
    assert.equal(exhausted.json.attribution, 'click');
    assert.equal(exhausted.json.couponIgnored, 'exhausted');
    assert.equal(exhausted.json.conversion.partnerId, w.a.partnerId);
    assert.deepEqual(exhausted.json.conversion.fraudReasons, ['coupon_exhausted']);
    assert.equal(exhausted.json.conversion.fraudScore, 30);

    const expired = w.postback({ click_id: clickA, coupon_code: 'old' });
    assert.equal(expired.json.couponIgnored, 'expired');
    assert.deepEqual(expired.json.conversion.fraudReasons, ['coupon_expired']);
    const foreign = w.postback({ click_id: clickA, coupon_code: 'otheronly' });
    assert.equal(foreign.json.couponIgnored, 'other_offer');
    assert.equal(foreign.json.conversion.fraudScore, 0);

    // A coupon alone attributes; with neither a click nor a valid coupon nothing is recorded.
    const alone = w.postback({ coupon_code: 'OTHERONLY' }, { offerId: other.offerId, key: (await ok(t, 'rotate_offer_postback_secret', { offerId: other.offerId })).postbackSecret });
    assert.equal(alone.json.attribution, 'coupon');
    const nothing = w.postback({ coupon_code: 'SAVE10' });
    assert.equal(nothing.stderr, 'tally affiliate postback: postback refused: nothing to attribute it to: no click_id and no valid coupon_code\n');

    const listed = await ok(t, 'list_coupons', { partnerId: w.b.partnerId });
    assert.deepEqual(listed.coupons.map((c) => [c.code, c.status, c.usedCount, c.maxUses]),
      [['SAVE10', 'exhausted', 1, 1], ['OLD', 'expired', 0, null], ['OTHERONLY', 'active', 1, null]]);
    assert.deepEqual((await ok(t, 'list_coupons', { status: 'active' })).coupons.map((c) => c.code), ['OTHERONLY']);
    assert.equal((await ok(t, 'list_coupons', { partnerId: w.a.partnerId })).count, 0);
  } finally {
    await w.close();
  }
});

test('each fraud rule raises the score; flagged conversions follow the brand mode', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const plain = w.convert();
    assert.equal(plain.fraudScore, 0);
    assert.deepEqual(plain.fraudReasons, []);

    // Click to conversion under 10 s: +40 (below the default threshold 70: not flagged).
    const fast = w.convert(w.a, {}, { clickAt: '2026-03-15T10:59:55Z', at: '2026-03-15T11:00:00Z' });
    assert.deepEqual([fast.fraudScore, fast.fraudReasons, fast.fraudFlagged, fast.status],
      [40, ['click_to_conversion_under_10s'], false, 'pending']);

    // A txn_id already recorded for the brand (on another offer): +50. On the same offer: a duplicate.
    const dup = w.postback({ click_id: w.click(), txn_id: 'T1' });
    assert.equal(dup.json.duplicate, true);
    assert.equal(dup.json.conversion.conversionId, plain.conversionId);
    const other = await ok(t, 'create_offer', { name: 'Other', destinationUrl: 'https://acme.test/o', payoutType: 'fixed', payout: '1' });
    const otherSecret = (await ok(t, 'rotate_offer_postback_secret', { offerId: other.offerId })).postbackSecret;
    const seen = w.convert(w.a, { txn_id: 'T1' }, { offerId: other.offerId, key: otherSecret });
    assert.deepEqual([seen.fraudScore, seen.fraudReasons], [50, ['txn_id_seen']]);

    // More than 3 conversions from one click IP in 24 h: the 4th gets +30.
    const ipScores = [];
    for (let i = 0; i < 4; i++) ipScores.push(w.convert(w.b, {}, { ip: '198.51.100.9' }).fraudScore);
    assert.deepEqual(ipScores, [0, 0, 0, 30]);

    // A sale over 10× the offer's median: +20 (the median here is 100.00).
    assert.equal(w.convert(w.a, { amount: '1000.00' }).fraudScore, 0);
    const big = w.convert(w.a, { amount: '1000.01' });
    assert.deepEqual([big.fraudScore, big.fraudReasons], [20, ['amount_over_10x_median']]);

    // 40 + 50 = 90 ≥ 70: flagged; mode review sends it to pending_review.
    w.convert(w.a, { txn_id: 'SHARED' }, { offerId: other.offerId, key: otherSecret });
    const both = w.convert(w.a, { txn_id: 'SHARED' }, { clickAt: '2026-03-15T10:59:58Z' });
    assert.deepEqual([both.fraudScore, both.fraudFlagged, both.status], [90, true, 'pending_review']);
    // Approving clears the signal and keeps the score.
    const approved = await ok(t, 'approve_conversion', { conversionId: both.conversionId });
    assert.deepEqual([approved.conversion.status, approved.conversion.fraudFlagged, approved.conversion.fraudReasons, approved.conversion.fraudScore],
      ['approved', false, [], 90]);
    assert.equal((await ok(t, 'approve_conversion', { conversionId: both.conversionId })).changed, false);

    // monitor: flagged, status unchanged. reject: flagged ones are rejected. off: not scored.
    await ok(t, 'set_fraud_settings', { mode: 'monitor', threshold: 40 });
    const monitored = w.convert(w.a, {}, { clickAt: '2026-03-15T10:59:59Z' });
    assert.deepEqual([monitored.fraudFlagged, monitored.status], [true, 'pending']);
    await ok(t, 'set_fraud_settings', { mode: 'reject' });
    const rejected = w.convert(w.a, {}, { clickAt: '2026-03-15T10:59:59Z' });
    assert.deepEqual([rejected.status, rejected.rejectReason, rejected.fraudFlagged], ['rejected', 'fraud_score', true]);
    assert.equal(await err(t, 'approve_conversion', { conversionId: rejected.conversionId }),
      'Conversion is rejected; only pending or pending_review conversions can be approved.');
    await ok(t, 'set_fraud_settings', { mode: 'off' });
    const unscored = w.convert(w.a, {}, { clickAt: '2026-03-15T10:59:59Z' });
    assert.deepEqual([unscored.fraudScore, unscored.fraudFlagged, unscored.status], [null, false, 'pending']);

    const summary = await ok(t, 'get_fraud_summary', {});
    assert.equal(summary.mode, 'off');
    assert.equal(summary.scored, summary.conversions - 1);
    assert.equal(summary.flagged, 2, 'monitored and rejected stay flagged; the approved one was cleared');
    assert.deepEqual(summary.byReason, {
      amount_over_10x_median: 1, click_to_conversion_under_10s: 3, ip_over_3_conversions_24h: 1, txn_id_seen: 1,
    });
    assert.equal(summary.topRiskPartners[0].partnerId, w.a.partnerId);
  } finally {
    await w.close();
  }
});

test('payout precedence is partner, then event, then offer; a recorded payout never changes', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const ev = await ok(t, 'set_event_payout', { offerId: offer.offerId, eventType: 'signup', payoutType: 'fixed', payout: '2' });
    assert.deepEqual(ev.payout, { type: 'fixed', amount: { amountMinor: 200, amount: '2.00', currency: 'USD' } });
    const adj = await ok(t, 'adjust_payout', { offerId: offer.offerId, partnerId: w.b.partnerId, payoutType: 'percent', payout: '12.5' });
    assert.deepEqual(adj.payout, { type: 'percent', percent: '12.5', basisPoints: 1250 });
    assert.equal((await ok(t, 'adjust_payout', { offerId: offer.offerId, partnerId: w.b.partnerId, payoutType: 'percent', payout: 12.50 })).changed, false);

    const postback = (partner, event) => {
      const r = w.postback({ click_id: w.click(partner), event, amount: '80.04' });
      return [r.json.payoutRule, r.json.conversion.payout.amount];
    };
    assert.deepEqual(postback(w.a, 'sale'), ['offer', '8.00']);     // 10% of 80.04 = 8.004
    assert.deepEqual(postback(w.a, 'signup'), ['event', '2.00']);
    assert.deepEqual(postback(w.b, 'signup'), ['partner', '10.01']); // 12.5% of 80.04 = 10.005 → half-up
    const before = (await ok(t, 'get_conversions', { partnerId: w.b.partnerId })).conversions[0];

    await ok(t, 'adjust_payout', { offerId: offer.offerId, partnerId: w.b.partnerId, payoutType: 'fixed', payout: '99' });
    const after = (await ok(t, 'get_conversions', { partnerId: w.b.partnerId })).conversions[0];
    assert.deepEqual(after.payout, before.payout);
    assert.deepEqual(postback(w.b, 'sale'), ['partner', '99.00']);

    const config = await ok(t, 'get_offer_config', { offerId: offer.offerId });
    assert.deepEqual(config.partnerPayouts, [{ partnerId: w.b.partnerId, payout: { type: 'fixed', amount: { amountMinor: 9900, amount: '99.00', currency: 'USD' } } }]);
    assert.equal(config.eventPayouts[0].eventType, 'signup');

    assert.equal(await err(t, 'adjust_payout', { offerId: offer.offerId, partnerId: w.a.partnerId, payoutType: 'percent', payout: '12.345' }),
      'payout: "12.345" has 3 decimals; a percent allows 2');
    assert.equal(await err(t, 'adjust_payout', { offerId: offer.offerId, partnerId: w.a.partnerId, payoutType: 'fixed', payout: '1.005' }),
      'payout: "1.005" has 3 decimals; USD allows 2');
    assert.equal(await err(t, 'set_event_payout', { offerId: offer.offerId, eventType: 'Sign Up', payoutType: 'fixed', payout: '1' }),
      'eventType: use a-z, 0-9, _ and - only (got "Sign Up")');
  } finally {
    await w.close();
  }
});

test('paused offers and partners refuse clicks; postbacks for earlier clicks still count', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    const earlier = w.click(w.a);
    assert.deepEqual(await ok(t, 'pause_offer', { offerId: offer.offerId }), { offerId: offer.offerId, status: 'paused', changed: true });
    const refused = cli(w.db, ['affiliate', 'click', '--offer', offer.offerId, '--partner', w.a.partnerId]);
    assert.equal(refused.stderr, 'tally affiliate click: Offer is paused; it refuses new clicks.\n');
    assert.equal(w.postback({ click_id: earlier }).json.conversion.status, 'pending');
    assert.equal((await ok(t, 'pause_offer', { offerId: offer.offerId })).changed, false);

    const other = await ok(t, 'create_offer', { name: 'O', destinationUrl: 'https://acme.test/o', payoutType: 'fixed', payout: '1' });
    await ok(t, 'pause_partner', { partnerId: w.b.partnerId });
    const paused = cli(w.db, ['affiliate', 'click', '--offer', other.offerId, '--partner', w.b.partnerId]);
    assert.equal(paused.stderr, "tally affiliate click: Partner is paused; only active partners' clicks are recorded.\n");
    const pending = cli(w.db, ['affiliate', 'click', '--offer', other.offerId, '--partner', w.p.partnerId]);
    assert.match(pending.stderr, /Partner is pending/);
    const many = cliOk(w.db, ['affiliate', 'click', '--offer', other.offerId, '--partner', w.a.partnerId, '--count', '3']);
    assert.equal(many.clicks.length, 3);
    assert.equal(new Set(many.clicks.map((c) => c.clickId)).size, 3);
    const again = cli(w.db, ['affiliate', 'click', '--offer', other.offerId, '--partner', w.a.partnerId, '--click-id', many.clicks[0].clickId]);
    assert.equal(again.stderr, `tally affiliate click: Click ${many.clicks[0].clickId} is already recorded.\n`);
  } finally {
    await w.close();
  }
});
