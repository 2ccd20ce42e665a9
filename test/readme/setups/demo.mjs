// The README's report, budget and search examples run on `tally demo`'s ledger
// (the same file a person gets from `tally demo`, at the fixed TALLY_NOW).
import { execFileSync } from 'node:child_process';
import { TALLY } from '../../support/tally.mjs';

export function before({ db, env }) {
  execFileSync(TALLY, ['demo', '--db', db], { env: { ...process.env, ...env }, stdio: 'pipe' });
}
