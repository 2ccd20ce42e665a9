// Demo data for the affiliate examples in docs/affiliate.md: brand "acme" with
// four partners, one offer, clicks and signed postbacks spread over March 2026,
// a coupon, an approved batch linked into a payout. Created the way a user
// would: `tally affiliate …` ingest commands plus tool calls.
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { TALLY } from '../../support/tally.mjs';

async function ok(t, name, args) {
  const r = await t.call(name, args);
  if (r.isError) throw new Error(`${name}: ${r.content[0].text}`);
  return r.structuredContent;
}

export async function setup(t, { db, env }) {
  let seed = 100;  // each run its own id seed, so ids differ yet stay reproducible
  const run = (...args) => {
    const r = spawnSync(TALLY, ['affiliate', ...args], {
      env: { ...process.env, ...env, TALLY_DB: db, TALLY_SEED: String(seed++) }, encoding: 'utf8', timeout: 20000,
    });
    if (r.status !== 0) throw new Error(`tally affiliate ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  run('brand', 'create', 'acme', '--name', 'Acme Running');
  const blog = run('partner', 'add', '--name', 'Sneaker Blog', '--email', 'hello@sneaker.blog').partnerId;
  const deals = run('partner', 'add', '--name', 'Deal Hunters').partnerId;
  const cave = run('partner', 'add', '--name', 'Coupon Cave').partnerId;
  run('partner', 'add', '--name', 'Run Club', '--email', 'team@runclub.test', '--status', 'pending');

  const offer = (await ok(t, 'create_offer', {
    name: 'Running Shoes', destinationUrl: 'https://acme.test/running', payoutType: 'percent', payout: '20',
    geoTargeting: ['US', 'CA'], deviceTargeting: ['desktop', 'mobile'],
  })).offerId;
  const secret = (await ok(t, 'rotate_offer_postback_secret', { offerId: offer })).postbackSecret;
  await ok(t, 'set_cap', { offerId: offer, daily: 25 });
  await ok(t, 'create_coupon', { partnerId: deals, code: 'DEAL10', maxUses: 100 });

  const postback = (params, at) => {
    const query = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const signed = query.split('&').sort((a, b) => (a.split('=')[0] < b.split('=')[0] ? -1 : 1)).join('&');
    const sig = createHmac('sha256', secret).update(signed).digest('hex');
    return run('postback', `http://127.0.0.1:8765/api/postback/acme/${offer}?${query}&sig=${sig}`, '--at', at).conversion;
  };
  const sale = (partner, day, amount, txn, { clickGap = 3600, ip } = {}) => {
    const at = new Date(`2026-03-${day}T15:00:00Z`);
    const clickAt = new Date(at.getTime() - clickGap * 1000).toISOString();
    const click = run('click', '--offer', offer, '--partner', partner, '--at', clickAt, ...(ip ? ['--ip', ip] : [])).clickId;
    return postback({ click_id: click, txn_id: txn, amount, event: 'sale' }, at.toISOString());
  };

  run('click', '--offer', offer, '--partner', blog, '--at', '2026-03-03T09:00:00Z', '--count', '30');
  run('click', '--offer', offer, '--partner', deals, '--at', '2026-03-10T09:00:00Z', '--count', '16');
  run('click', '--offer', offer, '--partner', cave, '--at', '2026-03-14T09:00:00Z', '--count', '4');

  const early = [sale(blog, '02', '120.00', 'A-1001'), sale(blog, '04', '89.90', 'A-1002'), sale(blog, '06', '240.00', 'A-1003')];
  sale(blog, '08', '64.50', 'A-1004');
  sale(blog, '10', '150.00', 'A-1005');
  sale(blog, '12', '99.00', 'A-1006');
  sale(deals, '09', '45.00', 'A-1007');
  sale(deals, '11', '310.00', 'A-1008');
  sale(deals, '13', '75.00', 'A-1009');
  postback({ txn_id: 'A-1010', amount: '52.00', event: 'sale', coupon_code: 'deal10' }, '2026-03-14T18:00:00Z');
  // Coupon Cave: conversions seconds after their clicks, all from one address.
  for (const [i, amount] of ['38.00', '41.00', '36.50', '44.00'].entries())
    sale(cave, '14', amount, `A-102${i}`, { clickGap: 4, ip: '203.0.113.77' });

  for (const c of early) await ok(t, 'approve_conversion', { conversionId: c.conversionId });
  run('payouts', 'generate', '--partner', blog, '--through', '2026-03-07');
}
