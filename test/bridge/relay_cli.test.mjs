// The mcp-remote compatible command line: headers (with ${ENV} and files),
// --ignore-tool, unknown flags, plain-http refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStreamableServer } from './fixtures/mcp_servers.mjs';
import { connectBridge, rawBridge, within } from './fixtures/bridge_client.mjs';

test('--header expands ${ENV}, --header-file adds more; both reach every request', { timeout: 15000 }, async () => {
  const server = await startStreamableServer({});
  const dir = mkdtempSync(join(tmpdir(), 'bridge-headers-'));
  const file = join(dir, 'headers');
  writeFileSync(file, '# team key\nX-Api-Key: ${API_KEY}\n\nX-Team: blue\n');
  const bridge = await connectBridge([server.url, '--header', 'Authorization:${AUTH_HEADER}', '--header-file', file],
    { env: { AUTH_HEADER: 'Bearer tok-123', API_KEY: 'key-456' } });
  try {
    await bridge.client.listTools();
    await bridge.client.close();
    await within(5000, bridge.exited, 'exit');
    for (const r of server.recorder.requests) {
      assert.equal(r.headers.authorization, 'Bearer tok-123', `${r.method} lacks Authorization`);
      assert.equal(r.headers['x-api-key'], 'key-456');
      assert.equal(r.headers['x-team'], 'blue');
    }
    assert.ok(server.recorder.requests.some((r) => r.method === 'DELETE'));
  } finally {
    await bridge.client.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});

test('--ignore-tool hides tools from tools/list and refuses calls without asking the server', { timeout: 15000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = await connectBridge([server.url, '--ignore-tool', 'DELETE_*', '--ignore-tool', '*_stream']);
  try {
    const tools = await bridge.client.listTools();
    const names = tools.tools.map((t) => t.name);
    assert.ok(names.includes('echo'));
    assert.ok(!names.includes('delete_everything'));
    assert.ok(!names.includes('drop_stream'));
    await assert.rejects(bridge.client.callTool({ name: 'delete_everything', arguments: {} }),
      /Tool "delete_everything" is not available: hidden by --ignore-tool "DELETE_\*"/);
    assert.ok(!server.recorder.posted().some((m) => m.params?.name === 'delete_everything'));
    const ok = await bridge.client.callTool({ name: 'echo', arguments: { text: 'fine' } });
    assert.equal(ok.content[0].text, 'fine');
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});

test('unknown flags are usage errors; plain http beyond loopback is refused', { timeout: 15000 }, async () => {
  const unknown = rawBridge(['http://127.0.0.1:9/mcp', '--frobnicate']);
  const u = await within(5000, unknown.exited, 'exit');
  assert.equal(u.code, 2);
  assert.match(unknown.stderr(), /--frobnicate/);
  assert.match(unknown.stderr(), /usage: tally-bridge <server-url> \[callback-port\]/);
  assert.deepEqual(unknown.lines, []);

  const plain = rawBridge(['http://example.com/mcp']);
  const p = await within(5000, plain.exited, 'exit');
  assert.equal(p.code, 2);
  assert.match(plain.stderr(), /refusing plain http to example\.com.*--allow-http/);

  const missing = rawBridge(['https://example.com/mcp', '--header', 'Authorization: Bearer ${NOT_SET_ANYWHERE}']);
  const m = await within(5000, missing.exited, 'exit');
  assert.equal(m.code, 2);
  assert.match(missing.stderr(), /environment variable NOT_SET_ANYWHERE is not set/);

  const version = rawBridge(['--version']);
  assert.equal((await within(5000, version.exited, 'exit')).code, 0);
  assert.match(version.lines[0], /^tally-bridge \d+\.\d+\.\d+$/);
});
