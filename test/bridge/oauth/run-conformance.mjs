#!/usr/bin/env node
// Runs every client scenario of @modelcontextprotocol/conformance (pinned in
// test/package.json) against tally-bridge, one scenario at a time, through
// conformance-driver.mjs, and fails when fewer than MIN_PASS (default 26) pass.
//
// One at a time because in --suite mode the runner ignores the client's exit code;
// here each scenario's checks.json and exit code are read separately. A scenario passes
// with at least one SUCCESS check, no FAILURE or WARNING, and runner exit code 0.
//
// Env: TALLY_BRIDGE (binary), NODE22 (Node >= 22 for the runner), MIN_PASS,
// SCENARIO_TIMEOUT_MS (default 60000), CONFORMANCE_FILTER (regex), CONFORMANCE_OUT (keep results).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const testRoot = resolve(here, '..', '..');
const node22 = process.env.NODE22 || join(testRoot, 'node_modules', '.bin', 'node');
// CONFORMANCE_CLI: another release (the 2026-07-28 alpha); SPEC_VERSION: run only the
// scenarios tagged with that version, under --spec-version.
const cli = process.env.CONFORMANCE_CLI
  ? resolve(testRoot, process.env.CONFORMANCE_CLI)
  : join(testRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const spec = process.env.SPEC_VERSION || '';
const minPass = Number(process.env.MIN_PASS ?? 26);
const perScenario = Number(process.env.SCENARIO_TIMEOUT_MS || 60000);
if (!process.env.TALLY_BRIDGE) {
  console.error('run-conformance: set TALLY_BRIDGE to the tally-bridge binary');
  process.exit(2);
}

const listed = spawnSync(node22, [cli, 'list', '--client'], { encoding: 'utf8' });
if (listed.status !== 0) {
  console.error('run-conformance: cannot list scenarios:', listed.stderr);
  process.exit(2);
}
const filter = new RegExp(process.env.CONFORMANCE_FILTER || '.');
const scenarios = [...listed.stdout.matchAll(/^\s+- (\S+)(?: \[([^\]]*)\])?/gm)]
  .filter((m) => !spec || (m[2] ?? '').split(',').includes(spec))
  .map((m) => m[1]).filter((s) => filter.test(s));

const out = process.env.CONFORMANCE_OUT || mkdtempSync(join(tmpdir(), 'tally-conformance-out-'));

function run(scenario, dir) {
  return new Promise((done) => {
    const child = spawn(node22, [cli, 'client', '--command', `${process.execPath} ${join(here, 'conformance-driver.mjs')}`,
      '--scenario', scenario, ...(spec ? ['--spec-version', spec] : []), '--timeout', '30000', '-o', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => {
      log += `\nrun-conformance: scenario timed out after ${perScenario} ms\n`;
      child.kill('SIGKILL');
    }, perScenario);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: signal ? 1 : code, log });
    });
  });
}

function checksIn(dir) {
  const found = [];
  (function walk(d) {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === 'checks.json') found.push(...JSON.parse(readFileSync(p, 'utf8')));
    }
  })(dir);
  return found;
}

let passed = 0;
const failed = [];
for (const [i, scenario] of scenarios.entries()) {
  const dir = join(out, String(i).padStart(2, '0'));
  const { code, log } = await run(scenario, dir);
  const checks = checksIn(dir);
  const count = (s) => checks.filter((c) => c.status === s).length;
  const ok = count('SUCCESS') > 0 && count('FAILURE') === 0 && count('WARNING') === 0 && code === 0;
  const bad = checks.find((c) => c.status === 'FAILURE' || c.status === 'WARNING');
  console.log(`${ok ? 'PASS' : 'FAIL'} ${scenario} (${count('SUCCESS')} checks ok${bad ? `; ${bad.id}: ${bad.description}` : ''}${code ? `; runner exit ${code}` : ''})`);
  if (ok) passed++;
  else {
    failed.push(scenario);
    console.log(log.split('\n').filter((l) => !/^\s+at /.test(l)).slice(-25).join('\n'));
  }
}
console.log(`conformance client scenarios: ${passed}/${scenarios.length} passed` +
  (failed.length ? ` (failed: ${failed.join(', ')})` : ''));
if (!process.env.CONFORMANCE_OUT) rmSync(out, { recursive: true, force: true });
process.exit(passed >= minPass ? 0 : 1);
