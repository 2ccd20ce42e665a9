// Runs the official conformance server suite 0.2.0-alpha.12 with
// `--requirements REV` against a URL and reads the verdicts per scenario from
// its checks.json files. Shared by the stdio-shim and the HTTP conformance tests.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.resolve(here, '..', 'node_modules');
const node22 = path.join(modules, '.bin', 'node');
const pack = path.join(modules, 'conformance-2026');
const conformance = path.join(pack, 'dist', 'index.js');

/// scenario → checks, from every checks.json under `dir` (one directory per scenario).
function checksByScenario(dir) {
  const out = new Map();
  const walk = (d, scenario) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p, scenario ?? f);
      else if (f === 'checks.json') out.set(scenario, [...(out.get(scenario) ?? []), ...JSON.parse(readFileSync(p, 'utf8'))]);
    }
  };
  walk(dir);
  return out;
}

function scenarioOf(dirName, names) {
  return names.find((n) => dirName === n || dirName.startsWith(`server-${n}-`) || dirName.startsWith(`${n}-`)) ?? dirName;
}

export async function runRequirements(url, revision, work) {
  const out = path.join(work, revision);
  await new Promise((resolve) => execFile(node22, [conformance, 'server', '--url', url, '--requirements', revision, '-o', out],
    { timeout: 600000, maxBuffer: 64 * 1024 * 1024 }, () => resolve()));
  const required = parse(readFileSync(path.join(pack, 'requirements', `${revision}.yaml`), 'utf8'));
  const scored = required.server;
  const notScored = required.not_scored.filter((e) => e.leg === 'server').map((e) => e.scenario);
  const raw = checksByScenario(out);
  const results = new Map();
  for (const [dir, checks] of raw) {
    const name = scenarioOf(dir, [...scored, ...notScored].sort((a, b) => b.length - a.length));
    results.set(name, [...(results.get(name) ?? []), ...checks]);
  }
  const verdict = (name) => {
    const checks = results.get(name) ?? [];
    const failed = checks.filter((c) => c.status === 'FAILURE');
    return { ok: checks.length > 0 && failed.length === 0, why: checks.length === 0 ? 'no checks recorded' : failed.map((c) => `${c.id}: ${c.errorMessage}`).join('; ') };
  };
  return { scored, notScored, verdict };
}

