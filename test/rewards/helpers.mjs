// Shared helpers for the rewards tests: a ledger in a temp folder, a fixed
// clock and id seed, and calls that assert success or a tool error.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { TallyProcess, tempDir, TALLY } from '../support/tally.mjs';

export const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };

/** Only the rewards toolset is served, so these tests depend on no other toolset. */
const ONLY = ['--toolsets', 'rewards'];

/** Starts `tally serve` on a fresh (or given) ledger; returns {t, dir}. */
export async function start({ dir = tempDir('tally-rewards-'), env = {}, args = ['serve'] } = {}) {
  const t = new TallyProcess({ db: dir.db, env: { ...ENV, ...env }, args: [...args, ...ONLY] });
  await t.initialize();
  return { t, dir };
}

/** Calls a tool that must succeed; returns its structuredContent (checked against its text). */
export async function ok(t, name, args = {}) {
  const r = await t.call(name, args);
  assert.ok(!r.isError, `${name} ${JSON.stringify(args)} failed: ${r.content?.[0]?.text}`);
  assert.deepEqual(JSON.parse(r.content[0].text), r.structuredContent, `${name}: text and structuredContent differ`);
  return r.structuredContent;
}

/** Calls a tool that must fail with an isError result; returns the message. */
export async function fails(t, name, args = {}) {
  const r = await t.call(name, args);
  assert.equal(r.isError, true, `${name} ${JSON.stringify(args)} should have failed: ${r.content?.[0]?.text}`);
  return r.content[0].text;
}

/** Runs the tally CLI on `db`; returns {status, stdout, stderr}. */
export function cli(db, args, env = {}) {
  const r = spawnSync(TALLY, [...args, ...ONLY], { env: { ...process.env, ...ENV, ...env, TALLY_DB: db }, encoding: 'utf8', timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { execFileSync, tempDir, TallyProcess };
