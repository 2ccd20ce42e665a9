// Helpers for the affiliate tests: run `tally affiliate …` CLI commands on the
// same ledger a serving process uses, sign postbacks, and read tool results.
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { TALLY, TallyProcess, tempDir } from '../support/tally.mjs';

export const NOW = '2026-03-15T12:00:00Z';
export const BASE_ENV = { TALLY_NOW: NOW, TALLY_SEED: '7', TZ: 'UTC' };

// Every CLI run gets its own id seed: two runs with one seed and one fixed clock
// would mint the same ids.
let nextSeed = 1000;

/** Runs `tally <args>` on `db`; returns {status, stdout, stderr, json}. */
export function cli(db, args, env = {}) {
  const r = spawnSync(TALLY, args, {
    env: { ...process.env, ...BASE_ENV, TALLY_SEED: String(nextSeed++), TALLY_DB: db, ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  let json;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** Like cli() but throws unless it exits 0. */
export function cliOk(db, args, env = {}) {
  const r = cli(db, args, env);
  if (r.status !== 0) throw new Error(`tally ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.json;
}

/** Appends sig = hex HMAC-SHA256(secret, query without sig, pairs sorted by name). */
export function sign(url, secret) {
  const [base, query = ''] = url.split('?');
  const name = (p) => p.split('=')[0];
  const pairs = query.split('&').filter((p) => p && name(p) !== 'sig');
  pairs.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  const sig = createHmac('sha256', secret).update(pairs.join('&')).digest('hex');
  return `${base}?${query}${query ? '&' : ''}sig=${sig}`;
}

/** The inbound postback URL of an offer with these parameters (unsigned). */
export function postbackUrl(slug, offerId, params, base = 'http://127.0.0.1:8765/api/postback') {
  const q = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${base}/${slug}/${offerId}?${q}`;
}

/** structuredContent of a successful call; throws with the message on isError. */
export async function ok(t, name, args = {}) {
  const r = await t.call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content[0].text}`);
  return r.structuredContent;
}

/** The message of a failing call; throws if it succeeded. */
export async function err(t, name, args = {}) {
  const r = await t.call(name, args);
  if (!r.isError) throw new Error(`${name} unexpectedly succeeded: ${r.content[0].text}`);
  return r.content[0].text;
}

/**
 * A fresh ledger with brand `acme`, partners A (active, with e-mail), B (active), P (pending),
 * a `tally serve` process on it (initialized), and a percent offer with a rotated secret.
 */
export async function world({ brandArgs = [], serveArgs = [] } = {}) {
  const dir = tempDir('tally-affiliate-');
  const brand = cliOk(dir.db, ['affiliate', 'brand', 'create', 'acme', '--name', 'Acme Shoes', ...brandArgs]);
  const a = cliOk(dir.db, ['affiliate', 'partner', 'add', '--name', 'Blog A', '--email', 'a@blog.test']);
  const b = cliOk(dir.db, ['affiliate', 'partner', 'add', '--name', 'Blog B']);
  const p = cliOk(dir.db, ['affiliate', 'partner', 'add', '--name', 'Applicant', '--status', 'pending']);
  const t = new TallyProcess({ db: dir.db, env: BASE_ENV, args: ['serve', ...serveArgs] });
  await t.initialize();
  const offer = await ok(t, 'create_offer', {
    name: 'Shoes', destinationUrl: 'https://acme.test/shoes', payoutType: 'percent', payout: '10',
  });
  const secret = (await ok(t, 'rotate_offer_postback_secret', { offerId: offer.offerId })).postbackSecret;
  const w = {
    dir, db: dir.db, t, brand, a, b, p, offer, secret, txn: 0,
    /** Records a click of `partner` (default A) on `offerId` at `at`; returns its id. */
    click(partner = a, { offerId = offer.offerId, at = '2026-03-15T10:00:00Z', ip } = {}) {
      const args = ['affiliate', 'click', '--offer', offerId, '--partner', partner.partnerId, '--at', at];
      if (ip) args.push('--ip', ip);
      return cliOk(dir.db, args).clickId;
    },
    /** Sends a signed postback; returns the CLI result {status, json, stderr}. */
    postback(params, { offerId = offer.offerId, at = '2026-03-15T11:00:00Z', key = w.secret, extra = [] } = {}) {
      const full = { txn_id: `T${++w.txn}`, amount: '100.00', ...params };
      for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
      const url = sign(postbackUrl('acme', offerId, full), key);
      return cli(dir.db, ['affiliate', 'postback', url, '--at', at, ...extra]);
    },
    /** A click by `partner` an hour before, then its signed postback; returns the conversion. */
    convert(partner = a, params = {}, opts = {}) {
      const clickId = w.click(partner, { offerId: opts.offerId, ip: opts.ip, at: opts.clickAt });
      const r = w.postback({ click_id: clickId, ...params }, opts);
      if (r.status !== 0) throw new Error(`postback failed: ${r.stderr}`);
      return r.json.conversion;
    },
    async close() {
      await t.close();
      dir.cleanup();
    },
  };
  return w;
}
