// Runs the real `tally` binary for the import/export tests: one process per
// command, bounded in time, on a ledger in a fresh temporary folder.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { TALLY } from '../support/tally.mjs';

export const NOW = '2026-01-15T12:00:00Z';

/** Runs `tally ARGS`; resolves {code, stdout, stderr}. */
export function tally(args, { env = {}, timeout = 120000 } = {}) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, TALLY_NOW: NOW, TALLY_SEED: '', ...env }, timeout, maxBuffer: 1 << 28 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

/** Runs a tool through `tally call` and returns its parsed result; fails on a tool error. */
export async function call(db, tool, args = {}) {
  const r = await tally(['call', tool, JSON.stringify(args), '--db', db]);
  if (r.code !== 0) throw new Error(`${tool} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A digest of every table of the ledger (the JSON dump): equal digests, equal ledgers. */
export async function digest(db) {
  const r = await tally(['export', '--format', 'json', '--db', db]);
  if (r.code !== 0) throw new Error(`export failed: ${r.stderr}`);
  return createHash('sha256').update(r.stdout).digest('hex');
}

/** Tally's own balances by account name (debit +, as the journal shows them). */
export async function balances(db) {
  const out = {};
  for (const a of (await call(db, 'ledger_get_balances')).accounts) {
    const creditNormal = ['liability', 'equity', 'income'].includes(a.type);
    const minor = BigInt(a.balance.amountMinor) * (creditNormal ? -1n : 1n);
    out[`${a.name}|${a.type}|${a.currency}`] = minor;
  }
  return out;
}
