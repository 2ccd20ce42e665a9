// The reference server, @modelcontextprotocol/server-everything, in
// streamableHttp mode (its own process), through the bridge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { CreateMessageRequestSchema, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { refusedPort } from './fixtures/mcp_servers.mjs';
import { connectBridge, within } from './fixtures/bridge_client.mjs';

const require = createRequire(import.meta.url);
const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

async function startEverything() {
  const port = await refusedPort();  // free a moment ago; the server takes it next
  const child = spawn(process.execPath, [everything, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await within(15000, new Promise((resolve, reject) => {
    const on = (d) => { log += d.toString(); if (log.includes('listening on port')) resolve(); };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => reject(new Error(`server-everything exited ${code}: ${log}`)));
  }), 'server-everything start');
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => child.kill('SIGKILL') };
}

test('server-everything: tools, progress and sampling through the bridge', { timeout: 40000 }, async () => {
  const server = await startEverything();
  let bridge;
  try {
    bridge = await connectBridge([server.url], {
      capabilities: { sampling: {} },
      handlers: [[CreateMessageRequestSchema, async () => ({ role: 'assistant', model: 'm', content: { type: 'text', text: 'sampled!' } })]],
    });
    const names = (await bridge.client.listTools()).tools.map((t) => t.name);
    for (const expected of ['echo', 'get-sum', 'trigger-long-running-operation', 'trigger-sampling-request'])
      assert.ok(names.includes(expected), `${expected} missing from ${names}`);
    const echo = await bridge.client.callTool({ name: 'echo', arguments: { message: 'through the bridge' } });
    assert.match(echo.content[0].text, /through the bridge/);

    const long = await bridge.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
      CallToolResultSchema, { onprogress: () => {} });
    assert.ok(long.content.length > 0);
    const progress = bridge.received.filter((m) => m.method === 'notifications/progress');
    assert.equal(progress.length, 3);

    const sampled = await bridge.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    assert.match(JSON.stringify(sampled.content), /sampled!/);

    await bridge.client.close();
    assert.equal((await within(5000, bridge.exited, 'exit')).code, 0);
    assert.equal(bridge.stderr(), '');
    assert.deepEqual(bridge.errors, []);
  } finally {
    await bridge?.client.close().catch(() => {});
    server.stop();
  }
});
