// The packages: packaging/deb/build-deb.sh and packaging/mcpb/build-mcpb.sh run
// on this build dir; the .deb is unpacked into a temporary root (dpkg -x, never
// a system install) and its binaries, man pages and completions are checked;
// the .mcpb is validated by the official tool, unpacked, and its server entry
// is started the way Claude Desktop would start it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BUILD = process.env.TALLY_BUILD_ROOT;
const SOURCE = process.env.TALLY_SOURCE_ROOT;
const MCPB = path.join(SOURCE, 'test', 'node_modules', '.bin', 'mcpb');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', timeout: 240000, ...opts });

let work, deb, root, bundle;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'tally-pkg-'));
  deb = run(path.join(SOURCE, 'packaging/deb/build-deb.sh'), ['--build-dir', BUILD, '--out', work]).trim();
  root = path.join(work, 'root');
  run('dpkg', ['-x', deb, root]);
  bundle = run(path.join(SOURCE, 'packaging/mcpb/build-mcpb.sh'),
    ['--tally', path.join(BUILD, 'src/cli/tally'), '--out', work, '--mcpb', MCPB]).trim();
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the .deb holds both binaries, their man pages and bash/zsh/fish completions', () => {
  assert.match(path.basename(deb), /^tally_\d+\.\d+\.\d+_[a-z0-9]+\.deb$/);
  const files = run('dpkg-deb', ['-c', deb]).split('\n').map((l) => l.split(/\s+/).pop());
  for (const f of ['./usr/bin/tally', './usr/bin/tally-bridge',
    './usr/share/man/man1/tally.1.gz', './usr/share/man/man1/tally-bridge.1.gz',
    './usr/share/bash-completion/completions/tally', './usr/share/bash-completion/completions/tally-bridge',
    './usr/share/zsh/vendor-completions/_tally', './usr/share/zsh/vendor-completions/_tally-bridge',
    './usr/share/fish/vendor_completions.d/tally.fish', './usr/share/fish/vendor_completions.d/tally-bridge.fish'])
    assert.ok(files.includes(f), `${f} is in the package`);
  assert.ok(!files.some((f) => f.startsWith('./usr/local')), 'everything is under /usr');
  const depends = run('dpkg-deb', ['-f', deb, 'Depends']);
  // SQLite is linked in (meson option static_sqlite); libcurl is the bridge's, and
  // tally loads it for postbacks.
  assert.match(depends, /libstdc\+\+6/);
  assert.match(depends, /libcurl4/);
  assert.equal(run('dpkg-deb', ['-f', deb, 'Package']).trim(), 'tally');
});

test('tally --version and tally-bridge --version run from the unpacked .deb', () => {
  const version = run(path.join(root, 'usr/bin/tally'), ['--version']);
  assert.match(version, /^tally \d+\.\d+\.\d+\n$/);
  assert.equal(run('dpkg-deb', ['-f', deb, 'Version']).trim(), version.trim().replace('tally ', ''));
  assert.match(run(path.join(root, 'usr/bin/tally-bridge'), ['--version']), /^tally-bridge \d+\.\d+\.\d+\n$/);
});

test('the man pages are the --help text of every command; completions name the commands', () => {
  const man = run('gzip', ['-dc', path.join(root, 'usr/share/man/man1/tally.1.gz')]);
  assert.match(man, /^\.TH TALLY 1/);
  assert.match(man, /\.SH NAME\ntally \\- Tally keeps your books/);
  for (const command of ['serve', 'tools', 'call', 'init', 'doctor', 'config', 'demo'])
    assert.match(man, new RegExp(`\\.SS ${command}\\n`), `man page has ${command}`);
  assert.ok(!man.includes('/root/'), 'no build machine paths in the man page');
  const bridgeMan = run('gzip', ['-dc', path.join(root, 'usr/share/man/man1/tally-bridge.1.gz')]);
  for (const command of ['login', 'config']) assert.match(bridgeMan, new RegExp(`\\.SS ${command}\\n`));

  const bashFile = path.join(root, 'usr/share/bash-completion/completions/tally');
  const words = run('bash', ['-c', `source "${bashFile}"; COMP_WORDS=(tally ""); COMP_CWORD=1; _tally; printf '%s\\n' "\${COMPREPLY[@]}"`]);
  for (const w of ['serve', 'config', 'demo', '--db']) assert.ok(words.split('\n').includes(w), `bash completes ${w}`);
  const configWords = run('bash', ['-c', `source "${bashFile}"; COMP_WORDS=(tally config --w); COMP_CWORD=2; _tally; printf '%s\\n' "\${COMPREPLY[@]}"`]);
  assert.deepEqual(configWords.trim().split('\n'), ['--workspace', '--write']);
  const fish = readFileSync(path.join(root, 'usr/share/fish/vendor_completions.d/tally.fish'), 'utf8');
  assert.match(fish, /complete -c tally -n '__fish_seen_subcommand_from config' -l write -d/);
  assert.match(readFileSync(path.join(root, 'usr/share/zsh/vendor-completions/_tally'), 'utf8'), /^#compdef tally\n/);
});

test('the .mcpb validates, carries the binary, and its entry starts a working server', async () => {
  assert.match(path.basename(bundle), /^tally-\d+\.\d+\.\d+-linux-[\w]+\.mcpb$/);
  const unpacked = path.join(work, 'bundle');
  run(MCPB, ['unpack', bundle, unpacked]);
  const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
  run(MCPB, ['validate', path.join(unpacked, 'manifest.json')]);
  assert.equal(manifest.server.type, 'binary');
  assert.equal(manifest.user_config.ledger_path.type, 'string');
  assert.deepEqual(manifest.compatibility.platforms, ['linux']);
  const binary = path.join(unpacked, manifest.server.entry_point);
  assert.ok(statSync(binary).mode & 0o100, 'the server binary is executable');

  // What Claude Desktop does: substitute the variables and run the command.
  const ledger = path.join(work, 'books', 'ledger.db');
  const expand = (s) => s.replace('${__dirname}', unpacked).replace('${user_config.ledger_path}', ledger)
    .replace('${user_config.workspace}', manifest.user_config.workspace.default);
  const child = spawn(expand(manifest.server.mcp_config.command), manifest.server.mcp_config.args.map(expand),
    { stdio: ['pipe', 'pipe', 'pipe'] });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('no initialize response in 20 s')), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(timer); resolve(out.slice(0, out.indexOf('\n'))); }
    });
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'desktop', version: '1' } } }) + '\n');
  });
  child.stdin.end();
  await new Promise((resolve) => child.on('exit', resolve));
  const response = JSON.parse(line);
  assert.equal(response.result.serverInfo.name, 'tally');
  assert.ok(existsSync(ledger), 'the ledger was created where user_config says');
});
