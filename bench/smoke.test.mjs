// CI smoke run of the benchmark driver (no timing assertions: a benchmark is
// not a timed test): tiny counts against the test build's tally on a ledger
// seeded through the tools, and the drivers' reports must be well formed
// (the stdio driver, and the HTTP load generator against both HTTP servers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../test/support/tally.mjs';
import { httpSection, httpTargets } from './lib/http-report.mjs';

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

// The HTTP load generator against both HTTP servers (Tally's serve --http and
// the SDK reference) with a handful of requests per level, and the report's
// HTTP section built from what it measured.
test('the HTTP load generator measures tally serve --http and the SDK reference server', async () => {
  const dir = tempDir('tally-bench-http-smoke-');
  try {
    const seed = JSON.parse(await node([path.join(HERE, 'seed-tally.mjs'), '--tally', TALLY, '--db', dir.db,
      '--rows', '20', '--via', 'mcp']));
    const refDb = path.join(dir.dir, 'reference.db');
    await node([path.join(HERE, 'reference/seed.mjs'), '--db', refDb, '--rows', '20']);
    const load = async (scenario, extra, command) => JSON.parse(await node([path.join(HERE, 'http_load.mjs'),
      '--scenario', path.join(HERE, 'scenarios', scenario), '--conns', '1,4', '--seconds', '10', '--warmup-seconds', '0.1',
      '--requests', '30', ...extra, '--', ...command]));
    const tally = await load('tally.json', ['--set', `cardId=${seed.cardId}`],
      [TALLY, 'serve', '--http', '127.0.0.1:0', '--db', dir.db, '--rate-limit', 'off', '--log-file', path.join(dir.dir, 'access.log')]);
    const reference = await load('reference.json', [],
      [process.execPath, path.join(HERE, 'reference/ref-http-server.mjs'), '--db', refDb, '--sync', 'full']);
    for (const [name, report] of [['tally', tally], ['reference', reference]]) {
      assert.deepEqual(report.mixes.map((m) => m.mix), ['reads', 'mixed'], name);
      for (const m of report.mixes) {
        assert.deepEqual(m.levels.map((l) => l.conns), [1, 4], `${name} ${m.mix}`);
        assert.equal(m.exit.code, 0, `${name} ${m.mix}: the server exits cleanly on SIGTERM`);
        positive(m.peakKiB, `${name} ${m.mix} peak`);
        for (const l of m.levels) {
          const what = `${name} ${m.mix} ${l.conns} conns`;
          assert.equal(l.errors + l.warmupErrors, 0, `${what}: ${l.firstError}`);
          assert.ok(l.answered >= 30, `${what}: ${l.answered} answers`);
          positive(l.requestsPerSecond, `${what} requests/s`);
          assert.ok(l.us.p99 >= l.us.p50, `${what} p99 >= p50`);
          assert.ok(l.serverCpuUsPerRequest >= 0 && l.othersCpuShare >= 0, `${what} CPU figures`);
          if (m.mix === 'mixed') assert.ok(l.writes > 0 && l.writes < l.answered, `${what}: some writes among the reads`);
          else assert.equal(l.writes, 0, what);
        }
      }
    }
    const http = { sizes: [{ name: 'smoke', rows: 20, tally, reference }], settings: tally.settings, tallyBuild: 'test build',
      started: tally.date, finished: reference.date, loadavgBefore: [0, 0, 0], loadavgAfter: [0, 0, 0] };
    assert.ok(httpSection(http).some((line) => line.startsWith('| Tally | smoke | mixed | 4 |')));
    const targets = httpTargets(http);
    assert.ok(targets.some((t) => t.what.startsWith('HTTP peak memory')), JSON.stringify(targets));
  } finally {
    dir.cleanup();
  }
});
