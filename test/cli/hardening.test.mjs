// Issue 22, "found when Tally was tried as a new user would": each finding, run
// through the real binary on real files. Files that must not change are compared
// by sha256; nothing here sleeps, and a held lock comes from a real second process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { holdWriteLock } from '../support/write_lock.mjs';
import { TALLY, tempDir } from '../support/tally.mjs';

const NOW = '2026-01-15T12:00:00Z';

function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, TALLY_NOW: NOW, TALLY_SEED: '', TZ: 'UTC', ...env }, timeout: 30000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (file) => statSync(file).mode & 0o777;
/** One value from the ledger, read by another process (python3's sqlite3). */
const sqlite = (db, sql) => execFileSync('python3', ['-c',
  'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0]); c.close()', db, sql]).toString().trim();

async function ledger(dir) {
  const r = await run(['init', '--db', dir.db]);
  assert.equal(r.code, 0, r.stderr);
  return dir.db;
}

test('export --out onto the ledger itself is refused and the ledger is unchanged', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const before = sha(db);
    for (const format of ['csv', 'json', 'hledger']) {
      const r = await run(['export', '--format', format, '--out', db, '--db', db]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `tally export: --out ${db} is the ledger itself; writing the export there would destroy it. Choose another file\n`);
      // Even with --force.
      assert.equal((await run(['export', '--format', format, '--out', db, '--db', db, '--force'])).code, 1);
    }
    assert.equal(sha(db), before);
    assert.equal((await run(['doctor', '--db', db])).code, 0);
  } finally {
    dir.cleanup();
  }
});

test('export replaces an existing file only with --force; the file it writes is private', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const out = path.join(dir.dir, 'books.csv');
    writeFileSync(out, 'my notes\n');
    let r = await run(['export', '--format', 'csv', '--out', out, '--db', db]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `tally export: ${out} already exists; pass --force to replace it\n`);
    assert.equal(readFileSync(out, 'utf8'), 'my notes\n');
    r = await run(['export', '--format', 'csv', '--out', out, '--db', db, '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /^date,transaction_id,description/);
    const fresh = path.join(dir.dir, 'fresh.json');
    assert.equal((await run(['export', '--format', 'json', '--out', fresh, '--db', db])).code, 0);
    assert.equal(mode(fresh), 0o600);
  } finally {
    dir.cleanup();
  }
});

test("--db '' is refused by every command instead of using a throw-away database", async () => {
  for (const args of [['init'], ['doctor'], ['call', 'ledger_list_accounts', '{}'], ['export', '--format', 'csv']]) {
    const r = await run([...args, '--db', '']);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, /--db is empty: name the ledger file, e\.g\. --db ~\/books\.db/, args.join(' '));
    assert.doesNotMatch(r.stdout, /Ledger ready/);
  }
});

test('doctor and export on a mistyped path create nothing', async () => {
  const dir = tempDir();
  try {
    const missing = path.join(dir.dir, 'typo', 'ledgr.db');
    for (const args of [['doctor'], ['export', '--format', 'json'], ['backup', path.join(dir.dir, 'b.db')]]) {
      const r = await run([...args, '--db', missing]);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /no ledger at .*ledgr\.db/, args.join(' '));
      assert.equal(existsSync(path.join(dir.dir, 'typo')), false, args.join(' '));
    }
    // init is a command that creates one.
    assert.equal((await run(['init', '--db', missing])).code, 0);
    assert.equal(existsSync(missing), true);
  } finally {
    dir.cleanup();
  }
});

test('doctor behind a held write lock says it could not check, and is clean once the lock is gone', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const release = await holdWriteLock(db);
    let r;
    try {
      r = await run(['doctor', '--db', db, '--wait', '0']);
    } finally {
      await release();
    }
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^could not check .*: the ledger is busy \(another process, such as an import, is writing to it\) and stayed busy for 0 s; nothing was checked/);
    assert.doesNotMatch(r.stdout, /violated/);
    r = await run(['doctor', '--db', db, '--wait', '0']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok: every invariant holds/);
  } finally {
    dir.cleanup();
  }
});

test('an import behind a held write lock gets "the ledger is busy", never SQLite\'s text', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const file = path.join(dir.dir, 'customers.csv');
    writeFileSync(file, 'name\nAcme\n');
    const release = await holdWriteLock(db);
    let r;
    try {
      r = await run(['import', 'customers', file, '--db', db]);  // waits the 5 s busy timeout, then gives up
    } finally {
      await release();
    }
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the ledger is busy: another Tally process \(an import, a backup or another server\) is writing to it; retry when it finishes/);
    assert.doesNotMatch(r.stderr, /database is locked/);
    const after = await run(['import', 'customers', file, '--db', db]);
    assert.equal(after.code, 0, after.stderr);
  } finally {
    dir.cleanup();
  }
});

test('a new ledger, its folder, backups and exports are private (0600 files, 0700 folder)', async () => {
  const dir = tempDir();
  try {
    const db = path.join(dir.dir, 'new', 'books.db');
    assert.equal((await run(['init', '--db', db])).code, 0);
    assert.equal(mode(db), 0o600);
    assert.equal(mode(path.dirname(db)), 0o700);
    const backup = path.join(dir.dir, 'backup.db');
    assert.equal((await run(['backup', backup, '--db', db])).code, 0);
    assert.equal(mode(backup), 0o600);
    const r = await run(['doctor', '--db', db]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
  } finally {
    dir.cleanup();
  }
});

test('doctor warns when the ledger is readable by other accounts', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    chmodSync(db, 0o644);
    const r = await run(['doctor', '--db', db]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, `tally doctor: warning: the ledger ${db} can be read by other accounts on this machine (mode 0644); make it private: chmod 600 ${db}\n`);
  } finally {
    dir.cleanup();
  }
});

test('a SQLite file that is not a ledger, and a random file, are refused and stay byte-identical', async () => {
  const dir = tempDir();
  try {
    const other = path.join(dir.dir, 'other.db');
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE notes (body TEXT)"); c.execute("INSERT INTO notes VALUES (\'mine\')"); c.commit()', other]);
    const random = path.join(dir.dir, 'random.db');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    for (const [file, message] of [[other, /is a SQLite database but not a Tally ledger/], [random, /is not a SQLite database, so it cannot be a Tally ledger/]]) {
      const before = sha(file);
      for (const args of [['doctor'], ['call', 'ledger_list_accounts', '{}'], ['export', '--format', 'csv']]) {
        const r = await run([...args, '--db', file]);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, message);
        assert.equal(sha(file), before, `${args[0]} changed ${path.basename(file)}`);
        assert.equal(existsSync(file + '-wal'), false);
      }
    }
  } finally {
    dir.cleanup();
  }
});

test('a ledger from a newer Tally is refused with a message that says so, byte-identical', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO schema_migrations VALUES (\'core\', 99, \'20300101T000000Z\')"); c.commit(); c.close()', db]);
    const before = sha(db);
    const r = await run(['doctor', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /was written by a newer version of Tally \(its core schema is version 99; this tally knows up to version \d+\); it was left unchanged/);
    assert.equal(sha(db), before);
  } finally {
    dir.cleanup();
  }
});

test('two processes with the same TALLY_SEED and TALLY_NOW mint different ids', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const env = { TALLY_SEED: '42' };
    const ids = [];
    for (const name of ['First', 'Second', 'Third']) {
      const r = await run(['call', 'ledger_create_account', JSON.stringify({ name, type: 'asset' }), '--db', db], env);
      assert.equal(r.code, 0, r.stderr);
      ids.push(JSON.parse(r.stdout).id);
    }
    assert.equal(new Set(ids).size, 3);
    // Reproducible: the same runs on a fresh ledger mint the same ids.
    const again = tempDir();
    try {
      const db2 = await ledger(again);
      for (const [i, name] of ['First', 'Second', 'Third'].entries()) {
        const r = await run(['call', 'ledger_create_account', JSON.stringify({ name, type: 'asset' }), '--db', db2], env);
        assert.equal(JSON.parse(r.stdout).id, ids[i]);
      }
    } finally {
      again.cleanup();
    }
  } finally {
    dir.cleanup();
  }
});

test('every command that writes claims its own seeded id stream: two `keys create` with one TALLY_SEED and TALLY_NOW', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const env = { TALLY_SEED: '5', TALLY_NOW: '2025-01-01T00:00:00Z' };
    const ids = [];
    for (const name of ['x', 'y']) {
      const r = await run(['keys', 'create', '--db', db, '--name', name], env);
      // It used to fail with SQLite's own words: "UNIQUE constraint failed: api_key.id".
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /constraint failed/);
      ids.push(/key_[0-9A-Z]{18}/.exec(r.stdout + r.stderr)[0]);
    }
    assert.notEqual(ids[0], ids[1]);
    // Other paths that write with the seed share the counter: a tool call, then `oauth map`.
    const r = await run(['call', 'ledger_create_account', JSON.stringify({ name: 'After keys', type: 'asset' }), '--db', db], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sqlite(db, 'SELECT processes FROM id_stream'), '3');
  } finally {
    dir.cleanup();
  }
});

test('tally init applies every module\'s migrations, so the first import takes no migration backup', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    // The import tables' module (transfer) used to be applied by the first import.
    assert.equal(sqlite(db, "SELECT group_concat(module, ',') FROM (SELECT DISTINCT module FROM schema_migrations ORDER BY module)"),
      'affiliate,core,invoicing,ledger,rewards,transfer');
    const csv = path.join(dir.dir, 'bank.csv');
    writeFileSync(csv, 'Date,Payee,Amount\n2026-01-02,Coffee,-3.50\n');
    const r = await run(['import', 'bank', csv, '--account', 'Checking', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Imported 1 transaction/);
    assert.deepEqual(readdirSync(dir.dir).filter((f) => f.includes('before-migration')), []);
  } finally {
    dir.cleanup();
  }
});

test('names refuse control characters, bidirectional overrides and invisible-only text, in every toolset', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const cases = [
      ['ledger_create_account', { name: 'Red\u001b[31m', type: 'asset' }, 'name: must not contain control characters (found U+001B)'],
      ['ledger_create_account', { name: 'Bell\u0007', type: 'asset' }, 'name: must not contain control characters (found U+0007)'],
      ['ledger_create_account', { name: 'Nul\u0000x', type: 'asset' }, 'name: must not contain control characters (found U+0000)'],
      ['ledger_create_person', { name: '\u200b\u200b' }, 'name: must contain a visible character (it has only spaces or invisible characters)'],
      ['ledger_create_category', { name: 'exe\u202Etxt.', kind: 'expense' }, 'name: must not contain bidirectional controls (found U+202E)'],
      ['invoicing_create_customer', { name: 'Acme\u0007' }, 'name: must not contain control characters (found U+0007)'],
      ['invoicing_record_expense', { vendor: '\u200b', amount: '5.00', date: '2026-01-10', category: 'Office' }, 'vendor: must contain a visible character (it has only spaces or invisible characters)'],
      ['rewards_add_card', { displayName: 'Card\u001b', issuer: 'Bank', rewardType: 'points' }, 'displayName: must not contain control characters (found U+001B)'],
    ];
    for (const [tool, args, message] of cases) {
      const r = await run(['call', tool, JSON.stringify(args), '--db', db]);
      assert.equal(r.code, 1, `${tool}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr, `tally call: ${message}\n`, tool);
    }
    const ws = await run(['doctor', '--db', db, '--workspace', 'home\u001b]0;owned\u0007']);
    assert.equal(ws.code, 2);
    assert.equal(ws.stderr, 'tally: --workspace must not contain control characters (found U+001B)\n');
    const ok = await run(['call', 'ledger_create_account', JSON.stringify({ name: 'Café Zoë 👩\u200d💻', type: 'asset' }), '--db', db]);
    assert.equal(ok.code, 0, ok.stderr);
  } finally {
    dir.cleanup();
  }
});

test('dates outside 1900-01-01 … 2199-12-31 are refused, saying so', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    for (const date of ['0001-01-01', '9999-12-31']) {
      const r = await run(['call', 'invoicing_record_expense', JSON.stringify({ vendor: 'Shop', amount: '5.00', date, category: 'Office' }), '--db', db]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`"${date}" is outside the dates Tally accepts \\(1900-01-01 to 2199-12-31\\)`));
    }
    const csv = path.join(dir.dir, 'old.csv');
    writeFileSync(csv, 'Date,Amount,Payee\n1850-01-02,-5.00,Shop\n');
    const r = await run(['import', 'bank', csv, '--account', 'Checking', '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 2: column "Date": "1850-01-02" is outside the dates Tally accepts \(1900-01-01 to 2199-12-31\)/);
  } finally {
    dir.cleanup();
  }
});

test('import of a FIFO, a folder or a file without an extension fails at once with a clear message', async () => {
  const dir = tempDir();
  try {
    const db = await ledger(dir);
    const fifo = path.join(dir.dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    let r = await run(['import', 'customers', fifo, '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pipe\.csv is a pipe \(FIFO\), not a file/);
    r = await run(['export', '--format', 'csv', '--out', fifo, '--db', db, '--force']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pipe\.csv is a pipe \(FIFO\), not a file; give --out the path of a file to write/);
    const folder = path.join(dir.dir, 'statements.csv');
    mkdirSync(folder);
    r = await run(['import', 'bank', folder, '--account', 'Checking', '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /statements\.csv is a folder, not a file/);
    assert.doesNotMatch(r.stderr, /empty/);
    // A relative path up and out, as a user types it (relative to this test's working folder).
    r = await run(['import', 'customers', path.relative(process.cwd(), '/etc/passwd'), '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the file name has no extension, so its format is unknown: name it \.csv, \.json or \.jsonl/);
    assert.doesNotMatch(r.stderr, /unknown file type/);
  } finally {
    dir.cleanup();
  }
});

test('tally tools does not cut a description at "e.g."', async () => {
  const r = await run(['tools']);
  assert.equal(r.code, 0);
  for (const line of r.stdout.split('\n')) assert.doesNotMatch(line, /\b(e\.g|i\.e)$/, line);
});
