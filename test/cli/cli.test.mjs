// The `tally` command line: version, catalogue, one-shot calls, read-only
// mode, the terminal help of `serve`, and errors that name the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TALLY, TallyProcess, tempDir } from '../support/tally.mjs';

function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(TALLY, args, { env: { ...process.env, ...env }, timeout: 20000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('tally --version prints the version', async () => {
  const r = await run(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^tally \d+\.\d+\.\d+\n$/);
});

test('tally tools lists name, read/write and a description; --read-only keeps the reads', async () => {
  const r = await run(['tools']);
  assert.equal(r.code, 0);
  const reads = await run(['tools', '--read-only']);
  for (const line of reads.stdout.trim().split('\n').filter(Boolean)) assert.match(line, /^\S+\s+read\s+\S/);
  assert.ok(r.stdout.split('\n').length >= reads.stdout.split('\n').length);
});

test('tally call runs a tool and sets the exit status from isError', async () => {
  const dir = tempDir();
  try {
    const ok = await run(['call', 'test_count_marks', '{}', '--db', dir.db], {});
    // Test tools are offered only to serve --test-tools; call sees the product's tools.
    assert.equal(ok.code, 2);
    assert.match(ok.stderr, /unknown tool 'test_count_marks'/);
    const bad = await run(['call', 'whatever', '{not json', '--db', dir.db]);
    assert.equal(bad.code, 2);
  } finally {
    dir.cleanup();
  }
});

test('--db on a file that is not a ledger says so and how to start one; the file is untouched', async () => {
  const dir = tempDir();
  try {
    writeFileSync(dir.db, 'hello, not a database at all '.repeat(100));
    const r = await run(['doctor', '--db', dir.db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a SQLite database, so it cannot be a Tally ledger/);
    assert.match(r.stderr, /it was left unchanged. Point --db \(or TALLY_DB\) at your ledger, or start a new one: tally init --db NEW.db\n$/);
  } finally {
    dir.cleanup();
  }
});

test('unknown flags and toolsets are errors with a message', async () => {
  let r = await run(['serve', '--no-such-flag']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--no-such-flag/);
  r = await run(['tools', '--toolsets', 'ledger,nope']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown toolset 'nope' \(choose from: ledger, rewards, invoicing, affiliate\)/);
});

test('--read-only: write tools are neither listed nor callable', async () => {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, args: ['serve', '--test-tools', '--read-only'] });
  try {
    await t.initialize();
    const names = (await t.request('tools/list')).result.tools.map((x) => x.name);
    assert.ok(names.includes('test_count_marks'));
    assert.ok(!names.includes('test_slow_write'));
    const r = await t.request('tools/call', { name: 'test_slow_write', arguments: {} });
    assert.equal(r.error.code, -32602);
  } finally {
    await t.close();
    dir.cleanup();
  }
});

test('the default ledger lives under XDG_DATA_HOME, folders created', async () => {
  const dir = tempDir();
  try {
    const env = { XDG_DATA_HOME: `${dir.dir}/data`, TALLY_DB: '' };
    const t = new TallyProcess({ args: ['serve'], env });
    await t.initialize();
    await t.close();
    const r = await run(['doctor'], env);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`${dir.dir}/data/tally/ledger.db`));
  } finally {
    dir.cleanup();
  }
});

test('serve on a terminal prints the client config with the absolute binary path, then serves', async () => {
  const dir = tempDir();
  // python3's pty gives tally a terminal on stdin, as a person running it would.
  const script = `
import os, pty, subprocess, sys, select, time
master, slave = pty.openpty()
p = subprocess.Popen([sys.argv[1], 'serve', '--db', sys.argv[2]], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(slave)
os.write(master, b'{"jsonrpc":"2.0","id":1,"method":"ping"}\\n')
out = b''
deadline = time.time() + 10
while b'\\n' not in out and time.time() < deadline:
    r, _, _ = select.select([p.stdout], [], [], 0.2)
    if r: out += os.read(p.stdout.fileno(), 4096)
os.write(master, b'\\x04')
try:
    _, err = p.communicate(timeout=10)
except subprocess.TimeoutExpired:
    p.kill(); _, err = p.communicate()
sys.stdout.write(out.decode())
sys.stderr.write(err.decode())
sys.exit(p.returncode)
`;
  try {
    const r = await new Promise((resolve) => {
      const child = spawn('python3', ['-c', script, TALLY, dir.db]);
      let stdout = '', stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '{"id":1,"jsonrpc":"2.0","result":{}}', 'stdout holds only the protocol');
    assert.match(r.stderr, /Claude Desktop: \/\S+\/Claude\/claude_desktop_config\.json\n/);
    assert.match(r.stderr, /Cursor: \/\S+\/\.cursor\/mcp\.json/);
    assert.match(r.stderr, /`tally config claude --write`/);
    const snippet = JSON.parse(r.stderr.slice(r.stderr.indexOf('{'), r.stderr.lastIndexOf('}') + 1));
    assert.equal(snippet.mcpServers.tally.command, TALLY.startsWith('/') ? TALLY : snippet.mcpServers.tally.command);
    assert.ok(snippet.mcpServers.tally.command.startsWith('/'));
    assert.deepEqual(snippet.mcpServers.tally.args, ['serve', '--db', dir.db]);
  } finally {
    dir.cleanup();
  }
});

test('tally --help names every command with examples; each command\'s help has an example', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Tally keeps your books in one local SQLite ledger/);
  assert.match(r.stdout, /Examples:\n  tally demo /);
  const commands = ['serve', 'tools', 'call', 'init', 'doctor', 'config', 'demo'];
  for (const c of commands) assert.match(r.stdout, new RegExp(`\\n  ${c}\\s{2,}\\S`), `--help lists ${c}`);
  for (const c of commands) {
    const help = await run([c, '--help']);
    assert.equal(help.code, 0, `${c} --help`);
    assert.match(help.stdout, /Example/, `${c} --help has an example`);
  }
});

// Permission errors need a user the file modes apply to: as root (CI), run
// tally as nobody through setpriv, in a folder nobody can reach.
function runAs(args, { asNobody }) {
  const cmd = asNobody ? 'setpriv' : TALLY;
  const full = asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', TALLY, ...args] : args;
  return new Promise((resolve) => {
    execFile(cmd, full, { timeout: 20000 }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('a read-only ledger, an unwritable folder and an uncreatable folder are errors that name the fix', async () => {
  const asNobody = process.getuid() === 0;
  const dir = mkdtempSync(path.join(asNobody ? '/var/tmp' : tmpdir(), 'tally-perm-'));
  try {
    chmodSync(dir, 0o755);
    const db = path.join(dir, 'ledger.db');
    assert.equal((await run(['init', '--db', db])).code, 0);
    chmodSync(db, 0o444);
    // Opened read-only: reads answer, writes are refused naming the fix.
    let r = await runAs(['doctor', '--db', db], { asNobody });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok: every invariant holds/);
    r = await runAs(['call', 'extrack_get_context', '{}', '--db', db], { asNobody });
    assert.equal(r.code, 0, r.stderr);
    r = await runAs(['call', 'ledger_create_person', '{"name":"Nobody"}', '--db', db], { asNobody });
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /the ledger cannot be written \(a read-only file, folder or file system\).*chmod u\+w/s);

    const locked = path.join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    // init: a command that creates a ledger (doctor on a missing path creates nothing).
    r = await runAs(['init', '--db', path.join(locked, 'new.db')], { asNobody });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `tally: cannot write in the folder ${locked}, where the ledger ${path.join(locked, 'new.db')} ` +
      'keeps its journal files (-wal, -shm). Make the folder writable, or point --db at a file in a folder you own.\n');

    r = await runAs(['init', '--db', path.join(locked, 'sub', 'new.db')], { asNobody });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^tally: cannot create the folder ${locked}/sub for the ledger .*: Permission denied\\. ` +
      'Point --db \\(or TALLY_DB\\) at a file in a folder you can write to\\.\\n$'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tally-bridge --help names its commands, config included', async () => {
  const bridge = process.env.TALLY_BRIDGE;
  const r = await new Promise((resolve) => execFile(bridge, ['--help'], (e, stdout) => resolve(stdout)));
  assert.match(r, /tally-bridge config claude\|cursor <server-url>/);
  assert.match(r, /Examples:\n  tally-bridge https:/);
});
