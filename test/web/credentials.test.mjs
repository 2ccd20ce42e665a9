// `tally serve --http` with API keys: every request needs one once a key
// exists; two workspaces cannot see each other; a read-only key has no write
// tools; revocation holds on the next request; the default rate limit answers
// 429 with Retry-After; tally-bridge relays to it with the key in a header;
// HTTPS with a self-signed certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp, post, modern } from '../support/http_server.mjs';

const run = (args, opts = {}) => execFileSync(TALLY, args, { encoding: 'utf8', ...opts }).trim();
const call = (name, args, id = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
const auth = (key) => ({ authorization: `Bearer ${key}` });

test('keys pick the workspace; neither workspace can read or change the other; read-only keys have no write tools', async () => {
  const dir = tempDir();
  const alice = run(['keys', 'create', '--name', 'alice', '--workspace', 'alice', '--db', dir.db]);
  const bob = run(['keys', 'create', '--name', 'bob', '--workspace', 'bob', '--db', dir.db]);
  const viewer = run(['keys', 'create', '--name', 'viewer', '--workspace', 'alice', '--read-only', '--db', dir.db]);
  assert.match(alice, /^tly_\S+$/);
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'] });
  try {
    const v = '2025-11-25';
    const none = await post(server.url, call('ledger_get_balances', {}), { version: v });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /^Bearer /);
    const wrong = await post(server.url, call('ledger_get_balances', {}), { version: v, headers: auth('tly_notakey') });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate'), /invalid_token/);

    const made = await post(server.url, call('ledger_create_account', { name: 'Alice checking', type: 'asset', subtype: 'bank' }), { version: v, headers: auth(alice) });
    assert.equal(made.status, 200, made.text);
    const aliceAccount = made.body.result.structuredContent.id;
    const bobMade = await post(server.url, call('ledger_create_account', { name: 'Bob checking', type: 'asset', subtype: 'bank' }), { version: v, headers: auth(bob) });
    const bobAccount = bobMade.body.result.structuredContent.id;

    const bobSees = await post(server.url, call('ledger_get_balances', {}), { version: v, headers: auth(bob) });
    const bobNames = bobSees.body.result.structuredContent.accounts.map((a) => a.name);
    assert.ok(bobNames.includes('Bob checking'));
    assert.ok(!bobNames.includes('Alice checking'), 'bob cannot list alice’s accounts');
    const guess = await post(server.url, call('ledger_get_balances', { accountIds: [aliceAccount] }), { version: v, headers: auth(bob) });
    assert.equal(guess.body.result.isError, true, 'an id of the other workspace is not found');
    const close = await post(server.url, call('ledger_close_account', { accountId: aliceAccount }), { version: v, headers: auth(bob) });
    assert.equal(close.body.result.isError, true, 'nor can bob change it');

    const roList = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { version: v, headers: auth(viewer) });
    assert.ok(roList.body.result.tools.every((t) => t.annotations.readOnlyHint), 'a read-only key lists no write tool');
    const roWrite = await post(server.url, call('ledger_create_account', { name: 'Nope', type: 'asset', subtype: 'bank' }), { version: v, headers: auth(viewer) });
    assert.equal(roWrite.body.error.code, -32602);
    assert.match(roWrite.body.error.message, /Unknown tool/);
    const roRead = await post(server.url, call('ledger_get_balances', { accountIds: [aliceAccount] }), { version: v, headers: auth(viewer) });
    assert.equal(roRead.body.result.isError, undefined, 'the read-only key reads its workspace');

    // With credentials on, a modern list depends on who asks: cacheScope private.
    const list = modern('tools/list');
    const privateList = await post(server.url, list.body, { headers: { ...list.headers, ...auth(alice) } });
    assert.equal(privateList.body.result.cacheScope, 'private', privateList.text);

    // The public tool stays open without a credential (seed 001).
    const card = await post(server.url, call('get_catalog_card', { cardKey: 'citi-double-cash' }), { version: v });
    assert.equal(card.status, 200, card.text);

    // Revocation holds on the next request of the running server.
    const listed = JSON.parse(run(['keys', 'list', '--json', '--db', dir.db]));
    const bobId = listed.find((k) => k.name === 'bob').id;
    run(['keys', 'revoke', bobId, '--db', dir.db]);
    const after = await post(server.url, call('ledger_get_balances', {}), { version: v, headers: auth(bob) });
    assert.equal(after.status, 401);
    assert.ok(bobAccount);
    assert.ok(!server.stderr.includes(alice) && !server.stderr.includes(bob), 'no key reaches the log');
  } finally {
    await server.stop();
    dir.cleanup();
  }
});

test('the default rate limit (120/min per key) answers 429 with Retry-After', async () => {
  const dir = tempDir();
  const key = run(['keys', 'create', '--name', 'busy', '--db', dir.db]);
  const server = await startHttp({ db: dir.db, args: [] });
  try {
    let limited;
    for (let i = 0; i < 130 && !limited; i++) {
      const res = await post(server.url, { jsonrpc: '2.0', id: i, method: 'ping' }, { version: '2025-11-25', headers: auth(key) });
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 200);
    }
    assert.ok(limited, 'the 121st request within a minute is refused');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  } finally {
    await server.stop();
    dir.cleanup();
  }
});

test('tally-bridge relays a stdio client to tally serve --http with the key in a header', { skip: !process.env.TALLY_BRIDGE }, async () => {
  const dir = tempDir();
  const key = run(['keys', 'create', '--name', 'bridge', '--db', dir.db]);
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'] });
  const transport = new StdioClientTransport({
    command: process.env.TALLY_BRIDGE,
    args: [server.url, '--header', 'Authorization: Bearer ${TALLY_TEST_KEY}', '--silent'],
    env: { ...process.env, TALLY_TEST_KEY: key, TALLY_BRIDGE_DIR: dir.dir },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'bridge-e2e', version: '1' }, { capabilities: {} });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'ledger_create_account'));
    const made = await client.callTool({ name: 'ledger_create_account', arguments: { name: 'Via bridge', type: 'asset', subtype: 'bank' } });
    assert.equal(made.isError, undefined, JSON.stringify(made));
    assert.equal(made.structuredContent.name, 'Via bridge');
  } finally {
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});

test('HTTPS with --tls-cert and --tls-key (a self-signed certificate made here)', async () => {
  const dir = tempDir();
  const cert = path.join(dir.dir, 'cert.pem');
  const keyFile = path.join(dir.dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  assert.equal(made.status, 0, String(made.stderr));
  const server = await startHttp({ db: dir.db, args: ['--tls-cert', cert, '--tls-key', keyFile] });
  try {
    const url = `https://127.0.0.1:${server.port}/mcp`;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const curl = spawnSync('curl', ['-sS', '--max-time', '10', '--cacert', cert, '-H', 'content-type: application/json',
      '-H', 'accept: application/json', '-H', 'mcp-protocol-version: 2025-11-25', '--data', body, url], { encoding: 'utf8' });
    assert.equal(curl.status, 0, curl.stderr);
    assert.deepEqual(JSON.parse(curl.stdout), { id: 1, jsonrpc: '2.0', result: {} });
    const untrusted = spawnSync('curl', ['-sS', '--max-time', '10', '-H', 'content-type: application/json', '--data', body, url], { encoding: 'utf8' });
    assert.notEqual(untrusted.status, 0, 'a client that does not trust the certificate is refused by TLS');
    writeFileSync(path.join(dir.dir, 'done'), '');
  } finally {
    await server.stop();
    dir.cleanup();
  }
});
