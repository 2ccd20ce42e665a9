// `tally keys` and `tally oauth`: the real binary on a real ledger file. A key
// is printed once (stdout holds only it), never listed, and the ledger holds
// only its SHA-256; workspaces are created with their time zone; mistakes get
// a sentence and a non-zero exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../support/tally.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledgers', 'v0.1.0');

function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, TALLY_NOW: '', TALLY_SEED: '', TZ: 'UTC', ...env }, timeout: 30000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

/** Every byte of the ledger (the file and any WAL not yet checkpointed). */
function ledgerBytes(db) {
  return Buffer.concat([db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

test('keys create prints the key once on stdout; list never shows it; the file holds only its SHA-256', async () => {
  const { db, cleanup } = tempDir();
  try {
    const made = await run(['keys', 'create', '--name', 'laptop', '--workspace', 'acme', '--timezone', 'Europe/Berlin', '--db', db]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /^tly_[a-z2-7]{52}\n$/);
    const key = made.stdout.trim();
    assert.doesNotMatch(made.stderr, /tly_[a-z2-7]/);
    assert.match(made.stderr, /^Created key_\w+ "laptop" for workspace "acme" \(new, time zone Europe\/Berlin\), read-write, all toolsets\.\n/);
    assert.match(made.stderr, /shown only now/);

    const bytes = ledgerBytes(db);
    assert.equal(bytes.indexOf(key), -1, 'the key text is not in the ledger');
    assert.equal(bytes.indexOf(key.slice(4)), -1, 'nor its random part');
    assert.notEqual(bytes.indexOf(createHash('sha256').update(key).digest()), -1, 'its SHA-256 is');

    const second = await run(['keys', 'create', '--name', 'zapier', '--workspace', 'acme', '--read-only', '--toolsets', 'invoicing, ledger', '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.notEqual(second.stdout.trim(), key);
    assert.match(second.stderr, /"acme" \(time zone Europe\/Berlin\), read-only, invoicing,ledger\./);

    const table = await run(['keys', 'list', '--db', db]);
    assert.equal(table.code, 0, table.stderr);
    assert.doesNotMatch(table.stdout + table.stderr, /tly_/);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0], /^NAME\s+ID\s+WORKSPACE\s+SCOPE\s+CREATED \(UTC\)\s+LAST USED\s+STATUS$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^zapier\s+key_\w+\s+acme\s+read-only, invoicing,ledger\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never\s+active$/);

    const json = await run(['keys', 'list', '--json', '--db', db]);
    const keys = JSON.parse(json.stdout);
    assert.deepEqual(keys.map((k) => [k.name, k.workspace, k.readOnly, k.toolsets, k.lastUsedAt, k.revokedAt]),
      [['zapier', 'acme', true, 'invoicing,ledger', null, null], ['laptop', 'acme', false, null, null, null]]);
    assert.doesNotMatch(json.stdout, /tly_/);

    const revoked = await run(['keys', 'revoke', keys[1].id, '--db', db]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(revoked.stdout, `Revoked ${keys[1].id}. Requests with it are refused from now on.\n`);
    const after = JSON.parse((await run(['keys', 'list', '--json', '--db', db])).stdout);
    assert.match(after[1].revokedAt, /^\d{4}-\d\d-\d\dT/);
    assert.equal(after[0].revokedAt, null);
    const again = await run(['keys', 'revoke', keys[1].id, '--db', db]);
    assert.equal(again.stdout, `${keys[1].id} was already revoked.\n`);
  } finally {
    cleanup();
  }
});

test('a new workspace gets the machine\'s zone by default; init --timezone sets it', async () => {
  const { db, cleanup } = tempDir();
  try {
    const made = await run(['keys', 'create', '--name', 'a', '--workspace', 'tokyo', '--db', db], { TZ: 'Asia/Tokyo' });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stderr, /"tokyo" \(new, time zone Asia\/Tokyo\)/);
    const init = await run(['init', '--workspace', 'home', '--timezone', 'America/New_York', '--db', db]);
    assert.equal(init.code, 0, init.stderr);
    const key = await run(['keys', 'create', '--name', 'b', '--workspace', 'home', '--db', db]);
    assert.match(key.stderr, /"home" \(time zone America\/New_York\)/);
    const bad = await run(['init', '--workspace', 'home', '--timezone', 'America/Gotham', '--db', db]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--timezone: "America\/Gotham" is not an IANA time zone name \(for example Europe\/Berlin/);
  } finally {
    cleanup();
  }
});

test('mistakes get one clear sentence and change nothing', async () => {
  const { db, cleanup } = tempDir();
  try {
    const zone = await run(['keys', 'create', '--name', 'a', '--workspace', 'w', '--timezone', 'Berlin', '--db', db]);
    assert.equal(zone.code, 1);
    assert.equal(zone.stdout, '');
    assert.match(zone.stderr, /^tally keys create: --timezone: "Berlin" is not an IANA time zone name \(for example Europe\/Berlin, America\/New_York, UTC; see \/usr\/share\/zoneinfo\)\n$/);
    const toolset = await run(['keys', 'create', '--name', 'a', '--toolsets', 'ledger,payroll', '--db', db]);
    assert.equal(toolset.code, 1);
    assert.equal(toolset.stderr, 'tally keys create: --toolsets: unknown toolset "payroll" (choose from ledger, rewards, invoicing, affiliate)\n');
    const brand = await run(['keys', 'create', '--name', 'a', '--brand', 'Big Shop', '--db', db]);
    assert.equal(brand.stderr, 'tally keys create: --brand: use the brand\'s slug, 1-40 of a-z, 0-9 and - (got "Big Shop")\n');
    const noName = await run(['keys', 'create', '--db', db]);
    assert.notEqual(noName.code, 0);
    assert.match(noName.stderr, /--name is required/);
    const unknown = await run(['keys', 'revoke', 'key_nope', '--db', db]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `tally keys revoke: no key key_nope in ${db} (tally keys list shows the ids)\n`);
    const list = await run(['keys', 'list', '--json', '--db', db]);
    assert.deepEqual(JSON.parse(list.stdout), []);
    const empty = await run(['keys', 'list', '--db', db]);
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, /No keys yet/);
    const notLedger = await run(['keys', 'list', '--db', TALLY]);
    assert.equal(notLedger.code, 1);
    assert.match(notLedger.stderr, /^tally keys list: /);
    assert.doesNotMatch(notLedger.stderr, /SQLITE|sqlite3_/);
  } finally {
    cleanup();
  }
});

test('oauth map creates the workspace, list shows it, unmap removes it', async () => {
  const { db, cleanup } = tempDir();
  try {
    const mapped = await run(['oauth', 'map', 'acme-admins', '--workspace', 'acme', '--timezone', 'Europe/Paris', '--db', db]);
    assert.equal(mapped.code, 0, mapped.stderr);
    assert.equal(mapped.stdout, 'Mapped "acme-admins" → workspace "acme" (new, time zone Europe/Paris), read-write.\n');
    const again = await run(['oauth', 'map', 'acme-admins', '--workspace', 'acme', '--read-only', '--db', db]);
    assert.equal(again.stdout, 'Re-mapped "acme-admins" → workspace "acme" (time zone Europe/Paris), read-only.\n');
    const list = await run(['oauth', 'list', '--db', db]);
    assert.match(list.stdout, /^VALUE\s+WORKSPACE\s+SCOPE\s+CREATED \(UTC\)\nacme-admins\s+acme\s+read-only\s+\d{4}-/);
    const noWorkspace = await run(['oauth', 'map', 'x', '--db', db]);
    assert.notEqual(noWorkspace.code, 0);
    assert.match(noWorkspace.stderr, /--workspace is required/);
    assert.equal((await run(['oauth', 'unmap', 'acme-admins', '--db', db])).stdout, 'Unmapped "acme-admins".\n');
    const gone = await run(['oauth', 'unmap', 'acme-admins', '--db', db]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'tally oauth unmap: "acme-admins" is not mapped (tally oauth list shows them)\n');
  } finally {
    cleanup();
  }
});

test('a 0.1.0 ledger migrates: its workspace gets this machine\'s zone, a backup is kept, doctor passes', async () => {
  const { dir, db, cleanup } = tempDir();
  try {
    copyFileSync(path.join(fixtures, 'demo.db'), db);
    const made = await run(['keys', 'create', '--name', 'old', '--workspace', 'personal', '--db', db], { TZ: 'Asia/Tokyo' });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stderr, /for workspace "personal" \(time zone Asia\/Tokyo\)/);
    assert.equal(readdirSync(dir).filter((f) => f.includes('.before-migration-')).length, 1);
    const doctor = await run(['doctor', '--db', db]);
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  } finally {
    cleanup();
  }
});
