// Failures the client can show: each pending request gets a JSON-RPC error with
// its own id and a message naming what failed; the bridge stays up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStreamableServer, refusedPort } from './fixtures/mcp_servers.mjs';
import { rawBridge, initializeRequest, within } from './fixtures/bridge_client.mjs';

async function initialized(bridge, server) {
  bridge.send(initializeRequest(1));
  const init = await bridge.next();
  assert.equal(init.id, 1);
  assert.ok(init.result, JSON.stringify(init));
  bridge.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await server.recorder.waitFor((r) => r.body?.method === 'notifications/initialized', 5000, 'initialized');
}

test('connection refused: a JSON-RPC error, not a hang; the bridge stays up', { timeout: 15000 }, async () => {
  const port = await refusedPort();
  const bridge = rawBridge([`http://127.0.0.1:${port}/mcp`]);
  try {
    bridge.send(initializeRequest('init-1'));
    const answer = await bridge.next(5000);
    assert.equal(answer.id, 'init-1');
    assert.equal(answer.error.code, -32000);
    assert.match(answer.error.message, new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}`));
    assert.match(answer.error.message, /Is the MCP server running/);
    // Still up: the next request is answered too.
    bridge.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    assert.equal((await bridge.next(5000)).id, 2);
    bridge.child.stdin.end();
    assert.equal((await within(5000, bridge.exited, 'exit')).code, 0);
    assert.equal(bridge.stderr(), '');
  } finally {
    bridge.kill();
  }
});

test('5xx, non-JSON bodies and 4xx become errors under the request id', { timeout: 15000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = rawBridge([server.url]);
  try {
    await initialized(bridge, server);
    server.inject({ status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' });
    bridge.send({ jsonrpc: '2.0', id: 10, method: 'tools/list' });
    const e5 = await bridge.next();
    assert.equal(e5.id, 10);
    assert.match(e5.error.message, /failed with HTTP 502 \(server said: <html>Bad Gateway<\/html>\)\. This is a problem on the server's side/);

    server.inject({ status: 200, type: 'text/html', body: '<!doctype html><p>login page</p>' });
    bridge.send({ jsonrpc: '2.0', id: 'x-11', method: 'tools/list' });
    const html = await bridge.next();
    assert.equal(html.id, 'x-11');
    assert.match(html.error.message, /HTTP 200 with content type text\/html, not a JSON-RPC message/);

    server.inject({ status: 200, type: 'application/json', body: 'not json at all' });
    bridge.send({ jsonrpc: '2.0', id: 12, method: 'tools/list' });
    const bad = await bridge.next();
    assert.equal(bad.id, 12);
    assert.match(bad.error.message, /not a JSON-RPC message/);

    server.inject({ status: 400, body: JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Bad thing' } }) });
    bridge.send({ jsonrpc: '2.0', id: 13, method: 'tools/list' });
    const e4 = await bridge.next();
    assert.equal(e4.id, 13);
    assert.match(e4.error.message, /HTTP 400 \(server said: Bad thing\)/);

    // And the bridge is fine afterwards.
    bridge.send({ jsonrpc: '2.0', id: 14, method: 'tools/list' });
    const ok = await bridge.next();
    assert.equal(ok.id, 14);
    assert.ok(ok.result.tools.length > 0);
    assert.equal(bridge.stderr(), '');
  } finally {
    bridge.kill();
    await server.close();
  }
});

test('stdout carries only JSON-RPC lines; garbage from the client gets a parse error', { timeout: 15000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = rawBridge([server.url]);
  try {
    await initialized(bridge, server);
    bridge.send('this is not json');
    const parse = await bridge.next();
    assert.deepEqual(parse.error.code, -32700);
    assert.equal(parse.id, null);
    bridge.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'notify', arguments: {}, _meta: { progressToken: 'tok' } } });
    const got = [await bridge.next(), await bridge.next(), await bridge.next()];
    assert.deepEqual(got.map((m) => m.method ?? `response ${m.id}`),
      ['notifications/message', 'notifications/progress', 'response 2']);
    bridge.child.stdin.end();
    await within(5000, bridge.exited, 'exit');
    for (const line of bridge.lines) {
      const m = JSON.parse(line);
      assert.equal(m.jsonrpc, '2.0');
      assert.ok(!line.includes('\n'));
    }
    assert.equal(bridge.stderr(), '');
  } finally {
    bridge.kill();
    await server.close();
  }
});

test('SIGTERM: the session is deleted and the bridge exits 0', { timeout: 15000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = rawBridge([server.url]);
  try {
    await initialized(bridge, server);
    const sessionId = [...server.sessions.keys()][0];
    // A call in flight must not hold up the exit.
    bridge.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'slow', arguments: { ms: 60000 } } });
    await server.recorder.waitFor((r) => r.body?.id === 5, 5000, 'the slow call');
    const t0 = Date.now();
    bridge.child.kill('SIGTERM');
    const exit = await within(5000, bridge.exited, 'exit after SIGTERM');
    assert.equal(exit.code, 0);
    assert.ok(Date.now() - t0 < 2500, `exit took ${Date.now() - t0} ms`);
    const del = await server.recorder.waitFor((r) => r.method === 'DELETE', 1000, 'DELETE');
    assert.equal(del.headers['mcp-session-id'], sessionId);
  } finally {
    bridge.kill();
    await server.close();
  }
});
