// `tally serve --http` end to end over real sockets on 127.0.0.1: the official
// TypeScript SDK client at every legacy version, the 2026-07-28 header rules,
// SSE for calls that report progress, cancellation by closing the stream, the
// hardening statuses, health, and many clients at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp, post, sseMessages, modern, MODERN } from '../support/http_server.mjs';

const tally = (args, env = {}) => execFileSync(TALLY, args, { env: { ...process.env, ...env }, encoding: 'utf8' });

async function withServer(fn, { args = ['--test-tools', '--rate-limit', 'off'] } = {}) {
  const dir = tempDir();
  const server = await startHttp({ db: dir.db, args });
  try {
    await fn(server, dir);
  } finally {
    const { code } = await server.stop();
    dir.cleanup();
    assert.equal(code, 0, `tally serve --http exited with ${code} after SIGTERM:\n${server.stderr}`);
  }
}

class VersionPinningTransport {
  constructor(inner, version) { this.inner = inner; this.version = version; this.negotiated = undefined; }
  async start() {
    this.inner.onmessage = (m) => {
      if (m.result?.protocolVersion) this.negotiated = m.result.protocolVersion;
      this.onmessage?.(m);
    };
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => this.onclose?.();
    return this.inner.start();
  }
  send(message, options) {
    if (message.method === 'initialize')
      message = { ...message, params: { ...message.params, protocolVersion: this.version } };
    return this.inner.send(message, options);
  }
  close() { return this.inner.close(); }
  setProtocolVersion(v) { this.inner.setProtocolVersion?.(v); }
  get sessionId() { return this.inner.sessionId; }
}

test('the TypeScript SDK client over Streamable HTTP at every legacy version', async () => {
  await withServer(async (server) => {
    for (const version of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
      const transport = new VersionPinningTransport(new StreamableHTTPClientTransport(new URL(server.url)), version);
      const client = new Client({ name: 'tally-http-e2e', version: '1.0.0' }, { capabilities: {} });
      await client.connect(transport);
      try {
        assert.equal(transport.negotiated, version);
        assert.equal(transport.sessionId, undefined, 'stateless: no Mcp-Session-Id is minted');
        const { tools } = await client.listTools();
        assert.ok(tools.some((t) => t.name === 'extrack_get_context'), `tools/list at ${version}`);
        const account = await client.callTool({ name: 'ledger_create_account', arguments: { name: `Checking ${version}`, type: 'asset', subtype: 'bank' } });
        assert.equal(account.isError, undefined, JSON.stringify(account));
        const balances = await client.callTool({ name: 'ledger_get_balances', arguments: {} });
        assert.ok(JSON.stringify(balances).includes(`Checking ${version}`), 'a read sees the write before it');
      } finally {
        await client.close();
      }
    }
  });
});

test('GET and DELETE are 405 with Allow: POST; wrong media types are 415 and 406', async () => {
  await withServer(async (server) => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
    }
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    assert.equal((await post(server.url, ping, { headers: { 'content-type': 'text/plain' } })).status, 415);
    assert.equal((await post(server.url, ping, { headers: { accept: 'text/html' } })).status, 406);
    // A client listing only one of the two types is served, in that type.
    const onlyJson = await post(server.url, ping, { headers: { accept: 'application/json' } });
    assert.equal(onlyJson.status, 200);
    assert.deepEqual(onlyJson.body.result, {});
    const onlySse = await post(server.url, ping, { headers: { accept: 'text/event-stream' } });
    assert.equal(onlySse.status, 200);
    assert.match(onlySse.headers.get('content-type'), /text\/event-stream/);
    assert.deepEqual(sseMessages(onlySse.text)[0].result, {});
    // /mcp/ is the same endpoint, never a redirect (http.md §4.9).
    assert.equal((await post(`${server.url}/`, ping)).status, 200);
  });
});

test('DNS rebinding and foreign origins are refused with 403 before anything runs', async () => {
  await withServer(async (server) => {
    const write = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'test_slow_write', arguments: { seconds: 0 } } };
    // Node's fetch will not change Host; a raw request does.
    const raw = await import('node:http');
    const status = await new Promise((resolve, reject) => {
      const req = raw.request({ host: '127.0.0.1', port: server.port, path: '/mcp', method: 'POST',
        headers: { host: 'evil.example.com', 'content-type': 'application/json', accept: 'application/json' } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.end(JSON.stringify(write));
    });
    assert.equal(status, 403);
    const foreign = await post(server.url, write, { headers: { origin: 'https://evil.example.com' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, -32600);
    const count = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'test_count_marks', arguments: {} } }, { version: '2025-11-25' });
    assert.equal(count.body.result.structuredContent.count, 0, 'the refused writes changed nothing');
    // A loopback page (the Inspector) may call a loopback server, and CORS preflight is answered.
    const pre = await fetch(server.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:6274',
      'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, mcp-protocol-version' } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-headers').toLowerCase(), /mcp-protocol-version/);
  });
});

test('a body over 4 MiB is 413 and health answers', async () => {
  await withServer(async (server) => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(4 * 1024 * 1024) } });
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: big }).catch((e) => e);
    assert.equal(res.status, 413);
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    const ready = await fetch(`${server.base}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${server.base}/nothing-here`)).status, 404);
  });
});

test('2026-07-28 over HTTP: header rules, 404 for an unknown method, stateless discover', async () => {
  await withServer(async (server) => {
    const discover = modern('server/discover');
    const ok = await post(server.url, discover.body, { headers: discover.headers });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.result.supportedVersions, [MODERN]);
    const noMethodHeader = await post(server.url, discover.body, { headers: { 'mcp-protocol-version': MODERN } });
    assert.equal(noMethodHeader.status, 400);
    assert.equal(noMethodHeader.body.error.code, -32020);
    const wrongVersionHeader = await post(server.url, discover.body, { headers: { ...discover.headers, 'mcp-protocol-version': '2025-11-25' } });
    assert.equal(wrongVersionHeader.status, 400);
    assert.equal(wrongVersionHeader.body.error.code, -32020);
    const unknown = modern('nothing/here');
    const nf = await post(server.url, unknown.body, { headers: unknown.headers });
    assert.equal(nf.status, 404);
    assert.equal(nf.body.error.code, -32601);
    const call = modern('tools/call', { name: 'test_count_marks', arguments: {} });
    const wrongName = await post(server.url, call.body, { headers: { ...call.headers, 'mcp-name': 'extrack_get_context' } });
    assert.equal(wrongName.status, 400);
    assert.equal(wrongName.body.error.code, -32020);
    const counted = await post(server.url, call.body, { headers: call.headers });
    assert.equal(counted.status, 200, counted.text);
    assert.equal(counted.body.result.resultType, 'complete');
  });
});

test('a call that reports progress answers as an SSE stream; closing a modern stream cancels and rolls back', async () => {
  await withServer(async (server) => {
    const msg = { jsonrpc: '2.0', id: 7, method: 'tools/call',
      params: { name: 'test_slow_write', arguments: { seconds: 0.3, note: 'kept' }, _meta: { progressToken: 'p' } } };
    const res = await post(server.url, msg, { version: '2025-11-25' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/event-stream/);
    assert.equal(res.headers.get('x-accel-buffering'), 'no');
    const events = sseMessages(res.text);
    assert.ok(events.some((e) => e.method === 'notifications/progress'), res.text);
    assert.equal(events.at(-1).id, 7);
    assert.equal(events.at(-1).result.structuredContent.written, true);

    const call = modern('tools/call', { name: 'test_slow_write', arguments: { seconds: 5, note: 'dropped' } }, 8);
    call.body.params._meta.progressToken = 'q';
    const controller = new AbortController();
    const response = await fetch(server.url, { method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers },
      body: JSON.stringify(call.body) });
    const reader = response.body.getReader();
    const first = await reader.read();  // the first progress event: the write is under way
    assert.match(Buffer.from(first.value).toString('utf8'), /notifications\/progress/);
    controller.abort();
    // The cancelled write is rolled back: only the first mark stays. Poll within a bound.
    const countCall = modern('tools/call', { name: 'test_count_marks', arguments: {} }, 9);
    let count;
    for (let i = 0; i < 100; i++) {
      count = (await post(server.url, countCall.body, { headers: countCall.headers })).body.result.structuredContent.count;
      if (count === 1 && !/test_slow_write/.test(server.stderr.split('\n').slice(-1)[0] ?? '')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(count, 1);
  });
});

test('200 concurrent clients mixing reads and writes: no errors, every answered write present, doctor clean', async () => {
  await withServer(async (server, dir) => {
    const created = new Set();
    const clients = Array.from({ length: 200 }, (_, c) => (async () => {
      for (let i = 0; i < 3; i++) {
        const write = (c + i) % 2 === 0;
        const msg = write
          ? { jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'ledger_create_account', arguments: { name: `Acct ${c}-${i}`, type: 'asset', subtype: 'bank' } } }
          : { jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'ledger_get_balances', arguments: {} } };
        const res = await post(server.url, msg, { version: '2025-11-25' });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.result.isError, undefined, res.text);
        if (write) created.add(res.body.result.structuredContent.id);
      }
    })());
    await Promise.all(clients);
    const all = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ledger_get_balances', arguments: {} } }, { version: '2025-11-25' });
    const ids = new Set(all.body.result.structuredContent.accounts.map((a) => a.id));
    for (const id of created) assert.ok(ids.has(id), `answered write ${id} is in the ledger`);
    assert.equal(created.size, 300);
    const doctor = tally(['doctor', '--db', dir.db]);
    assert.match(doctor, /ok|no problems|hold/i);
  });
});
