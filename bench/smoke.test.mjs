// CI smoke run of the benchmark driver (no timing assertions: a benchmark is
// not a timed test): tiny counts against the test build's tally on a ledger
// seeded through the tools, and the driver's report must be well formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../test/support/tally.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function node(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 90000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      (error ? reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

const positive = (x, what) => assert.ok(Number.isFinite(x) && x > 0, `${what} should be a positive number, got ${x}`);

test('the driver measures cold start, round trips, CPU, throughput and memory of tally serve', async () => {
  const dir = tempDir('tally-bench-smoke-');
  try {
    const seed = JSON.parse(await node([path.join(HERE, 'seed-tally.mjs'), '--tally', TALLY, '--db', dir.db,
      '--rows', '20', '--via', 'mcp']));
    assert.match(seed.cardId, /^crd_/);
    const report = JSON.parse(await node([path.join(HERE, 'driver.mjs'), '--scenario', path.join(HERE, 'scenarios/tally.json'),
      '--set', `cardId=${seed.cardId}`, '--cold-runs', '2', '--calls', '10', '--warmup', '2', '--pipelined', '50',
      '--', TALLY, 'serve', '--db', dir.db]));
    assert.equal(report.cold.runs, 2);
    positive(report.cold.ms.p50, 'cold.ms.p50');
    assert.deepEqual(report.tools.map((t) => t.name),
      ['list_transactions', 'log_transaction', 'get_financial_summary', 'get_billing_status']);
    for (const t of report.tools) {
      assert.equal(t.sequential.calls, 10, t.name);
      assert.equal(t.sequential.failures, 0, `${t.name}: ${t.sequential.firstFailure}`);
      positive(t.sequential.us.p50, `${t.name} p50`);
      assert.ok(t.sequential.us.p99 >= t.sequential.us.p50, `${t.name} p99 >= p50`);
      assert.ok(t.sequential.cpuUsPerCall >= 0, `${t.name} CPU per call`);
      assert.equal(t.pipelined.answered, 50, t.name);
      assert.equal(t.pipelined.failures, 0, `${t.name}: ${t.pipelined.firstFailure}`);
      positive(t.pipelined.callsPerSecond, `${t.name} calls/s`);
      assert.ok(t.pipelined.firstAnswerMs <= t.pipelined.elapsedMs, `${t.name} first answer within the run`);
      positive(t.idleRssKiB, `${t.name} idle RSS`);
      assert.ok(t.peakKiB >= t.idleRssKiB, `${t.name} peak >= idle`);
    }
  } finally {
    dir.cleanup();
  }
});
