// `tally config claude|cursor` and `tally-bridge config …`: the printed entry,
// and --write merging into a real config file under a temporary HOME without
// losing anything, refusing to clobber, and keeping a backup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TALLY, tempDir } from '../support/tally.mjs';

const BRIDGE = process.env.TALLY_BRIDGE;

function run(bin, args, home) {
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: '', XDG_DATA_HOME: '', TALLY_DB: '' };
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: 20000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('tally config claude prints the entry for this binary and ledger; the file goes to stderr', async () => {
  const home = tempDir();
  try {
    const r = await run(TALLY, ['config', 'claude', '--db', 'books/my.db', '--toolsets', 'ledger,rewards'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(config.mcpServers), ['tally']);
    const entry = config.mcpServers.tally;
    assert.ok(path.isAbsolute(entry.command) && entry.command.endsWith('/tally'));
    assert.deepEqual(entry.args, ['serve', '--db', path.resolve('books/my.db'), '--toolsets', 'ledger,rewards']);
    assert.equal(r.stderr, `Claude Desktop reads ${home.dir}/.config/Claude/claude_desktop_config.json. ` +
      'Merge this into it, or run again with --write to do that:\n');
    assert.ok(!existsSync(path.join(home.dir, '.config')), 'printing writes nothing');
  } finally {
    home.cleanup();
  }
});

test('tally config cursor --write merges into ~/.cursor/mcp.json, keeping every other server and setting', async () => {
  const home = tempDir();
  try {
    const file = path.join(home.dir, '.cursor', 'mcp.json');
    mkdirSync(path.dirname(file));
    const before = { theme: 'dark', mcpServers: { github: { command: 'gh-mcp', args: ['--x'] } }, zeta: [1, 2] };
    writeFileSync(file, JSON.stringify(before, null, 4));
    const db = path.join(home.dir, 'ledger.db');
    const r = await run(TALLY, ['config', 'cursor', '--write', '--db', db], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Added "tally" in ${file} (the previous file is ${file}.bak). Restart Cursor to load it.\n`);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(after), ['theme', 'mcpServers', 'zeta'], 'key order is kept');
    assert.deepEqual(after.mcpServers.github, before.mcpServers.github);
    assert.deepEqual(after.zeta, [1, 2]);
    assert.deepEqual(after.mcpServers.tally.args, ['serve', '--db', db]);
    assert.deepEqual(JSON.parse(readFileSync(file + '.bak', 'utf8')), before);
    assert.deepEqual(readdirSync(path.dirname(file)).sort(), ['mcp.json', 'mcp.json.bak'], 'no temp file left');

    const again = await run(TALLY, ['config', 'cursor', '--write', '--db', db], home.dir);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, `${file} already has this "tally" server; nothing changed.\n`);
  } finally {
    home.cleanup();
  }
});

test('a different entry of the same name is kept unless --force; --name adds another', async () => {
  const home = tempDir();
  try {
    const file = path.join(home.dir, '.config', 'Claude', 'claude_desktop_config.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const theirs = { mcpServers: { tally: { command: '/opt/old/tally', args: ['serve'] } } };
    writeFileSync(file, JSON.stringify(theirs));
    let r = await run(TALLY, ['config', 'claude', '--write'], home.dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `tally config: ${file} already has a different "tally" server:\n` +
      '  {"command":"/opt/old/tally","args":["serve"]}\n' +
      'Run again with --force to replace it (the old file is kept as .bak), or pick another name with --name.\n');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), theirs, 'unchanged');

    r = await run(TALLY, ['config', 'claude', '--write', '--name', 'tally-demo', '--db', '/tmp/demo.db'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    let now = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(now.mcpServers), ['tally', 'tally-demo']);

    r = await run(TALLY, ['config', 'claude', '--write', '--force'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Replaced "tally" in /);
    now = JSON.parse(readFileSync(file, 'utf8'));
    assert.notEqual(now.mcpServers.tally.command, '/opt/old/tally');
    assert.equal(now.mcpServers['tally-demo'].args[2], '/tmp/demo.db');
  } finally {
    home.cleanup();
  }
});

test('a config file that is not valid JSON is never rewritten; the error says so', async () => {
  const home = tempDir();
  try {
    const file = path.join(home.dir, '.cursor', 'mcp.json');
    mkdirSync(path.dirname(file));
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x", }\n  }\n}\n';
    writeFileSync(file, broken);
    const r = await run(TALLY, ['config', 'cursor', '--write'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^tally config: ${file.replace(/[.]/g, '\\.')} is not valid JSON \\(.*line 3.*\\), ` +
      'so it was left unchanged\\. Fix it, or move it aside, and run this again\\.\\n$'));
    assert.equal(readFileSync(file, 'utf8'), broken);
    assert.ok(!existsSync(file + '.bak'));

    writeFileSync(file, '{"mcpServers": []}');
    const r2 = await run(TALLY, ['config', 'cursor', '--write'], home.dir);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /"mcpServers" is not an object; it was left unchanged/);
  } finally {
    home.cleanup();
  }
});

test('unknown clients are refused with the choices', async () => {
  const r = await run(TALLY, ['config', 'vscode'], '/nonexistent');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /vscode not in \{claude,cursor\}/);
});

test('tally-bridge config writes the bridge entry with its flags, checked by the bridge parser', async () => {
  const home = tempDir();
  try {
    const file = path.join(home.dir, '.cursor', 'mcp.json');
    const args = ['https://trcker.io/api/mcp', '--header', 'Authorization: Bearer ${TRCKER_API_KEY}', '--ignore-tool', 'rotate_*'];
    let r = await run(BRIDGE, ['config', 'cursor', ...args], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).mcpServers['trcker.io'].args, args);

    r = await run(BRIDGE, ['config', 'cursor', ...args, '--write', '--name', 'trcker'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    const entry = JSON.parse(readFileSync(file, 'utf8')).mcpServers.trcker;
    assert.ok(path.isAbsolute(entry.command) && entry.command.endsWith('/tally-bridge'));
    assert.deepEqual(entry.args, args);

    r = await run(BRIDGE, ['config', 'cursor', 'http://example.com/mcp', '--write'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tally-bridge config: these flags would not start the bridge:\ntally-bridge: .*--allow-http/);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).mcpServers), ['trcker']);

    r = await run(BRIDGE, ['config', '--help'], home.dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage: tally-bridge config claude\|cursor <server-url>/);
  } finally {
    home.cleanup();
  }
});
