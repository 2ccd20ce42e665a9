// The 2024-11-05 HTTP+SSE fallback, per --transport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLegacyServer, startStreamableServer } from './fixtures/mcp_servers.mjs';
import { connectBridge, rawBridge, initializeRequest, within } from './fixtures/bridge_client.mjs';

for (const transport of ['http-first', 'sse-only', 'sse-first']) {
  test(`legacy HTTP+SSE server with --transport ${transport}`, { timeout: 20000 }, async () => {
    const server = await startLegacyServer();
    const args = transport === 'http-first' ? [server.url] : [server.url, '--transport', transport];
    const bridge = await connectBridge(args);
    try {
      const tools = await bridge.client.listTools();
      assert.ok(tools.tools.some((t) => t.name === 'echo'));
      const r = await bridge.client.callTool({ name: 'notify', arguments: {} });
      assert.equal(r.content[0].text, 'notified');
      const reqs = server.recorder.requests;
      if (transport === 'http-first') {
        // One POST of the initialize to the URL (405), then the SSE GET.
        assert.equal(reqs[0].method, 'POST');
        assert.equal(reqs[0].path, '/sse');
        assert.equal(reqs[1].method, 'GET');
      } else {
        assert.equal(reqs[0].method, 'GET');
        assert.ok(!reqs.some((x) => x.method === 'POST' && x.path === '/sse'));
      }
      assert.deepEqual(server.recorder.posted('/messages'), bridge.sent);
      assert.ok(bridge.received.some((m) => m.method === 'notifications/message'));
      await bridge.client.close();
      assert.equal((await within(5000, bridge.exited, 'exit')).code, 0);
      assert.equal(bridge.stderr(), '');
    } finally {
      await bridge.client.close().catch(() => {});
      await server.close();
    }
  });
}

test('--transport http-only does not fall back; --transport sse-first falls forward to Streamable HTTP', { timeout: 20000 }, async () => {
  const legacy = await startLegacyServer();
  const only = rawBridge([legacy.url, '--transport', 'http-only']);
  const streamable = await startStreamableServer({});
  try {
    only.send(initializeRequest(1));
    const answer = await only.next();
    assert.equal(answer.id, 1);
    assert.match(answer.error.message, /HTTP 405/);
    assert.ok(!legacy.recorder.requests.some((r) => r.method === 'GET'));

    const forward = await connectBridge([streamable.url, '--transport', 'sse-first']);
    const tools = await forward.client.listTools();
    assert.ok(tools.tools.length > 0);
    assert.equal(streamable.recorder.requests[0].method, 'GET');  // the SSE probe, answered 400
    assert.equal(streamable.recorder.requests[1].body.method, 'initialize');
    await forward.client.close();
  } finally {
    only.kill();
    await legacy.close();
    await streamable.close();
  }
});
