// CI smoke run of the benchmark driver (no timing assertions: a benchmark is
// not a timed test): tiny counts against the test build's tally on a ledger
// seeded through the tools, and the drivers' reports must be well formed
// (the stdio driver, and the HTTP load generator against both HTTP servers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../test/support/tally.mjs';
import { busyVerdict } from './lib/busy.mjs';
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
    const machineFields = (m, what) => {
      assert.equal(m.loadavgBefore.length, 3, what);
      assert.equal(m.loadavgAfter.length, 3, what);
      assert.ok(m.othersCores >= 0 && typeof m.busy === 'boolean', `${what}: ${JSON.stringify(m)}`);
    };
    machineFields(report.cold.machine, 'cold');
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
      machineFields(t.sequential.machine, `${t.name} sequential`);
      machineFields(t.pipelined.machine, `${t.name} pipelined`);
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

// The run's bookkeeping on made-up figures: --compare names each figure with its
// old and new value, and a target measured while the machine was busy is not
// called met (lib/busy.mjs's rule).
test('report --compare lists changed figures, and a busy phase is not judged', async () => {
  const dir = tempDir('tally-bench-compare-');
  try {
    const level = (rps, othersCpuShare) => ({ conns: 16, requestsPerSecond: rps, othersCpuShare, cores: 2, answered: 100,
      errors: 0, warmupErrors: 0, writes: 0, us: { p50: 100, p99: 200 }, readUs: { p99: 200 }, loadavgBefore: [1, 1, 1], loadavgAfter: [1, 1, 1] });
    const run = (tallyRps, othersCpuShare) => ({ started: 'then', http: {
      started: 'then', finished: 'later', tallyBuild: 'test', loadavgBefore: [0, 0, 0], loadavgAfter: [0, 0, 0],
      settings: { protocolVersion: '2025-06-18', seconds: 1, warmupSeconds: 0, writeEvery: 10 },
      sizes: [{ name: '1k', rows: 1000,
        tally: { peakKiB: 1000, mixes: [{ mix: 'reads', idleRssKiB: 500, peakKiB: 1000, levels: [level(tallyRps, othersCpuShare)] }] },
        reference: { peakKiB: 90000, mixes: [{ mix: 'reads', idleRssKiB: 500, peakKiB: 90000, levels: [level(100, 0)] }] } }] } });
    const oldFile = path.join(dir.dir, 'old.json'), newFile = path.join(dir.dir, 'new.json');
    fs.writeFileSync(oldFile, JSON.stringify(run(2000, 0)));
    fs.writeFileSync(newFile, JSON.stringify(run(3000, 0.4))); // others used 0.8 of a core
    const lines = (await node([path.join(HERE, 'report.mjs'), '--compare', oldFile, '--in', newFile])).trim().split('\n');
    assert.ok(lines.includes('http.sizes[1k].tally.mixes[reads].levels[16 conns].requestsPerSecond: 2000 → 3000 (+50.0%, ×1.50)'),
      lines.join('\n'));
    assert.ok(lines.includes('http.sizes[1k].reference.mixes[reads].levels[16 conns].requestsPerSecond: 100 → 100 (unchanged)'),
      lines.join('\n'));
    // 20× at 16 connections was met; at 30× on a busy machine it is not judged.
    assert.ok(lines.includes('  HTTP reads (list_transactions) throughput ≥ 10× the reference at 16 connections (1k): met → not judged'),
      lines.join('\n'));

    const out = path.join(dir.dir, 'RESULTS.md');
    await node([path.join(HERE, 'report.mjs'), '--in', newFile, '--out', out]);
    const row = fs.readFileSync(out, 'utf8').split('\n').find((l) => l.startsWith('| HTTP reads (list_transactions) throughput'));
    assert.ok(row, 'the throughput target is in the report');
    assert.match(row, /not judged: machine busy \(others used 80% CPU\)/);
    assert.doesNotMatch(row, /\*\*met\*\*|\*\*missed\*\*/);
    assert.equal(busyVerdict([{ machine: { othersCores: 0.1 } }]), null, 'a quiet phase is judged');
  } finally {
    dir.cleanup();
  }
});
