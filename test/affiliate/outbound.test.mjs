// Outbound postbacks (issue 17): an offer's postbackUrlTemplate is filled and
// queued in the conversion's own transaction, and a background sender in every
// long-running `tally serve` delivers it to the advertiser (here a local fixture
// server), retrying with backoff, in order per conversion, once per event even
// across restarts and with two servers on one ledger. Loopback and private
// addresses are refused unless --allow-private-postbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttp } from '../support/http_server.mjs';
import { startAdvertiser, eventually } from './advertiser.mjs';
import { execFile } from 'node:child_process';
import { TALLY } from '../support/tally.mjs';
import { BASE_ENV, cli, cliOk, ok, err, world } from './support.mjs';

// `--retry` sends to the fixture server living in this process, so it must not
// block the event loop as spawnSync would.
let seed = 9000;
function cliAsync(db, args) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, ...BASE_ENV, TALLY_SEED: String(seed++), TALLY_DB: db }, timeout: 20000 },
      (error, stdout, stderr) => {
        let json;
        try { json = JSON.parse(stdout); } catch { json = undefined; }
        resolve({ status: error ? error.code : 0, stdout, stderr, json });
      });
  });
}

const TEMPLATE = (port) =>
  `http://127.0.0.1:${port}/pb?click={CLICK_ID}&cnv={CONVERSION_ID}&amt={AMOUNT}&txn={TXN_ID}&ev={EVENT_TYPE}&st={STATUS}`;
const FAST = ['--allow-private-postbacks', '--postback-retry-base', '40'];

async function postbacksOf(w, conversionId) {
  const page = await ok(w.t, 'get_conversions', { limit: 500 });
  return page.conversions.find((c) => c.conversionId === conversionId).postbacks;
}

test('filled and URL-encoded, retried after failures, delivered in order per conversion', async () => {
  const adv = await startAdvertiser((url, before) => (before < 2 ? 503 : 200));  // fails its first two
  const w = await world({ serveArgs: FAST });
  try {
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, postbackUrlTemplate: TEMPLATE(adv.port) });
    const c = w.convert(w.a, { txn_id: 'A&B 1/2', amount: '49.99' });
    await adv.until(() => adv.acknowledged().length === 1, 'the recorded postback');
    assert.equal(adv.received.length, 3, 'two failures, then the delivery');
    const got = adv.acknowledged()[0].params;
    assert.deepEqual(got, { click: c.clickId, cnv: c.conversionId, amt: '49.99', txn: 'A&B 1/2', ev: 'sale', st: 'recorded' });
    assert.match(adv.received[0].url.search, /txn=A%26B%201%2F2&/, 'each placeholder percent-encoded');
    assert.match(adv.received[0].userAgent, /^Tally\//);

    await ok(w.t, 'approve_conversion', { conversionId: c.conversionId });
    await adv.until(() => adv.acknowledged().length === 2, 'the approved postback');
    assert.deepEqual(adv.acknowledged().map((r) => r.params.st), ['recorded', 'approved']);

    const deliveries = await eventually(async () => {
      const d = await postbacksOf(w, c.conversionId);
      return d.length === 2 && d.every((x) => x.state === 'delivered') && d;
    }, 'both deliveries recorded as delivered');
    assert.deepEqual(deliveries.map((d) => [d.status, d.state, d.attempts, d.lastHttpStatus]),
      [['recorded', 'delivered', 3, 200], ['approved', 'delivered', 1, 200]]);
    assert.equal(deliveries[0].lastError, null);
    assert.match(deliveries[0].deliveredAt, /^\d{4}-\d\d-\d\dT/);

    // Several events of one conversion wait for each other: a rejected conversion's
    // two postbacks arrive recorded-then-rejected although the first fails twice.
    adv.respond = (url) => (url.searchParams.get('st') === 'recorded' && adv.received.filter((r) => r.params.st === 'recorded' && r.params.cnv === url.searchParams.get('cnv')).length < 2 ? 500 : 200);
    const d = w.convert(w.b, { amount: '10.00' });
    await ok(w.t, 'reject_conversion', { conversionId: d.conversionId, reason: 'test' });
    await adv.until(() => adv.acknowledged().filter((r) => r.params.cnv === d.conversionId).length === 2, 'both postbacks of the rejected conversion');
    const order = adv.received.filter((r) => r.params.cnv === d.conversionId).map((r) => `${r.params.st}:${r.status}`);
    assert.deepEqual(order, ['recorded:500', 'recorded:500', 'recorded:200', 'rejected:200']);
  } finally {
    await w.close();
    await adv.close();
  }
});

test('status changes are sent only when the template uses {STATUS}; an offer without one sends nothing', async () => {
  const adv = await startAdvertiser();
  const w = await world({ serveArgs: FAST });
  try {
    const plain = await ok(w.t, 'create_offer', { name: 'No template', destinationUrl: 'https://acme.test/x', payoutType: 'fixed', payout: '5.00' });
    const plainSecret = (await ok(w.t, 'rotate_offer_postback_secret', { offerId: plain.offerId })).postbackSecret;
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, postbackUrlTemplate: `http://127.0.0.1:${adv.port}/pb?cnv={CONVERSION_ID}&ev={EVENT_TYPE}` });
    const c = w.convert(w.a);
    await ok(w.t, 'approve_conversion', { conversionId: c.conversionId });
    const silent = w.convert(w.a, {}, { offerId: plain.offerId, key: plainSecret });
    assert.deepEqual(await postbacksOf(w, silent.conversionId), []);
    // A later conversion's delivery shows the sender has passed the approval by.
    const later = w.convert(w.b);
    await adv.until(() => adv.acknowledged().some((r) => r.params.cnv === later.conversionId), 'the later conversion');
    assert.deepEqual(adv.received.map((r) => r.params.cnv), [c.conversionId, later.conversionId]);
    assert.equal((await postbacksOf(w, c.conversionId)).length, 1);

    const bad = await err(w.t, 'update_offer', { offerId: w.offer.offerId, postbackUrlTemplate: 'https://adv.test/?s={STATE}' });
    assert.match(bad, /unknown placeholder \{STATE\}.*\{STATUS\}/);
  } finally {
    await w.close();
    await adv.close();
  }
});

test('loopback refused without --allow-private-postbacks; `tally affiliate outbox` lists and re-sends', async () => {
  const adv = await startAdvertiser();
  const w = await world();  // no flag: the default
  try {
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, postbackUrlTemplate: TEMPLATE(adv.port) });
    const c = w.convert(w.a);
    const [failed] = await eventually(async () => {
      const d = await postbacksOf(w, c.conversionId);
      return d.length === 1 && d[0].state === 'failed' && d;
    }, 'the refused delivery');
    assert.match(failed.lastError, /127\.0\.0\.1 is a loopback address.*--allow-private-postbacks/);
    assert.equal(failed.attempts, 1, 'a refusal is not retried');
    assert.equal(adv.received.length, 0, 'nothing reached the loopback server');

    const listed = cliOk(w.db, ['affiliate', 'outbox', '--failed']);
    assert.deepEqual(listed.map((r) => r.outboxId), [failed.outboxId]);
    assert.equal(JSON.stringify(listed).includes(String(adv.port)), false, 'no URL (it may carry a token) in the list');

    const refused = await cliAsync(w.db, ['affiliate', 'outbox', '--retry', String(failed.outboxId)]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /loopback address/);
    assert.equal(adv.received.length, 0);

    const sent = await cliAsync(w.db, ['affiliate', 'outbox', '--retry', String(failed.outboxId), '--allow-private-postbacks']);
    assert.equal(sent.status, 0, sent.stderr);
    assert.equal(sent.json.state, 'delivered');
    assert.equal(adv.received.length, 1);
    assert.deepEqual(cliOk(w.db, ['affiliate', 'outbox', '--failed']), []);
    const again = cli(w.db, ['affiliate', 'outbox', '--retry', String(failed.outboxId), '--allow-private-postbacks']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /was delivered at .*nothing to send/);
    const unknown = cli(w.db, ['affiliate', 'outbox', '--retry', '999999']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /outbox entry 999999 not found/);
    assert.equal(adv.received.length, 1);
  } finally {
    await w.close();
    await adv.close();
  }
});

test('a restart sends what was still queued, and nothing acknowledged twice; two servers never send one delivery twice', async () => {
  let up = false;
  const adv = await startAdvertiser(() => (up ? 200 : 503));
  const w = await world();
  await w.t.close();  // only the HTTP servers send here
  const args = [...FAST, '--postback-attempts', '50'];
  let server = await startHttp({ db: w.db, env: BASE_ENV, args });
  try {
    cliOk(w.db, ['call', 'update_offer', JSON.stringify({ offerId: w.offer.offerId, postbackUrlTemplate: TEMPLATE(adv.port) })]);
    const first = [w.convert(w.a), w.convert(w.b), w.convert(w.a)];
    await adv.until(() => first.every((c) => adv.received.some((r) => r.params.cnv === c.conversionId)), 'a failed attempt of each');
    await server.stop();
    const queued = cliOk(w.db, ['affiliate', 'outbox']);
    assert.equal(queued.length, 3);
    assert.ok(queued.every((r) => r.state === 'queued' && r.attempts >= 1), JSON.stringify(queued));

    up = true;
    const tried = adv.received.length;
    server = await startHttp({ db: w.db, env: BASE_ENV, args });
    await adv.until(() => first.every((c) => adv.acknowledged().some((r) => r.params.cnv === c.conversionId)), 'all three after the restart');
    assert.ok(adv.received.length > tried);
    // A second server on the same ledger: both run a sender, one holds the lease.
    const second = await startHttp({ db: w.db, env: BASE_ENV, args });
    try {
      const more = Array.from({ length: 12 }, (_, i) => w.convert(i % 2 ? w.a : w.b));
      const all = [...first, ...more];
      await adv.until(() => all.every((c) => adv.acknowledged().some((r) => r.params.cnv === c.conversionId)), 'all fifteen');
      // A last conversion delivered after them: the senders have passed every earlier row.
      const barrier = w.convert(w.b);
      await adv.until(() => adv.acknowledged().some((r) => r.params.cnv === barrier.conversionId), 'the barrier conversion');
      for (const c of all) {
        assert.equal(adv.acknowledged().filter((r) => r.params.cnv === c.conversionId).length, 1, `${c.conversionId} acknowledged once`);
      }
      assert.ok(cliOk(w.db, ['affiliate', 'outbox']).every((r) => r.state === 'delivered'));
    } finally {
      await second.stop();
    }
  } finally {
    await server.stop();
    await w.close();
    await adv.close();
  }
});
