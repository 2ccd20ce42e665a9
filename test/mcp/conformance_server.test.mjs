// The official conformance suite's server scenarios that apply to a stdio
// tools server, run one at a time against `tally serve --test-tools` behind
// stdio_http_shim.mjs. Every scenario must pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.resolve(here, '..', 'node_modules');
const node22 = path.join(modules, '.bin', 'node');
const conformance = path.join(modules, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

const SCENARIOS = [
  'server-initialize', 'ping', 'logging-set-level', 'tools-list',
  'tools-call-simple-text', 'tools-call-image', 'tools-call-audio', 'tools-call-embedded-resource',
  'tools-call-mixed-content', 'tools-call-with-logging', 'tools-call-error', 'tools-call-with-progress',
  'tools-call-sampling', 'tools-call-elicitation',
  'elicitation-sep1034-defaults', 'elicitation-sep1330-enums',
];

function checksIn(dir) {
  const checks = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f === 'checks.json') checks.push(...JSON.parse(readFileSync(p, 'utf8')));
    }
  };
  walk(dir);
  return checks;
}

test('conformance server scenarios pass against tally over stdio', async (t) => {
  const work = mkdtempSync(path.join(tmpdir(), 'tally-conf-'));
  const shim = spawn(process.execPath, [path.join(here, 'stdio_http_shim.mjs'), '0', process.env.TALLY_BIN,
    'serve', '--test-tools', '--db', path.join(work, 'ledger.db')], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('shim did not start')), 10000);
      shim.stdout.once('data', (d) => { clearTimeout(timer); resolve(d.toString().trim()); });
    });
    let passed = 0;
    const failures = [];
    for (const scenario of SCENARIOS) {
      const out = path.join(work, scenario);
      await new Promise((resolve) => execFile(node22, [conformance, 'server', '--url', url, '--scenario', scenario, '-o', out],
        { timeout: 60000 }, () => resolve()));
      const checks = checksIn(out);
      const failed = checks.filter((c) => c.status === 'FAILURE');
      const ok = checks.length > 0 && failed.length === 0;
      if (ok) passed += 1;
      else failures.push(`${scenario}: ${checks.length === 0 ? 'no checks recorded' : failed.map((c) => `${c.id}: ${c.errorMessage}`).join('; ')}`);
      await t.test(scenario, () => assert.ok(ok, failures.at(-1)));
    }
    console.log(`conformance server scenarios: ${passed}/${SCENARIOS.length} passed`);
    assert.equal(passed, SCENARIOS.length, failures.join('\n'));
  } finally {
    shim.stdin.end();
    shim.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
});
