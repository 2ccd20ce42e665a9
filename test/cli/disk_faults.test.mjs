// Disk faults (issue 22 item 4) on real files and processes:
//   - a full file system, made with a file-size limit on the serving process
//     (RLIMIT_FSIZE, with SIGXFSZ ignored so writes fail with EFBIG as on a full
//     disk): writes get an error naming the cause, reads still answer, the
//     ledger is intact, and once the limit is lifted (prlimit) writes work again;
//   - the ledger deleted while a server has it open: writes are refused (what is
//     written to an unlinked file is lost at exit), reads still answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { renameSync, statSync } from 'node:fs';
import { TALLY, tempDir } from '../support/tally.mjs';

const ENV = { ...process.env, TALLY_NOW: '', TALLY_SEED: '' };

/** A `tally serve` over stdio started through sh, so its limits can be set first. */
function serve(db, prefix = '') {
  const child = spawn('sh', ['-c', `${prefix} exec "$0" serve --db "$1"`, TALLY, db], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  const waiting = new Map();
  child.stdout.on('data', (c) => {
    buffer += c.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const m = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      waiting.get(m.id)?.(m);
    }
  });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c.toString('utf8'); });
  let id = 0;
  const request = (method, params) => new Promise((resolve, reject) => {
    const mine = ++id;
    const timer = setTimeout(() => reject(new Error(`no answer to ${method} in 20 s; stderr: ${stderr}`)), 20000);
    waiting.set(mine, (m) => { clearTimeout(timer); resolve(m); });
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: mine, method, params }) + '\n');
  });
  const call = async (name, args) => {
    const m = await request('tools/call', { name, arguments: args });
    if (m.error) return { error: m.error.message };
    return m.result.isError ? { error: m.result.content[0].text } : { ok: m.result.structuredContent };
  };
  return {
    child,
    call,
    async start() {
      const r = await request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'faults', version: '1' } });
      assert.ok(r.result, JSON.stringify(r));
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    },
    async stop() {
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
    },
  };
}

const expense = (k) => ({ vendor: `Vendor ${k} ${'v'.repeat(150)}`, amount: '1.00', notes: 'n'.repeat(900) });
const doctor = (db) => execFileSync(TALLY, ['doctor', '--db', db], { env: ENV, encoding: 'utf8' });

test('a full file system: writes say so and change nothing, reads answer, writes work again once there is room', async () => {
  const dir = tempDir('tally-full-');
  execFileSync(TALLY, ['init', '--db', dir.db], { env: ENV });
  // Room for the ledger as it is plus a little: the WAL soon reaches the limit.
  const limitKiB = Math.ceil(statSync(dir.db).size / 1024) + 64;
  const s = serve(dir.db, `trap '' XFSZ; ulimit -S -f ${limitKiB};`);
  try {
    await s.start();
    let refusal;
    let written = 0;
    for (let k = 0; k < 500 && !refusal; k++) {
      const r = await s.call('invoicing_record_expense', expense(k));
      if (r.error) refusal = r.error;
      else written++;
    }
    assert.ok(refusal, 'the limit was reached');
    assert.match(refusal, /full file system|disk is full/);
    assert.doesNotMatch(refusal, /disk I\/O error|SQLITE_|database or disk is full/, 'SQLite\'s own words never reach the client');
    const read = await s.call('list_expenses', {});
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.ok.count, written, 'every write that succeeded is there, the refused one is not');

    execFileSync('prlimit', ['--pid', String(s.child.pid), '--fsize=unlimited']);
    const again = await s.call('invoicing_record_expense', expense(9999));
    assert.ok(again.ok, JSON.stringify(again));
  } finally {
    await s.stop();
  }
  assert.match(doctor(dir.db), /^ok: every invariant holds/);
  dir.cleanup();
});

test('the ledger deleted or moved while serving: writes are refused, saying why; reads still answer', async () => {
  const dir = tempDir('tally-moved-');
  execFileSync(TALLY, ['init', '--db', dir.db], { env: ENV });
  const s = serve(dir.db);
  try {
    await s.start();
    assert.ok((await s.call('ledger_create_person', { name: 'Before' })).ok);
    renameSync(dir.db, `${dir.db}.elsewhere`);  // as `mv` or a sync tool replacing it would
    const refused = await s.call('ledger_create_person', { name: 'After' });
    assert.match(refused.error ?? '', /ledger file was deleted, moved or replaced while this server had it open/);
    const read = await s.call('extrack_get_context', {});
    assert.ok(read.ok.persons.some((p) => p.name === 'Before'));
  } finally {
    await s.stop();
  }
  renameSync(`${dir.db}.elsewhere`, dir.db);
  const names = execFileSync(TALLY, ['call', 'extrack_get_context', '{}', '--db', dir.db], { env: ENV, encoding: 'utf8' });
  assert.match(names, /Before/);
  assert.doesNotMatch(names, /"After"/);
  assert.match(doctor(dir.db), /^ok: every invariant holds/);
  dir.cleanup();
});
