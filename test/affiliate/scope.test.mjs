// Brand scoping (domain.md §1 "Scoping", §4 test 10): --brand picks the brand,
// the only brand is the default, and another brand's ids are "not found".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess, tempDir } from '../support/tally.mjs';
import { world, ok, err, cli, cliOk, BASE_ENV } from './support.mjs';

const READS = ['get_partner_stats', 'get_offer_stats', 'get_top_publishers', 'get_offer_config', 'get_conversions',
  'list_pending_conversions', 'get_fraud_summary', 'get_fraud_settings', 'list_coupons'];
// name → [destructiveHint, idempotentHint]
const WRITES = {
  create_offer: [false, false], update_offer: [true, true], pause_offer: [true, true],
  rotate_offer_postback_secret: [true, false], adjust_payout: [true, true], set_event_payout: [true, true],
  set_cap: [true, true], pause_partner: [true, true], approve_partner_application: [false, false],
  create_coupon: [false, false], set_fraud_settings: [true, true], approve_conversion: [false, true],
  reject_conversion: [true, true], mark_payout_paid: [true, true], unpay_payout: [true, true],
};

test('tools/list serves the 23 Trcker tools and unpay_payout with explicit hints; --read-only keeps the 9 reads', async () => {
  const dir = tempDir();
  try {
    for (const [args, expected] of [[['serve', '--toolsets', 'affiliate'], 24], [['serve', '--toolsets', 'affiliate', '--read-only'], 9]]) {
      const t = new TallyProcess({ db: dir.db, env: BASE_ENV, args });
      try {
        await t.initialize();
        const { tools } = (await t.request('tools/list', {})).result;
        assert.equal(tools.length, expected);
        const byName = Object.fromEntries(tools.map((x) => [x.name, x]));
        const hints = (name) => {
          const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = byName[name].annotations;
          return { readOnlyHint, destructiveHint, idempotentHint, openWorldHint };
        };
        for (const name of READS)
          assert.deepEqual(hints(name), { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }, name);
        if (expected === 24) {
          for (const [name, [destructive, idempotent]] of Object.entries(WRITES))
            assert.deepEqual(hints(name),
              { readOnlyHint: false, destructiveHint: destructive, idempotentHint: idempotent, openWorldHint: false }, name);
          const top = byName.get_top_publishers.inputSchema.properties;
          assert.deepEqual(top.metric.enum, ['revenue', 'conversions', 'epc', 'cvr', 'profit']);
          assert.equal(top.limit.maximum, 100);
        }
      } finally {
        await t.close();
      }
    }
  } finally {
    dir.cleanup();
  }
});

test('without --brand the only brand is used; with several, an error lists them', async () => {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, env: BASE_ENV });
  try {
    await t.initialize();
    assert.equal(await err(t, 'get_fraud_settings'),
      'No brand in workspace "personal" yet. Create one with `tally affiliate brand create SLUG --name NAME`.');
    cliOk(dir.db, ['affiliate', 'brand', 'create', 'acme']);
    assert.equal((await ok(t, 'get_fraud_settings')).mode, 'review', 'found without a restart');
    cliOk(dir.db, ['affiliate', 'brand', 'create', 'globex', '--currency', 'EUR', '--timezone', 'Europe/Berlin']);
    assert.equal(await err(t, 'get_fraud_settings'),
      'This workspace has several brands: acme, globex. Start tally with --brand SLUG to choose one.');
    const list = cliOk(dir.db, ['affiliate', 'brand', 'list']);
    assert.deepEqual(list.map((b) => [b.slug, b.currency, b.timezone]), [['acme', 'USD', 'UTC'], ['globex', 'EUR', 'Europe/Berlin']]);
    const dup = cli(dir.db, ['affiliate', 'brand', 'create', 'acme']);
    assert.equal(dup.stderr, 'tally affiliate brand create: Brand "acme" already exists in workspace "personal".\n');
    const badZone = cli(dir.db, ['affiliate', 'brand', 'create', 'x', '--timezone', 'Mars/Base']);
    assert.match(badZone.stderr, /--timezone: Mars\/Base is not an IANA time zone/);
    const partner = cli(dir.db, ['affiliate', 'partner', 'add', '--name', 'P']);
    assert.equal(partner.status, 1);
    assert.match(partner.stderr, /several brands: acme, globex/);
  } finally {
    await t.close();
  }
  for (const [brand, expected] of [['globex', null], ['nope', 'Brand "nope" not found in workspace "personal"; its brands: acme, globex.']]) {
    const s = new TallyProcess({ db: dir.db, env: BASE_ENV, args: ['serve', '--brand', brand] });
    try {
      await s.initialize();
      const r = await s.call('create_offer', { name: 'O', destinationUrl: 'https://globex.test', payoutType: 'fixed', payout: '2.5' });
      if (expected) assert.equal(r.content[0].text, expected);
      else assert.deepEqual(r.structuredContent.payout.amount, { amountMinor: 250, amount: '2.50', currency: 'EUR' });
    } finally {
      await s.close();
    }
  }
  dir.cleanup();
});

test("brand B's ids are not found from brand A, for reads and writes", async () => {
  const w = await world();
  // Each server gets its own id seed (one seed and one fixed clock would mint the same ids).
  const g = new TallyProcess({ db: w.db, env: { ...BASE_ENV, TALLY_SEED: '8' }, args: ['serve', '--brand', 'globex'] });
  try {
    cliOk(w.db, ['affiliate', 'brand', 'create', 'globex']);
    const gp = cliOk(w.db, ['affiliate', 'partner', 'add', '--brand', 'globex', '--name', 'G partner']);
    const gpending = cliOk(w.db, ['affiliate', 'partner', 'add', '--brand', 'globex', '--name', 'G applicant', '--status', 'pending']);
    await g.initialize();
    const go = await ok(g, 'create_offer', { name: 'G', destinationUrl: 'https://g.test', payoutType: 'fixed', payout: '5' });
    const gsecret = (await ok(g, 'rotate_offer_postback_secret', { offerId: go.offerId })).postbackSecret;
    const gclick = cliOk(w.db, ['affiliate', 'click', '--brand', 'globex', '--offer', go.offerId, '--partner', gp.partnerId, '--at', '2026-03-15T09:00:00Z']).clickId;
    const { sign, postbackUrl } = await import('./support.mjs');
    const gconv = cliOk(w.db, ['affiliate', 'postback', sign(postbackUrl('globex', go.offerId, { click_id: gclick, txn_id: 'G1', amount: '9' }), gsecret)]).conversion;
    const gconv2 = cliOk(w.db, ['affiliate', 'postback', sign(postbackUrl('globex', go.offerId, { click_id: gclick, txn_id: 'G2', amount: '9' }), gsecret)]).conversion;
    await ok(g, 'approve_conversion', { conversionId: gconv.conversionId });
    const gpay = cliOk(w.db, ['affiliate', 'payouts', 'generate', '--brand', 'globex', '--partner', gp.partnerId, '--through', '2026-03-15']);
    const gcoupon = await ok(g, 'create_coupon', { partnerId: gp.partnerId, code: 'SAME10' });

    const t = w.t;  // serving acme, the only brand when it started: now it needs --brand
    const a = new TallyProcess({ db: w.db, env: { ...BASE_ENV, TALLY_SEED: '9' }, args: ['serve', '--brand', 'acme'] });
    await a.initialize();
    try {
      const cases = [
        ['get_partner_stats', { partnerId: gp.partnerId }, 'Partner not found.'],
        ['get_offer_stats', { offerId: go.offerId }, 'Offer not found.'],
        ['get_offer_config', { offerId: go.offerId }, 'Offer not found.'],
        ['get_conversions', { offerId: go.offerId }, 'Offer not found.'],
        ['get_conversions', { partnerId: gp.partnerId }, 'Partner not found.'],
        ['get_conversions', { cursor: gconv.conversionId }, "cursor: not a nextCursor from an earlier page of this brand's conversions"],
        ['list_pending_conversions', { partnerId: gp.partnerId }, 'Partner not found.'],
        ['list_coupons', { partnerId: gp.partnerId }, 'Partner not found.'],
        ['update_offer', { offerId: go.offerId, name: 'hijack' }, 'Offer not found.'],
        ['pause_offer', { offerId: go.offerId }, 'Offer not found.'],
        ['rotate_offer_postback_secret', { offerId: go.offerId }, 'Offer not found.'],
        ['adjust_payout', { offerId: go.offerId, partnerId: w.a.partnerId, payoutType: 'fixed', payout: '1' }, 'Offer not found.'],
        ['adjust_payout', { offerId: w.offer.offerId, partnerId: gp.partnerId, payoutType: 'fixed', payout: '1' }, 'Partner not found.'],
        ['set_event_payout', { offerId: go.offerId, eventType: 'signup', payoutType: 'fixed', payout: '1' }, 'Offer not found.'],
        ['set_cap', { offerId: go.offerId, daily: 1 }, 'Offer not found.'],
        ['pause_partner', { partnerId: gp.partnerId }, 'Partner not found.'],
        ['approve_partner_application', { partnerId: gpending.partnerId }, 'Partner not found.'],
        ['create_coupon', { partnerId: gp.partnerId, code: 'X1' }, 'Partner not found.'],
        ['create_coupon', { partnerId: w.a.partnerId, code: 'X2', offerId: go.offerId }, 'Offer not found.'],
        ['approve_conversion', { conversionId: gconv2.conversionId }, 'Conversion not found.'],
        ['reject_conversion', { conversionId: gconv2.conversionId }, 'Conversion not found.'],
        ['mark_payout_paid', { payoutId: gpay.payoutId, method: 'wire' }, 'Payout not found.'],
      ];
      for (const [name, args, message] of cases) assert.equal(await err(a, name, args), message, `${name} ${JSON.stringify(args)}`);
      // Lists and stats of A show none of B's rows; a code may exist once per brand.
      assert.equal((await ok(a, 'get_conversions', {})).count, 0);
      assert.equal((await ok(a, 'get_top_publishers', {})).publishers.length, 0);
      assert.ok((await ok(a, 'get_partner_stats', {})).partners.every((p) => p.partnerId !== gp.partnerId));
      assert.equal((await ok(a, 'create_coupon', { partnerId: w.a.partnerId, code: 'same10' })).code, 'same10');
      // A's slug in the URL does not reach B's offer.
      const cross = cli(w.db, ['affiliate', 'postback', sign(postbackUrl('acme', go.offerId, { click_id: gclick, txn_id: 'G3' }), gsecret)]);
      assert.equal(cross.stderr, `tally affiliate postback: postback refused: offer ${go.offerId} not found for brand acme\n`);
      // B is untouched.
      const gconfig = await ok(g, 'get_offer_config', { offerId: go.offerId });
      assert.equal(gconfig.name, 'G');
      assert.equal(gconfig.status, 'active');
      assert.equal((await ok(g, 'get_conversions', { status: 'pending' })).conversions[0].conversionId, gconv2.conversionId);
      assert.equal((await ok(g, 'list_coupons', {})).coupons[0].code, gcoupon.code);
      assert.ok(cliOk(w.db, ['affiliate', 'audit', '--brand', 'globex']).every((r) => r.actor !== 'mcp:acme'));
      // The process started without --brand now faces two brands.
      assert.match(await err(t, 'get_conversions'), /several brands: acme, globex/);
    } finally {
      await a.close();
    }
  } finally {
    await g.close();
    await w.close();
  }
});
