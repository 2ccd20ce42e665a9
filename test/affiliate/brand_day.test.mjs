// A brand's day on `tally serve --http` (issue 17), end to end over real
// sockets: the official TypeScript SDK client creates and configures an offer
// over MCP; shoppers follow the click URL get_offer_config prints; the
// advertiser's backend (behind a trusted proxy) sends signed postbacks to the
// postback URL it prints, including a forged, a foreign and a repeated one;
// outbound postbacks reach the advertiser fixture, which fails its first two
// deliveries; approvals, a payout paid from a ledger account, and a clean
// `tally doctor` close the day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';
import { startAdvertiser, eventually } from './advertiser.mjs';
import { cli, cliOk, sign } from './support.mjs';

const ADVERTISER_IP = '198.51.100.4';  // what the proxy says the advertiser's backend is
const REAL_TIME = { TALLY_NOW: '', TZ: 'UTC' };

test("a brand's day: clicks, signed postbacks, outbound deliveries with retries, approval, payout into the ledger", async () => {
  const dir = tempDir('tally-brand-day-');
  const adv = await startAdvertiser((url, before) => (before < 2 ? 503 : 200));
  const server = await startHttp({ db: dir.db, env: REAL_TIME, args: ['--trust-proxy', '127.0.0.1', '--tracking-rate-limit', 'off',
    '--allow-private-postbacks', '--postback-retry-base', '40'] });
  const client = new Client({ name: 'brand-day', version: '1.0.0' });
  const tool = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${r.content[0].text}`);
    return r.structuredContent;
  };
  try {
    const run = (args) => cliOk(dir.db, args, REAL_TIME);
    run(['affiliate', 'brand', 'create', 'acme', '--name', 'Acme Running', '--postback-base', `${server.base}/api/postback`]);
    const [a, b, c] = ['Trail Blog', 'Run Club', 'Coupon Site'].map((name) => run(['affiliate', 'partner', 'add', '--name', name]));
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));

    // The offer, created and configured over MCP.
    const offer = await tool('create_offer', { name: 'Trail shoes', destinationUrl: 'https://shop.test/trail?cid={CLICK_ID}',
      payoutType: 'percent', payout: '10' });
    const secret = (await tool('rotate_offer_postback_secret', { offerId: offer.offerId })).postbackSecret;
    await tool('update_offer', { offerId: offer.offerId, allowedPostbackIps: [ADVERTISER_IP],
      postbackUrlTemplate: `http://127.0.0.1:${adv.port}/conv?cid={CLICK_ID}&tx={TXN_ID}&amount={AMOUNT}&status={STATUS}` });
    await tool('pause_partner', { partnerId: c.partnerId });
    const config = await tool('get_offer_config', { offerId: offer.offerId });
    assert.equal(config.clickUrl, `${server.base}/c/acme/${offer.offerId}/{PARTNER_ID}`);
    assert.ok(config.postbackUrl.startsWith(`${server.base}/api/postback/acme/${offer.offerId}?`), config.postbackUrl);

    // 50 clicks through the printed click URL, each sent on to the destination with its click id.
    const clickIds = [];
    for (let i = 0; i < 50; i++) {
      const partner = i % 2 ? b : a;
      const r = await fetch(config.clickUrl.replace('{PARTNER_ID}', partner.partnerId) + `?sub1=post${i}`, { redirect: 'manual' });
      assert.equal(r.status, 302);
      const location = new URL(r.headers.get('location'));
      assert.equal(`${location.origin}${location.pathname}`, 'https://shop.test/trail');
      clickIds.push({ partner, id: location.searchParams.get('cid') });
    }
    assert.equal(new Set(clickIds.map((x) => x.id)).size, 50);
    const paused = await fetch(config.clickUrl.replace('{PARTNER_ID}', c.partnerId), { redirect: 'manual' });
    assert.equal(paused.status, 403);
    assert.match(await paused.text(), /not active|paused/i);
    const stats = await tool('get_offer_stats', { offerId: offer.offerId });
    assert.equal(stats.offers[0].clicks, 50, 'the paused partner\'s click was not recorded');

    // The advertiser's postbacks: the printed URL with its placeholders filled, signed.
    const postback = (click, txn, amount, { key = secret, from = ADVERTISER_IP } = {}) => {
      const url = config.postbackUrl.replace('{CLICK_ID}', click).replace('{TXN_ID}', txn).replace('{AMOUNT}', amount)
        .replace('{EVENT_TYPE}', 'sale');
      return fetch(sign(url, key), { headers: { 'x-forwarded-for': from } }).then(async (r) => ({ status: r.status, body: await r.json() }));
    };
    const sales = clickIds.slice(0, 6);
    const conversions = [];
    for (const [i, click] of sales.entries()) {
      const r = await postback(click.id, `ORD-${i}`, `${100 + i}.00`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.duplicate, false);
      conversions.push({ ...r.body, partner: click.partner, txn: `ORD-${i}`, click: click.id });
    }
    const forged = await postback(clickIds[10].id, 'ORD-X', '999.00', { key: 'f'.repeat(64) });
    assert.equal(forged.status, 403);
    assert.match(forged.body.error, /signature does not match/);
    const foreign = await postback(clickIds[11].id, 'ORD-Y', '50.00', { from: '203.0.113.66' });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error, /203\.0\.113\.66 is not one of the offer's allowed postback IPs/);
    const repeat = await postback(sales[0].id, 'ORD-0', '100.00');
    assert.equal(repeat.status, 200);
    assert.equal(repeat.body.duplicate, true);
    assert.equal(repeat.body.conversionId, conversions[0].conversionId);
    assert.equal((await tool('get_conversions', { limit: 100 })).conversions.length, 6);

    // Approve them all over MCP; each conversion's postbacks reach the advertiser in order.
    for (const conv of conversions) await tool('approve_conversion', { conversionId: conv.conversionId });
    await adv.until(() => conversions.every((conv) => adv.acknowledged().filter((r) => r.params.tx === conv.txn).length === 2),
      'recorded and approved for each conversion');
    assert.deepEqual(adv.received.slice(0, 2).map((r) => r.status), [503, 503], 'the first two deliveries failed');
    for (const conv of conversions) {
      const acks = adv.acknowledged().filter((r) => r.params.tx === conv.txn);
      assert.deepEqual(acks.map((r) => r.params.status), ['recorded', 'approved']);
      assert.equal(acks[0].params.cid, conv.click);
    }

    // Pay partner A from a ledger account; the books show the commission.
    const checking = await tool('ledger_create_account', { name: 'Business Checking', type: 'asset', subtype: 'bank' });
    const today = new Date().toISOString().slice(0, 10);
    const payout = run(['affiliate', 'payouts', 'generate', '--partner', a.partnerId, '--through', today]);
    const owed = conversions.filter((conv) => conv.partner === a)
      .reduce((sum, conv) => sum + Math.round(Number(conv.txn.slice(4)) + 100) * 10, 0);  // 10 % of each sale, in cents
    assert.equal(payout.amount.amountMinor, owed);
    const paid = await tool('mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', fromAccountId: checking.id });
    assert.match(paid.ledgerTransactionId, /^txn_/);
    const balances = await tool('ledger_get_balances', { accountIds: [checking.id] });
    assert.equal(balances.accounts[0].balance.amountMinor, -owed);
    const paidOnes = conversions.filter((conv) => conv.partner === a);
    await adv.until(() => paidOnes.every((conv) => adv.acknowledged().some((r) => r.params.tx === conv.txn && r.params.status === 'paid')),
      'the paid postbacks');
    const delivered = await eventually(async () => {
      const page = await tool('get_conversions', { limit: 100 });
      return page.conversions.every((x) => x.postbacks.every((p) => p.state === 'delivered')) && page;
    }, 'every delivery recorded');
    for (const x of delivered.conversions) {
      assert.deepEqual(x.postbacks.map((p) => p.status), x.partnerId === a.partnerId ? ['recorded', 'approved', 'paid'] : ['recorded', 'approved']);
    }

    const doctor = cli(dir.db, ['doctor'], REAL_TIME);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    await client.close().catch(() => {});
    await server.stop();
    await adv.close();
    dir.cleanup();
  }
});
