// The MCP Inspector's CLI (@modelcontextprotocol/inspector --cli, the client
// people debug servers with) against `tally serve --http` over Streamable
// HTTP with an API key: it lists the tools and calls one that writes, and
// without the key it is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const require = createRequire(import.meta.url);
const pkg = path.dirname(require.resolve('@modelcontextprotocol/inspector/package.json'));
const INSPECTOR = path.join(pkg, require('@modelcontextprotocol/inspector/package.json').bin.inspector);

/** Runs the Inspector CLI to completion (bounded); resolves {code, stdout, stderr}. */
function inspector(dir, args, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    // Its catalog and any stored sign-in go to the test's folder, not the user's home.
    const env = { ...process.env, HOME: dir, MCP_CATALOG_PATH: path.join(dir, 'catalog.json') };
    const child = spawn(process.execPath, [INSPECTOR, '--cli', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`inspector timed out:\n${stderr}`)); }, timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

test('MCP Inspector CLI over Streamable HTTP with a key: tools/list, tools/call, refused without it', async () => {
  const dir = tempDir();
  const key = execFileSync(TALLY, ['keys', 'create', '--name', 'inspector', '--db', dir.db], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'] });
  const common = [server.url, '--transport', 'http'];
  const bearer = ['--header', `Authorization: Bearer ${key}`];
  try {
    const listed = await inspector(dir.dir, [...common, ...bearer, '--method', 'tools/list']);
    assert.equal(listed.code, 0, listed.stderr);
    const names = JSON.parse(listed.stdout).tools.map((t) => t.name);
    for (const n of ['ledger_get_balances', 'ledger_create_account', 'list_invoices', 'get_catalog_card']) assert.ok(names.includes(n), n);

    const called = await inspector(dir.dir, [...common, ...bearer, '--method', 'tools/call', '--tool-name', 'ledger_create_account',
      '--tool-arg', 'name=Inspected', 'type=asset', 'subtype=bank']);
    assert.equal(called.code, 0, called.stderr);
    const account = JSON.parse(called.stdout).structuredContent;
    assert.equal(account.name, 'Inspected');
    assert.match(account.id, /^acc_/);
    const balances = JSON.parse(execFileSync(TALLY, ['call', 'ledger_get_balances', '{}', '--db', dir.db]).toString());
    assert.ok(JSON.stringify(balances).includes(account.id), 'the account the Inspector made is in the ledger');

    const refused = await inspector(dir.dir, [...common, '--method', 'tools/list']);
    assert.notEqual(refused.code, 0);
    assert.doesNotMatch(refused.stdout, /ledger_get_balances/);
    assert.ok(!server.stderr.includes(key), 'the key reached the log');
  } finally {
    await server.stop();
    dir.cleanup();
  }
});
