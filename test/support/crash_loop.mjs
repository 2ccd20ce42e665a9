// Crash loops (issue 22 item 3): SIGKILL `tally` at a random moment while it
// serves pipelined writes over stdio, concurrent writes over HTTP, runs a
// `tally import`, or migrates a 0.1.0 ledger, then check what survived:
//   - every write that was answered is in the ledger, and nothing is half there
//     (`tally doctor`: every transaction balanced, every rollup and total equal
//     to a recomputation from the rows);
//   - an import is all or nothing;
//   - a migration finished, or left a ledger that the next open migrates, with
//     the backup it took byte-identical to the old file.
// Used by cli/crash_loop (about 20 kills) and bench/crash_loop (200 and more).
// Randomness is seeded (the seed is printed) so a failing run can be repeated.
import { spawn, execFile } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { TALLY, tempDir } from './tally.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OLD_LEDGER = path.resolve(here, '..', 'fixtures', 'ledgers', 'v0.1.0', 'demo.db');

/** mulberry32: a small seeded generator, enough for picking moments. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENV = { ...process.env, TALLY_NOW: '', TALLY_SEED: '' };

function run(args, timeout = 60000) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: ENV, timeout }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

function rows(db, sql, ...params) {
  return rowsOf(db, true, sql, ...params);
}

/** Writable when the file may hold a killed writer's hot journal, which only a writer rolls back. */
function rowsOf(db, readonly, sql, ...params) {
  const d = new Database(db, { readonly, fileMustExist: true });
  try {
    return d.prepare(sql).all(...params);
  } finally {
    d.close();
  }
}

const expense = (tag, k) => ({ vendor: `${tag} vendor ${k}`, amount: `${(k % 97) + 1}.${String(k % 100).padStart(2, '0')}`,
  category: 'Supplies', createCategory: true, paidFrom: 'bank' });

/** Spawns `tally ARGS`, returns {child, stdout (collected), done (stdout closed and exited)}. */
function start(args) {
  const child = spawn(TALLY, args, { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { child, stdout: '', stderr: '' };
  child.stdout.on('data', (c) => { out.stdout += c.toString('utf8'); });
  child.stderr.on('data', (c) => { out.stderr += c.toString('utf8'); });
  child.stdin.on('error', () => {});
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const closed = new Promise((resolve) => child.stdout.on('close', resolve));
  out.done = Promise.all([exited, closed]).then(([e]) => e);
  return out;
}

async function stdioScenario(dir, random, report) {
  const p = start(['serve', '--db', dir.db]);
  const lines = [{ jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'crash-loop', version: '1' } } },
  { jsonrpc: '2.0', method: 'notifications/initialized' }];
  for (let k = 1; k <= 400; k++) lines.push({ jsonrpc: '2.0', id: k, method: 'tools/call', params: { name: 'invoicing_record_expense', arguments: expense('stdio', k) } });
  p.child.stdin.write(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const delay = Math.floor(random() * 80);
  await new Promise((r) => setTimeout(r, delay));
  p.child.kill('SIGKILL');
  const status = await p.done;
  if (status.signal !== 'SIGKILL' && status.code !== 0) throw new Error(`tally serve ended with ${JSON.stringify(status)}: ${p.stderr}`);
  const answered = p.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((m) => m.id > 0 && m.result && !m.result.isError).map((m) => m.result.structuredContent.id);
  report.writesAnswered += answered.length;
  return answered;
}

async function httpScenario(dir, random, report) {
  const p = start(['serve', '--http', '127.0.0.1:0', '--db', dir.db, '--rate-limit', 'off']);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port: ${p.stderr}`)), 10000);
    const look = () => {
      const m = p.stderr.match(/serving MCP at http:\/\/[^\s]*:(\d+)\/mcp/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); } else setTimeout(look, 5);
    };
    look();
  });
  const answered = [];
  let killed = false;
  const writer = async (w) => {
    for (let k = 0; !killed && k < 400; k++) {
      const body = { jsonrpc: '2.0', id: k, method: 'tools/call', params: { name: 'invoicing_record_expense',
        arguments: expense(`http${w}`, k), _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {} } } };
      try {
        const r = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', body: JSON.stringify(body), headers: {
          'content-type': 'application/json', accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'invoicing_record_expense' } });
        const m = await r.json();
        if (m.result && !m.result.isError) answered.push(m.result.structuredContent.id);
      } catch {
        return;  // the server died mid-request: that write was not answered
      }
    }
  };
  const writers = Array.from({ length: 6 }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 30 + Math.floor(random() * 300)));
  killed = true;
  p.child.kill('SIGKILL');
  await Promise.all([p.done, ...writers]);
  report.writesAnswered += answered.length;
  return answered;
}

async function importScenario(dir, random, report) {
  const csv = path.join(dir.dir, 'customers.csv');
  const n = 4000;
  writeFileSync(csv, 'name,email\n' + Array.from({ length: n }, (_, i) => `Customer ${i},c${i}@example.com`).join('\n') + '\n');
  const before = rows(dir.db, 'SELECT count(*) AS n FROM customer')[0].n;
  const p = start(['import', 'customers', csv, '--db', dir.db]);
  await new Promise((r) => setTimeout(r, Math.floor(random() * 500)));  // the import takes about 250 ms
  p.child.kill('SIGKILL');
  const status = await p.done;
  const after = rows(dir.db, 'SELECT count(*) AS n FROM customer')[0].n - before;
  if (after !== 0 && after !== n) throw new Error(`an import killed (${JSON.stringify(status)}) left ${after} of ${n} customers: not all or nothing`);
  report.imports[after === n ? 'whole' : 'none']++;
  return [];
}

async function migrationScenario(dir, random, report) {
  const db = path.join(dir.dir, 'old.db');
  copyFileSync(OLD_LEDGER, db);
  const q = start(['call', 'ledger_get_balances', '{}', '--db', db]);  // opening the ledger migrates it
  await new Promise((r) => setTimeout(r, Math.floor(random() * 60)));
  q.child.kill('SIGKILL');
  const status = await q.done;
  // A backup is whole or absent: a valid ledger at the old file's schema versions.
  const oldVersions = JSON.stringify(rows(OLD_LEDGER, 'SELECT module, version FROM schema_migrations ORDER BY 1, 2'));
  for (const b of readdirSync(dir.dir).filter((f) => f.startsWith('old.db.before-migration-') && f.endsWith('.db'))) {
    const file = path.join(dir.dir, b);
    if (rows(file, 'PRAGMA integrity_check')[0].integrity_check !== 'ok') throw new Error(`backup ${b} is damaged`);
    const versions = JSON.stringify(rows(file, 'SELECT module, version FROM schema_migrations ORDER BY 1, 2'));
    if (versions !== oldVersions) throw new Error(`backup ${b} is not the old ledger: ${versions}`);
    report.backupsChecked++;
  }
  const versions = rowsOf(db, false, 'SELECT count(*) AS n FROM schema_migrations')[0].n;
  report.migrations[status.signal === 'SIGKILL' ? 'killed' : 'finished']++;
  report.migrationsSeen.push(versions);
  dir.db = db;  // doctor (which finishes the migration) checks this file
  return [];
}

const SCENARIOS = { stdio: stdioScenario, http: httpScenario, import: importScenario, migration: migrationScenario };

/**
 * Runs `iterations` kills, rotating through the scenarios. Resolves with a
 * report; throws (with the seed) at the first promise broken.
 */
export async function crashLoop({ iterations, seed = Date.now() % 2 ** 31, log = () => {} }) {
  const random = rng(seed);
  const report = { seed, iterations: 0, writesAnswered: 0, writesChecked: 0, imports: { whole: 0, none: 0 },
    migrations: { killed: 0, finished: 0 }, migrationsSeen: [], backupsChecked: 0 };
  const names = Object.keys(SCENARIOS);
  for (let i = 0; i < iterations; i++) {
    const name = names[i % names.length];
    const dir = tempDir(`tally-crash-${name}-`);
    try {
      if (name !== 'migration') {
        const init = await run(['init', '--db', dir.db]);
        if (init.code !== 0) throw new Error(`init: ${init.stderr}`);
      }
      const answered = await SCENARIOS[name](dir, random, report);
      const doctor = await run(['doctor', '--db', dir.db]);
      if (doctor.code !== 0) throw new Error(`doctor after a kill (${name}): ${doctor.stdout}${doctor.stderr}`);
      if (answered.length) {
        const present = new Set(rows(dir.db, 'SELECT id FROM expense').map((r) => r.id));
        for (const id of answered) if (!present.has(id)) throw new Error(`answered write ${id} is not in the ledger (${name})`);
        report.writesChecked += answered.length;
      }
      report.iterations++;
      log(`${i + 1}/${iterations} ${name}: ok (${answered.length} answered writes present; doctor clean)`);
    } catch (e) {
      e.message = `crash loop (seed ${seed}, iteration ${i + 1}, ${name}): ${e.message}`;
      throw e;
    } finally {
      dir.cleanup();
    }
  }
  return report;
}
