// Issue 22 item 3 in CI: about 20 SIGKILLs at random moments (stdio writes,
// HTTP writes, an import, a migration), each followed by the checks in
// test/support/crash_loop.mjs. bench/crash_loop runs the long version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashLoop } from '../support/crash_loop.mjs';

test('20 kills at random moments: answered writes present, imports whole or absent, migrations safe, doctor clean', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
  const report = await crashLoop({ iterations: 20, seed, log: (line) => console.log(`# ${line}`) });
  console.log(`# ${JSON.stringify(report)}`);
  assert.equal(report.iterations, 20);
  assert.ok(report.writesChecked > 0, 'some writes were answered before the kills');
});
