// tally-bridge against SDK Streamable HTTP servers, driven by the SDK client
// over stdio: every message relayed exactly, ids untouched, headers right,
// session deleted on exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema,
  CallToolResultSchema, ToolListChangedNotificationSchema, LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { startStreamableServer } from './fixtures/mcp_servers.mjs';
import { connectBridge, within } from './fixtures/bridge_client.mjs';

const clientCapabilities = { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } };
const clientHandlers = [
  [CreateMessageRequestSchema, async () => ({ role: 'assistant', model: 'test-model', content: { type: 'text', text: 'hi from the client' } })],
  [ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } })],
  [ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///tmp/project', name: 'project' }] })],
];

/** Everything the client POSTed reached the server unchanged, in order. */
function assertRelayedExactly(sent, server) {
  assert.deepEqual(server.recorder.posted(), sent);
}

for (const json of [false, true]) {
  test(`stateful server (${json ? 'JSON' : 'SSE'} responses): full session relayed exactly`, { timeout: 30000 }, async () => {
    const server = await startStreamableServer({ json });
    const bridge = await connectBridge([server.url], { capabilities: clientCapabilities, handlers: clientHandlers });
    try {
      const { client, sent, received } = bridge;
      const logs = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));

      // Cold start: exactly initialize, initialized and the GET stream before tools/list.
      const tools = await client.listTools();
      assert.deepEqual(tools.tools.map((t) => t.name).sort(),
        ['add_tool', 'ask_client', 'delete_everything', 'drop_stream', 'echo', 'notify', 'slow']);
      await server.recorder.waitFor((r) => r.method === 'GET', 5000, 'the GET stream');
      const coldStart = server.recorder.requests.map((r) => `${r.method} ${r.body?.method ?? ''}`.trim());
      assert.deepEqual(coldStart.slice(0, 2), ['POST initialize', 'POST notifications/initialized']);
      assert.deepEqual([...coldStart].sort(), ['GET', 'POST initialize', 'POST notifications/initialized', 'POST tools/list']);

      const echo = await client.callTool({ name: 'echo', arguments: { text: 'héllo ✓ "quoted"\nline' } });
      assert.equal(echo.content[0].text, 'héllo ✓ "quoted"\nline');

      // In JSON mode the SDK server drops what a request sends before its answer, so
      // notifications and server->client requests inside a call are SSE-only.
      if (!json) {
        const notified = await client.callTool({ name: 'notify', arguments: {} }, CallToolResultSchema,
          { onprogress: () => {} });
        assert.equal(notified.content[0].text, 'notified');
        // Checked on what reached the client's transport: the SDK client drops a progress
        // notification that shares a read() with its response (its notification handlers run a
        // microtask later, after the response removed the progress handler).
        const token = sent.at(-1).params._meta.progressToken;
        const progress = received.filter((m) => m.method === 'notifications/progress');
        assert.deepEqual(progress.map((m) => m.params), [{ progressToken: token, progress: 1, total: 2, message: 'half' }]);
        assert.ok(received.indexOf(progress[0]) < received.findIndex((m) => m.id === sent.at(-1).id));
        assert.deepEqual(logs, [{ level: 'info', logger: 'fixture', data: 'hello log' }]);

        const asked = await client.callTool({ name: 'ask_client', arguments: {} });
        assert.deepEqual(JSON.parse(asked.content[0].text),
          { sampled: 'hi from the client', name: 'Ada', roots: ['file:///tmp/project'] });
      }

      await client.ping();

      // Server-initiated notification on the GET stream.
      const changed = new Promise((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, resolve));
      await client.callTool({ name: 'add_tool', arguments: {} });
      await within(5000, changed, 'tools/list_changed');

      assertRelayedExactly(sent, server);

      // Server -> client messages arrive verbatim: the server's request ids come back untouched.
      const serverRequests = received.filter((m) => m.method && m.id !== undefined);
      assert.deepEqual(serverRequests.map((m) => m.method), json ? [] : ['sampling/createMessage', 'elicitation/create', 'roots/list', 'ping']);
      const answers = sent.filter((m) => m.result !== undefined || m.error !== undefined);
      assert.deepEqual(answers.map((m) => m.id), serverRequests.map((m) => m.id));

      // Headers: JSON in, both media types accepted, session and version after initialize.
      const posts = server.recorder.requests.filter((r) => r.method === 'POST');
      const sessionId = [...server.sessions.keys()][0];
      assert.ok(sessionId);
      for (const [i, r] of posts.entries()) {
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers.accept, 'application/json, text/event-stream');
        assert.equal(r.headers.expect, undefined);
        if (i === 0) {
          assert.equal(r.headers['mcp-session-id'], undefined);
          assert.equal(r.headers['mcp-protocol-version'], undefined);
        } else {
          assert.equal(r.headers['mcp-session-id'], sessionId);
          assert.equal(r.headers['mcp-protocol-version'], '2025-11-25');
        }
      }
      const get = server.recorder.requests.find((r) => r.method === 'GET');
      assert.equal(get.headers.accept, 'text/event-stream');
      assert.equal(get.headers['mcp-session-id'], sessionId);

      // Exit: the session is deleted, the bridge exits 0, stderr stayed empty.
      await bridge.client.close();
      const exit = await within(5000, bridge.exited, 'bridge exit');
      assert.equal(exit.code, 0);
      const del = await server.recorder.waitFor((r) => r.method === 'DELETE', 1000, 'DELETE');
      assert.equal(del.headers['mcp-session-id'], sessionId);
      assert.equal(bridge.stderr(), '');
      assert.deepEqual(bridge.errors, []);
    } finally {
      await bridge.client.close().catch(() => {});
      await server.close();
    }
  });
}

test('stateless server: no session header, no DELETE, JSON answers', { timeout: 20000 }, async () => {
  const server = await startStreamableServer({ stateless: true, json: true });
  const bridge = await connectBridge([server.url]);
  try {
    const r = await bridge.client.callTool({ name: 'echo', arguments: { text: 'x' } });
    assert.equal(r.content[0].text, 'x');
    await bridge.client.close();
    assert.equal((await within(5000, bridge.exited, 'bridge exit')).code, 0);
    assertRelayedExactly(bridge.sent, server);
    assert.ok(server.recorder.requests.every((r) => r.headers['mcp-session-id'] === undefined));
    assert.ok(!server.recorder.requests.some((r) => r.method === 'DELETE'));
    // The GET stream attempt gets 405 once and is never retried.
    assert.equal(server.recorder.requests.filter((r) => r.method === 'GET').length, 1);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});

test('expired session (404): re-initialize is invisible to the client', { timeout: 20000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = await connectBridge([server.url]);
  try {
    const { client, sent, received } = bridge;
    await client.callTool({ name: 'echo', arguments: { text: 'one' } });
    const oldSession = [...server.sessions.keys()][0];
    const firstInit = server.recorder.posted()[0];
    server.expireSessions();
    const before = server.recorder.requests.length;

    const r = await client.callTool({ name: 'echo', arguments: { text: 'two' } });
    assert.equal(r.content[0].text, 'two');

    const after = server.recorder.requests.slice(before).filter((x) => x.method === 'POST');
    const newSession = [...server.sessions.keys()][0];
    assert.notEqual(newSession, oldSession);
    // 1: the call on the dead session; 2: the cached initialize under a bridge id, without
    // a session; 3: initialized; 4: the same call again on the new session.
    assert.equal(after.length, 4);
    assert.equal(after[0].headers['mcp-session-id'], oldSession);
    assert.deepEqual(after[0].body, sent.at(-1));
    assert.equal(after[1].body.method, 'initialize');
    assert.match(String(after[1].body.id), /^bridge-/);
    assert.deepEqual(after[1].body.params, firstInit.params);
    assert.equal(after[1].headers['mcp-session-id'], undefined);
    assert.equal(after[2].body.method, 'notifications/initialized');
    assert.equal(after[2].headers['mcp-session-id'], newSession);
    assert.deepEqual(after[3].body, sent.at(-1));
    assert.equal(after[3].headers['mcp-session-id'], newSession);

    // The client saw nothing of it: only answers to its own ids.
    const sentIds = new Set(sent.filter((m) => m.id !== undefined).map((m) => m.id));
    assert.ok(received.every((m) => sentIds.has(m.id)), JSON.stringify(received));
    assert.equal(received.length, sentIds.size - 1); // initialize's answer came before the wrapper
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});

test('a 10-second tool call completes and does not block other calls', { timeout: 30000 }, async () => {
  const server = await startStreamableServer({});
  const bridge = await connectBridge([server.url]);
  try {
    const started = Date.now();
    const slow = bridge.client.callTool({ name: 'slow', arguments: { ms: 10000 } }, CallToolResultSchema,
      { onprogress: () => {}, timeout: 60000 });
    await server.recorder.waitFor((r) => r.body?.params?.name === 'slow', 5000, 'the slow call');
    const quickStart = Date.now();
    const quick = await bridge.client.callTool({ name: 'echo', arguments: { text: 'meanwhile' } });
    assert.equal(quick.content[0].text, 'meanwhile');
    assert.ok(Date.now() - quickStart < 2000, 'a quick call waited for the slow one');
    const result = await slow;
    assert.equal(result.content[0].text, 'slept 10000');
    assert.ok(Date.now() - started >= 10000);
    const progress = bridge.received.filter((m) => m.method === 'notifications/progress');
    assert.deepEqual(progress.map((m) => m.params.progress), [1, 2, 3, 4, 5]);
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});

test('a response stream closed early is resumed with Last-Event-ID', { timeout: 20000 }, async () => {
  const server = await startStreamableServer({ resumable: true });
  const bridge = await connectBridge([server.url]);
  try {
    const logs = [];
    bridge.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params.data));
    const r = await bridge.client.callTool({ name: 'drop_stream', arguments: {} });
    assert.equal(r.content[0].text, 'answered after the drop');
    assert.deepEqual(logs, ['before drop']);
    const resumed = server.recorder.requests.find((x) => x.method === 'GET' && x.headers['last-event-id']);
    assert.ok(resumed, 'no GET with Last-Event-ID');
    assert.equal(resumed.headers.accept, 'text/event-stream');
  } finally {
    await bridge.client.close().catch(() => {});
    await server.close();
  }
});
