// A legacy client (the SDK 1.x Client, as Claude Desktop today) through tally-bridge to an
// MCP 2026-07-28 server (fixtures/modern_server.mjs): the translation of protocol-2026.md
// §C3, --protocol forcing and the per-server era cache of §C1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startModernServer } from './fixtures/modern_server.mjs';
import { startStreamableServer } from './fixtures/mcp_servers.mjs';
import { connectBridge, within } from './fixtures/bridge_client.mjs';

const META = 'io.modelcontextprotocol/protocolVersion';

function stateDir() {
  return mkdtempSync(join(tmpdir(), 'bridge-modern-'));
}

test('initialize answered from server/discover; envelope and headers on every request; ping local', { timeout: 20000 }, async () => {
  const server = await startModernServer();
  const dir = stateDir();
  const bridge = await connectBridge([server.url], { env: { TALLY_BRIDGE_DIR: dir } });
  try {
    assert.deepEqual(bridge.client.getServerVersion(), { name: 'modern-fixture', version: '9.9.9' });
    assert.equal(bridge.client.getInstructions(), 'modern fixture');
    const { tools } = await bridge.client.listTools();
    // bad_header puts x-mcp-header on a number: it must not be offered.
    assert.deepEqual(tools.map((t) => t.name), ['echo', 'ask', 'ask_forever', 'write']);
    const list = bridge.received.find((m) => m.result?.tools);
    assert.equal(list.result.resultType, undefined);
    assert.equal(list.result.ttlMs, undefined);
    assert.equal(list.result.cacheScope, undefined);
    await bridge.client.ping();
    const r = await bridge.client.callTool({ name: 'echo', arguments: { text: ' padded é' } });
    assert.equal(r.content[0].text, ' padded é');

    assert.equal(server.posted('initialize').length, 0);
    assert.equal(server.posted('ping').length, 0);
    assert.equal(server.posted('notifications/initialized').length, 0);
    const methods = server.requests.map((q) => q.body.method);
    assert.deepEqual(methods, ['server/discover', 'tools/list', 'tools/call']);
    for (const q of server.requests) {
      const meta = q.body.params._meta;
      assert.equal(meta[META], '2026-07-28');
      assert.deepEqual(meta['io.modelcontextprotocol/clientInfo'], { name: 'bridge-test', version: '1.0.0' });
      assert.equal(typeof meta['io.modelcontextprotocol/clientCapabilities'], 'object');
      assert.equal(q.headers['mcp-protocol-version'], '2026-07-28');
      assert.equal(q.headers['mcp-method'], q.body.method);
      assert.equal(q.headers['mcp-session-id'], undefined);
    }
    const call = server.posted('tools/call')[0];
    assert.equal(call.headers['mcp-name'], 'echo');
    assert.equal(call.headers['mcp-param-text'], `=?base64?${Buffer.from(' padded é').toString('base64')}?=`);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('list_changed reaches the legacy client through subscriptions/listen', { timeout: 20000 }, async () => {
  const server = await startModernServer({ listChanged: true });
  const bridge = await connectBridge([server.url]);
  try {
    const changed = new Promise((resolve) => bridge.client.setNotificationHandler(ToolListChangedNotificationSchema, resolve));
    await within(5000, server.listening(), 'the listen stream');
    const listen = server.posted('subscriptions/listen')[0].body;
    assert.deepEqual(listen.params.notifications, { toolsListChanged: true });
    server.toolsChanged();
    await within(5000, changed, 'notifications/tools/list_changed');
    const relayed = bridge.received.find((m) => m.method === 'notifications/tools/list_changed');
    assert.equal(relayed.params, undefined);  // the subscription id is the bridge's business
    assert.ok(!bridge.received.some((m) => m.method === 'notifications/subscriptions/acknowledged'));
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});

test('input_required: the client is asked, the retry carries inputResponses and the exact requestState', { timeout: 20000 }, async () => {
  const server = await startModernServer();
  const dir = stateDir();
  const asked = [];
  const bridge = await connectBridge([server.url], {
    env: { TALLY_BRIDGE_DIR: dir },
    capabilities: { elicitation: {} },
    handlers: [[ElicitRequestSchema, async (req) => { asked.push(req.params.message); return { action: 'accept', content: { name: 'Ada' } }; }]],
  });
  try {
    const r = await bridge.client.callTool({ name: 'ask', arguments: {} });
    assert.equal(r.content[0].text, 'hello Ada; state {"opaque": "state \\u00e9", "n": 1}');
    assert.deepEqual(asked, ['Who?']);
    const [first, retry] = server.posted('tools/call').map((q) => q.body);
    assert.notEqual(first.id, retry.id);
    assert.equal(first.params.inputResponses, undefined);
    assert.deepEqual(retry.params.inputResponses, { who: { action: 'accept', content: { name: 'Ada' } } });

    // A server that never stops asking is cut off after the round limit.
    await assert.rejects(bridge.client.callTool({ name: 'ask_forever', arguments: {} }), /more input 10 times/);
    assert.equal(server.posted('tools/call').filter((q) => q.body.params.name === 'ask_forever').length, 11);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('input_required for a capability the client did not declare fails the call', { timeout: 20000 }, async () => {
  const server = await startModernServer();
  const dir = stateDir();
  const bridge = await connectBridge([server.url], { env: { TALLY_BRIDGE_DIR: dir } });
  try {
    await assert.rejects(bridge.client.callTool({ name: 'ask', arguments: {} }), /elicitation\/create.*did not declare/);
    assert.equal(server.posted('tools/call').length, 1);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken stream re-issues a read with a new id, never a write', { timeout: 20000 }, async () => {
  const server = await startModernServer();
  const dir = stateDir();
  const bridge = await connectBridge([server.url], { env: { TALLY_BRIDGE_DIR: dir } });
  try {
    server.breakNext('tools/list');
    const { tools } = await bridge.client.listTools();
    assert.ok(tools.length > 0);
    const lists = server.posted('tools/list').map((q) => q.body.id);
    assert.equal(lists.length, 2);
    assert.notEqual(lists[0], lists[1]);

    server.breakNext('tools/call:write');
    await assert.rejects(bridge.client.callTool({ name: 'write', arguments: {} }), /does not send a write twice/);
    assert.equal(server.posted('tools/call').length, 1);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--protocol legacy never probes; --protocol modern never falls back', { timeout: 20000 }, async () => {
  const modern = await startModernServer();
  const legacy = await startStreamableServer();
  const dir = stateDir();
  try {
    // Forced legacy against a 2026-only server: the initialize goes as is and is refused.
    await assert.rejects(connectBridge([modern.url, '--protocol', 'legacy'], { env: { TALLY_BRIDGE_DIR: dir } }));
    assert.deepEqual(modern.requests.filter((q) => q.method === 'POST').map((q) => q.body.method), ['initialize']);

    await assert.rejects(connectBridge([legacy.url, '--protocol', 'modern'], { env: { TALLY_BRIDGE_DIR: dir } }),
      /does not speak MCP 2026-07-28/);
    assert.equal(legacy.recorder.probes.length, 1);
    assert.deepEqual(legacy.recorder.posted(), []);
    // Forcing an era learns nothing for later runs.
    assert.deepEqual(readdirSync(dir).filter((f) => f === 'eras'), []);
  } finally {
    await modern.close();
    await legacy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the era is cached per server: a warm start does not probe again', { timeout: 30000 }, async () => {
  const modern = await startModernServer({ ttlMs: 600000 });
  const legacy = await startStreamableServer();
  const dir = stateDir();
  try {
    for (let run = 0; run < 2; run++) {
      const a = await connectBridge([modern.url], { env: { TALLY_BRIDGE_DIR: dir } });
      assert.equal(a.client.getServerVersion().name, 'modern-fixture');
      await a.client.close();
      await within(5000, a.exited, 'bridge exit');
      const b = await connectBridge([legacy.url], { env: { TALLY_BRIDGE_DIR: dir } });
      assert.ok((await b.client.listTools()).tools.length > 0);
      await b.client.close();
      await within(5000, b.exited, 'bridge exit');
    }
    // One probe each, on the first start only.
    assert.equal(modern.posted('server/discover').length, 1);
    assert.equal(legacy.recorder.probes.length, 1);
    assert.equal(legacy.recorder.posted().filter((b) => b.method === 'initialize').length, 2);
    assert.equal(readdirSync(join(dir, 'eras')).length, 2);
  } finally {
    await modern.close();
    await legacy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
