// Trcker's click redirect over HTTP (issue 17): the clickUrl get_offer_config
// prints, served by `tally serve --http`, records the click with what the
// handler saw (address, user agent, device class, country from a trusted
// proxy's header, sub ids, the caller's own click id) and sends the shopper to
// the offer's own destination with Tally's click id. Paused offers and
// partners, targeting misses and unknown ids get a small page and record
// nothing; HEAD and link-preview bots record nothing; no parameter can choose
// where the redirect goes. Runs on Node ≥ 22 (node:sqlite reads the clicks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { startHttp } from '../support/http_server.mjs';
import { BASE_ENV, cli, ok, world } from './support.mjs';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';

function clicks(db) {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    return d.prepare('SELECT id, partner_id, ip, client_click_id, user_agent, device, country, subs FROM tr_click ORDER BY created_at, id').all();
  } finally {
    d.close();
  }
}

test('click redirect: records what it saw, redirects only to the offer, refuses with a page', async () => {
  const w = await world();
  const server = await startHttp({ db: w.db, env: BASE_ENV,
    args: ['--trust-proxy', '127.0.0.1', '--country-header', 'CF-IPCountry', '--tracking-rate-limit', 'off'] });
  const go = (path, headers = {}, method = 'GET') => fetch(`${server.base}${path}`, { method, headers, redirect: 'manual' });
  try {
    const config = await ok(w.t, 'get_offer_config', { offerId: w.offer.offerId });
    assert.equal(config.clickUrl, `http://127.0.0.1:8765/c/acme/${w.offer.offerId}/{PARTNER_ID}`);
    const link = (partner, query = '') => `/c/acme/${w.offer.offerId}/${partner}${query}`;

    // A person on an iPhone behind the proxy, with sub ids and their own click id.
    const r = await go(link(w.a.partnerId, '?sub1=newsletter&sub2=spring%20sale&click_id=cli-42&utm=ignored'),
      { 'user-agent': IPHONE, 'cf-ipcountry': 'de', 'x-forwarded-for': '198.51.100.23' });
    assert.equal(r.status, 302);
    const location = new URL(r.headers.get('location'));
    assert.equal(`${location.origin}${location.pathname}`, 'https://acme.test/shoes');
    const clickId = location.searchParams.get('click_id');
    assert.match(clickId, /^clk_/);
    let rows = clicks(w.db);
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0] }, { id: clickId, partner_id: w.a.partnerId, ip: '198.51.100.23', client_click_id: 'cli-42',
      user_agent: IPHONE, device: 'mobile', country: 'DE', subs: JSON.stringify({ sub1: 'newsletter', sub2: 'spring sale' }) });
    // The click is attributable: a postback naming it converts.
    const conversion = w.postback({ click_id: clickId });
    assert.equal(conversion.status, 0, conversion.stderr);

    // {CLICK_ID} in the destination is replaced; an appended click_id keeps the fragment last.
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, destinationUrl: 'https://acme.test/land?ref={CLICK_ID}&x=1#top' });
    const placed = new URL((await go(link(w.a.partnerId), { 'user-agent': DESKTOP })).headers.get('location'));
    assert.match(placed.searchParams.get('ref'), /^clk_/);
    assert.equal(placed.hash, '#top');
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, destinationUrl: 'https://acme.test/land#top' });
    const appended = (await go(link(w.a.partnerId), { 'user-agent': DESKTOP })).headers.get('location');
    assert.match(appended, /^https:\/\/acme\.test\/land\?click_id=clk_\w+#top$/);
    assert.equal(clicks(w.db).length, 3);

    // No open redirect: nothing in the request chooses the Location.
    for (const attempt of ['?url=https://evil.test', '?destination=https://evil.test&redirect=//evil.test', '/..%2F..%2Fevil.test',
      '?click_id=%0d%0aLocation:%20https://evil.test']) {
      const res = await go(link(w.a.partnerId) + attempt, { 'user-agent': DESKTOP });
      if (res.status === 302) assert.match(res.headers.get('location'), /^https:\/\/acme\.test\/land\?click_id=clk_\w+#top$/, attempt);
      else assert.ok([400, 404].includes(res.status), `${attempt}: ${res.status}`);
    }
    const before = clicks(w.db).length;

    // HEAD and link previews are redirected but not counted.
    assert.equal((await go(link(w.a.partnerId), { 'user-agent': DESKTOP }, 'HEAD')).status, 302);
    const slack = await go(link(w.a.partnerId), { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' });
    assert.equal(slack.status, 302);
    assert.equal(slack.headers.get('location'), 'https://acme.test/land#top');
    assert.equal(clicks(w.db).length, before);

    // Refusals: a page with the reason and status; nothing recorded.
    const refused = async (path, headers, status, reason) => {
      const res = await go(path, headers);
      assert.equal(res.status, status, path);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(await res.text(), reason);
    };
    await refused(link(w.p.partnerId), {}, 403, /partner is pending/);
    await refused(link('ptn_nosuchpartner'), {}, 404, /no such partner/);
    await refused(`/c/acme/off_nosuchoffer/${w.a.partnerId}`, {}, 404, /no such offer/);
    await refused(`/c/other/${w.offer.offerId}/${w.a.partnerId}`, {}, 404, /no such offer/);
    await refused(`/c/acme/${w.offer.offerId}`, {}, 404, /not a tracking link/);
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, geoTargeting: ['US', 'CA'], deviceTargeting: ['mobile', 'tablet'] });
    await refused(link(w.a.partnerId), { 'user-agent': IPHONE, 'cf-ipcountry': 'DE' }, 403, /not available in your country \(DE\)/);
    await refused(link(w.a.partnerId), { 'user-agent': IPHONE }, 403, /cannot tell which country/);
    await refused(link(w.a.partnerId), { 'user-agent': DESKTOP, 'cf-ipcountry': 'US' }, 403, /kind of device \(desktop\)/);
    assert.equal(clicks(w.db).length, before);
    const tablet = await go(link(w.a.partnerId), { 'user-agent': IPAD, 'cf-ipcountry': 'us' });
    assert.equal(tablet.status, 302);
    rows = clicks(w.db);
    assert.equal(rows.at(-1).device, 'tablet');
    assert.equal(rows.at(-1).country, 'US');
    await ok(w.t, 'pause_offer', { offerId: w.offer.offerId });
    await refused(link(w.a.partnerId), { 'user-agent': IPAD, 'cf-ipcountry': 'US' }, 403, /offer is paused/);
    assert.equal((await go(link(w.a.partnerId), {}, 'POST')).status, 405);
    assert.equal(clicks(w.db).length, before + 1);
    const doctor = cli(w.db, ['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    await server.stop();
    await w.close();
  }
});

test('a country header from an untrusted peer is ignored (fail closed)', async () => {
  const w = await world();
  const server = await startHttp({ db: w.db, env: BASE_ENV, args: ['--country-header', 'CF-IPCountry'] });
  try {
    await ok(w.t, 'update_offer', { offerId: w.offer.offerId, geoTargeting: ['US'] });
    const res = await fetch(`${server.base}/c/acme/${w.offer.offerId}/${w.a.partnerId}`, { headers: { 'cf-ipcountry': 'US' }, redirect: 'manual' });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /cannot tell which country/);
    assert.equal(clicks(w.db).length, 0);
    // The click base is a brand setting, so stdio and HTTP print the same link.
    const set = cli(w.db, ['affiliate', 'brand', 'set', '--click-base', 'https://go.acme.test/']);
    assert.equal(set.status, 0, set.stderr);
    assert.equal(set.json.clickBaseUrl, 'https://go.acme.test');
    assert.equal((await ok(w.t, 'get_offer_config', { offerId: w.offer.offerId })).clickUrl,
      `https://go.acme.test/c/acme/${w.offer.offerId}/{PARTNER_ID}`);
    const bad = cli(w.db, ['affiliate', 'brand', 'set', '--click-base', 'https://go.acme.test/?x=1']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--click-base: must be an absolute http\(s\) URL without a query/);
  } finally {
    await server.stop();
    await w.close();
  }
});
