// The official conformance server suite 0.2.0-alpha.12 against the real
// `tally serve --http --test-tools` on localhost, both requirement sets:
// 2025-11-25 at the initialize wire and 2026-07-28 stateless. Every scored
// scenario counts; the test fails below the counts the README states
// (MIN_2025, MIN_2026) and prints each failure and the not-scored results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRequirements } from '../support/conformance.mjs';
import { startHttp } from '../support/http_server.mjs';

// Every scored scenario of both sets passes (2026-07-28's server-stateless uses the
// test pack's diagnostic tools test_missing_capability, test_streaming_elicitation
// and test_logging_tool).
const MINIMUM = { '2025-11-25': 30, '2026-07-28': 37 };

for (const revision of ['2025-11-25', '2026-07-28']) {
  test(`conformance --requirements ${revision} over tally serve --http`, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'tally-conf-http-'));
    const server = await startHttp({ db: path.join(work, 'ledger.db'), args: ['--test-tools', '--test-offerings', '--rate-limit', 'off'] });
    try {
      // localhost, not 127.0.0.1: dns-rebinding-protection needs a name to compare Host with.
      const { scored, notScored, verdict } = await runRequirements(`http://localhost:${server.port}/mcp`, revision, work);
      let passed = 0;
      const failures = [];
      for (const name of scored) {
        const v = verdict(name);
        if (v.ok) passed += 1;
        else failures.push(`${name}: ${v.why}`);
      }
      console.log(`${revision} over HTTP: scored ${passed}/${scored.length} passed`);
      for (const f of failures) console.log(`  scored failure: ${f}`);
      for (const name of notScored) console.log(`  not scored: ${name}: ${verdict(name).ok ? 'pass' : 'fail'}`);
      assert.ok(passed >= MINIMUM[revision], `${passed} scored scenarios passed; at least ${MINIMUM[revision]} must:\n${failures.join('\n')}`);
    } finally {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
}
