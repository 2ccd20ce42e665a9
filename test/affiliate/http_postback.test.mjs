// Trcker's inbound postback over HTTP (issue 17): the URL get_offer_config
// hands out, served by `tally serve --http`, runs the same ingest as
// `tally affiliate postback`: signed GETs and form POSTs are recorded once,
// repeats are duplicates, and every refusal has its status and a reason while
// nothing is recorded. Allowed IPs see the real peer, or the forwarded address
// only behind --trust-proxy. Its own rate limit per sender address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttp } from '../support/http_server.mjs';
import { BASE_ENV, cli, cliOk, ok, postbackUrl, sign, world } from './support.mjs';

const count = async (w) => (await ok(w.t, 'get_conversions', { limit: 100 })).conversions.length;

test('postbacks over HTTP: signed GET and form POST recorded once; refusals record nothing', async () => {
  const w = await world();
  const server = await startHttp({ db: w.db, env: BASE_ENV, args: ['--trust-proxy', '127.0.0.1'] });
  const base = `${server.base}/api/postback`;
  const get = (url, headers = {}) => fetch(url, { headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));
  try {
    const config = await ok(w.t, 'get_offer_config', { offerId: w.offer.offerId });
    assert.match(JSON.stringify(config), /http:\/\/127\.0\.0\.1:8765\/api\/postback\/acme\//);

    const click = w.click();
    const url = sign(postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H1', amount: '80.00' }, base), w.secret);
    const first = await get(url);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.conversionId, /^cnv_/);
    assert.equal(first.body.status, 'pending');
    assert.equal(first.body.duplicate, false);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const again = await get(url);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { ...first.body, duplicate: true });
    assert.equal(await count(w), 1);

    // A form POST: body pairs are signed together with the query's.
    const signed = new URL(sign(postbackUrl('acme', w.offer.offerId, { click_id: w.click(), txn_id: 'H2', amount: '12.50' }, base), w.secret));
    const posted = await fetch(`${base}/acme/${w.offer.offerId}`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: signed.search.slice(1) });
    assert.equal(posted.status, 200, await posted.clone().text());
    assert.equal((await posted.json()).duplicate, false);
    assert.equal(await count(w), 2);

    // Refusals: each with its status and reason, none recorded.
    const refusals = [
      [url.replace(/sig=[0-9a-f]+/, 'sig=' + '0'.repeat(64)).replace('H1', 'H3'), 403, /signature does not match/],
      [postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H4' }, base), 403, /unsigned/],
      [sign(postbackUrl('acme', 'off_nosuchoffer', { click_id: click, txn_id: 'H5' }, base), w.secret), 404, /not found/],
      [sign(postbackUrl('other', w.offer.offerId, { click_id: click, txn_id: 'H6' }, base), w.secret), 404, /not found/],
      [sign(postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H7', amount: 'ten' }, base), w.secret), 400, /amount/],
    ];
    for (const [u, status, reason] of refusals) {
      const r = await get(u);
      assert.equal(r.status, status, `${u}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, reason);
    }
    const asJson = await fetch(`${base}/acme/${w.offer.offerId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(asJson.status, 415);
    const put = await fetch(url, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    assert.equal(await count(w), 2);

    // Allowed IPs: the peer (127.0.0.1) is not allowed; behind the trusted proxy, the forwarded sender is.
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, allowedPostbackIps: ['203.0.113.9'] });
    const fromPeer = await get(sign(postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H8' }, base), w.secret));
    assert.equal(fromPeer.status, 403);
    assert.match(fromPeer.body.error, /IP 127\.0\.0\.1 is not one of the offer's allowed postback IPs/);
    const spoofed = await get(sign(postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H9' }, base), w.secret),
      { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' });
    assert.equal(spoofed.status, 403, 'only the hop the proxy added counts');
    const forwarded = await get(sign(postbackUrl('acme', w.offer.offerId, { click_id: click, txn_id: 'H10' }, base), w.secret),
      { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' });
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    assert.equal(await count(w), 3);

    // Neither the secret nor a signature reaches the access log (it logs paths without queries).
    assert.ok(!server.stderr.includes(w.secret));
    assert.ok(!/sig=/.test(server.stderr));
  } finally {
    await server.stop();
    await w.close();
  }
});

test('postbacks have their own rate limit per sender address (default 600/min)', async () => {
  const w = await world();
  try {
    const unknown = (base) => `${base}/api/postback/acme/off_none?txn_id=x`;
    const tight = await startHttp({ db: w.db, env: BASE_ENV, args: ['--tracking-rate-limit', '3/min'] });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(unknown(tight.base))).status);
      assert.deepEqual(statuses, [404, 404, 404, 429]);
      const limited = await fetch(unknown(tight.base));
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      // MCP has its own limit: postbacks did not use it up.
      const mcp = await fetch(`${tight.base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) });
      assert.equal(mcp.status, 200);
    } finally {
      await tight.stop();
    }
    const byDefault = await startHttp({ db: w.db, env: BASE_ENV });
    try {
      // A bucket of 600 that refills 10 a second: at least 600 pass, and a burst soon meets 429.
      let first429 = 0;
      for (let i = 1; i <= 3000 && !first429; i++) if ((await fetch(unknown(byDefault.base))).status === 429) first429 = i;
      assert.ok(first429 > 600, `the first 429 came at request ${first429}`);
    } finally {
      await byDefault.stop();
    }
  } finally {
    await w.close();
  }
});

test('over HTTP, an affiliate write audits the caller: address, user agent and key id', async () => {
  const w = await world();
  const keyRun = cli(w.db, ['keys', 'create', '--name', 'brand-backend']);
  const key = keyRun.stdout.trim();
  const keyId = JSON.parse(cli(w.db, ['keys', 'list', '--json']).stdout)[0].id;
  const server = await startHttp({ db: w.db, env: BASE_ENV, args: ['--rate-limit', 'off'] });
  try {
    const res = await fetch(server.url, { method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'mcp-protocol-version': '2025-11-25',
        authorization: `Bearer ${key}`, 'user-agent': 'AcmeBackend/2.1' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'pause_partner', arguments: { partnerId: w.b.partnerId } } }) });
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.equal(body.result.isError, undefined, JSON.stringify(body));
    const audit = cliOk(w.db, ['affiliate', 'audit']);
    const row = audit.findLast((r) => r.tool === 'pause_partner');
    assert.equal(row.client.address, '127.0.0.1');
    assert.equal(row.client.userAgent, 'AcmeBackend/2.1');
    assert.equal(row.client.keyId, keyId);
    assert.ok(!JSON.stringify(audit).includes(key), 'the key itself is never audited');
  } finally {
    await server.stop();
    await w.close();
  }
});
