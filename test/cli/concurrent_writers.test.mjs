// Issue 22 item 5: four writers on one ledger at once — two `tally serve` over
// stdio pipelining writes, one `tally serve --http` taking concurrent POSTs, and
// a `tally import` of customers — with real processes and a real SQLite file.
// The import is sized to finish well within the 5 s busy bound, so every write
// must succeed; any that did not must say "the ledger is busy", never SQLite's
// words. Every answered write is then in the ledger, and `tally doctor` is clean.
// The second test holds the lock past the bound: the waiting writes say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { holdWriteLock } from '../support/write_lock.mjs';
import { TALLY, TallyProcess, tempDir } from '../support/tally.mjs';
import { modern, post, startHttp } from '../support/http_server.mjs';

const WRITES = 30;  // per stdio server, and over HTTP
const IMPORTED = 300;

/** Rows of `table` in the ledger, read by a separate process (python3's sqlite3). */
function count(db, table) {
  return Number(execFileSync('python3', ['-c',
    `import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM ${table}").fetchone()[0])`, db]).toString());
}

function run(args) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, TALLY_SEED: '', TALLY_NOW: '' }, timeout: 60000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

/** The text a tool call answered: its result's text, or its error's message. */
function answerText(m) {
  if (m.error) return `error ${m.error.code}: ${m.error.message}`;
  return (m.result.content ?? []).map((c) => c.text).join(' ');
}

function assertNoRawSqlite(text) {
  assert.doesNotMatch(text, /database is locked|SQLITE_|constraint failed|disk I\/O error/i, text);
}

test('two stdio servers, an HTTP server and an import write to one ledger at once; nothing is lost', async () => {
  const dir = tempDir();
  const stdio = [];
  let http;
  try {
    const init = await run(['init', '--db', dir.db]);
    assert.equal(init.code, 0, init.stderr);
    const csv = path.join(dir.dir, 'customers.csv');
    writeFileSync(csv, 'name,email\n' + Array.from({ length: IMPORTED }, (_, i) => `Imported ${i},c${i}@example.com`).join('\n') + '\n');

    for (let s = 0; s < 2; s++) {
      const t = new TallyProcess({ args: ['serve', '--db', dir.db] });
      await t.initialize();
      stdio.push(t);
    }
    http = await startHttp({ db: dir.db });

    // Everything starts at once: pipelined stdio writes, parallel HTTP POSTs, the import.
    const answered = new Map();  // person name -> answer text
    const stdioWrites = stdio.map(async (t, s) => {
      const pending = [];
      for (let i = 0; i < WRITES; i++) {
        const name = `Stdio ${s} person ${i}`;
        pending.push(t.request('tools/call', { name: 'ledger_create_person', arguments: { name } }, { timeoutMs: 60000 })
          .then((m) => answered.set(name, m)));
      }
      await Promise.all(pending);
    });
    const httpWrites = (async () => {
      for (let batch = 0; batch < WRITES; batch += 5) {
        await Promise.all(Array.from({ length: 5 }, async (_, k) => {
          const name = `Http person ${batch + k}`;
          const { body, headers } = modern('tools/call', { name: 'ledger_create_person', arguments: { name } }, batch + k);
          const r = await post(http.url, body, { headers });
          assert.equal(r.status, 200, r.text);
          answered.set(name, r.body);
        }));
      }
    })();
    const importRun = run(['import', 'customers', csv, '--db', dir.db]);
    const [imported] = await Promise.all([importRun, ...stdioWrites, httpWrites]);

    assert.equal(imported.code, 0, imported.stderr);
    assertNoRawSqlite(imported.stderr);
    assert.equal(answered.size, 3 * WRITES);
    const failed = [];
    for (const [name, m] of answered) {
      const text = answerText(m);
      assertNoRawSqlite(text);
      if (m.error || m.result.isError) {
        assert.match(text, /the ledger is busy/, `${name}: ${text}`);
        failed.push(name);
      }
    }
    // The import takes far less than the busy bound, so no write should have given up.
    assert.deepEqual(failed, []);
    assert.equal(count(dir.db, 'customer'), IMPORTED, 'the import is all there');
    assert.equal(count(dir.db, 'person'), 3 * WRITES);

    // Every answered write is there: read back through a fresh server.
    const reader = new TallyProcess({ args: ['serve', '--db', dir.db] });
    try {
      await reader.initialize();
      const context = await reader.call('extrack_get_context', {});
      const people = new Set((context.structuredContent.persons ?? []).map((p) => p.name));
      for (const name of answered.keys()) assert.ok(people.has(name), `${name} was answered but is not in the ledger`);
    } finally {
      await reader.close();
    }
  } finally {
    for (const t of stdio) await t.close();
    if (http) await http.stop();
  }
  const doctor = await run(['doctor', '--db', dir.db]);
  assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  dir.cleanup();
});

test('a write that waits past the busy bound, over stdio and HTTP, says the ledger is busy; retried, it succeeds', async () => {
  const dir = tempDir();
  let t;
  let http;
  let release;
  try {
    const init = await run(['init', '--db', dir.db]);
    assert.equal(init.code, 0, init.stderr);
    t = new TallyProcess({ args: ['serve', '--db', dir.db] });
    await t.initialize();
    http = await startHttp({ db: dir.db });
    release = await holdWriteLock(dir.db);  // another process writing for longer than the 5 s bound
    const write = (name) => ({ name: 'ledger_create_person', arguments: { name } });
    const { body, headers } = modern('tools/call', write('Over http'), 1);
    const [overStdio, overHttp] = await Promise.all([
      t.request('tools/call', write('Over stdio'), { timeoutMs: 30000 }),
      post(http.url, body, { headers }),
    ]);
    for (const m of [overStdio, overHttp.body]) {
      const text = answerText(m);
      assertNoRawSqlite(text);
      assert.ok(m.error || m.result.isError, text);
      assert.match(text, /the ledger is busy/);
    }
    await release();
    release = undefined;
    const again = await t.request('tools/call', write('Over stdio'), { timeoutMs: 30000 });
    assert.equal(again.result.isError, undefined, answerText(again));
    const againHttp = await post(http.url, body, { headers });
    assert.equal(againHttp.body.result.isError, undefined, answerText(againHttp.body));
    assert.equal(count(dir.db, 'person'), 2);
  } finally {
    if (release) await release();
    if (t) await t.close();
    if (http) await http.stop();
  }
  const doctor = await run(['doctor', '--db', dir.db]);
  assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  dir.cleanup();
});
