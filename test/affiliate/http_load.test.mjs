// Trcker over HTTP under load (issue 17): 10,000 clicks and 2,000 signed
// postbacks (plus 200 repeats) from 64 concurrent keep-alive connections
// against one `tally serve --http`. Every redirected click is recorded once,
// every postback is one conversion, repeats are duplicates of it, the hard
// daily cap holds exactly, and `tally doctor` is clean. Runs on Node ≥ 22
// (node:sqlite counts the rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { startHttp } from '../support/http_server.mjs';
import { BASE_ENV, cli, ok, postbackUrl, sign, world } from './support.mjs';

const CONNECTIONS = 64;
const CLICKS = 10000;
const POSTBACKS = 2000;
const REPEATS = 200;
const CAP = 1500;

/** GET on a keep-alive agent; resolves {status, location, body}. */
function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, body }));
    });
    req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', reject);
  });
}

/** Runs jobs[i]() for every i with at most `width` at once; results in order. */
async function pool(jobs, width) {
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

test('10,000 clicks and 2,000 postbacks from 64 connections: nothing lost, caps exact, repeats once', { timeout: 300000 }, async () => {
  const w = await world();
  await ok(w.t, 'set_cap', { offerId: w.offer.offerId, daily: CAP, hard: true });
  const server = await startHttp({ db: w.db, env: BASE_ENV, args: ['--tracking-rate-limit', 'off'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    const clickPath = `/c/acme/${w.offer.offerId}/${w.a.partnerId}`;
    const clicks = await pool(Array.from({ length: CLICKS }, () => () => get(agent, server.port, clickPath)), CONNECTIONS);
    assert.deepEqual([...new Set(clicks.map((c) => c.status))], [302]);
    const ids = clicks.map((c) => new URL(c.location).searchParams.get('click_id'));
    assert.equal(new Set(ids).size, CLICKS, 'every click got its own id');

    const base = '/api/postback';
    const urls = Array.from({ length: POSTBACKS }, (_, i) => {
      const full = sign(postbackUrl('acme', w.offer.offerId, { click_id: ids[i], txn_id: `L${i}`, amount: '10.00' }, base), w.secret);
      return full;
    });
    const sent = [...urls, ...urls.slice(0, REPEATS)];
    const answers = await pool(sent.map((u) => () => get(agent, server.port, u)), CONNECTIONS);
    for (const a of answers) assert.equal(a.status, 200, a.body);
    const parsed = answers.map((a) => JSON.parse(a.body));
    const first = parsed.slice(0, POSTBACKS);
    assert.equal(new Set(first.map((p) => p.conversionId)).size, POSTBACKS);
    // A repeat may arrive before or after its first; either way one of the two is the duplicate of the other.
    for (let i = 0; i < REPEATS; i++) {
      const pair = [parsed[i], parsed[POSTBACKS + i]];
      assert.equal(pair[0].conversionId, pair[1].conversionId, `txn L${i}`);
      assert.deepEqual(pair.map((p) => p.duplicate).sort(), [false, true], `txn L${i}`);
    }

    const db = new DatabaseSync(w.db, { readOnly: true });
    try {
      const one = (sql) => Object.values(db.prepare(sql).get())[0];
      assert.equal(one('SELECT count(*) FROM tr_click'), CLICKS);
      assert.equal(one('SELECT sum(clicks) FROM tr_click_daily'), CLICKS);
      assert.equal(one('SELECT count(*) FROM tr_conversion'), POSTBACKS);
      assert.equal(one("SELECT count(*) FROM tr_conversion WHERE status <> 'rejected'"), CAP, 'the hard cap holds exactly');
      assert.equal(one("SELECT count(*) FROM tr_conversion WHERE reject_reason = 'cap_exceeded'"), POSTBACKS - CAP);
    } finally {
      db.close();
    }
    const doctor = cli(w.db, ['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    agent.destroy();
    await server.stop();
    await w.close();
  }
});
