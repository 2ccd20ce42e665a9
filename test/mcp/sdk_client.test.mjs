// End to end with the official MCP TypeScript SDK client over its
// StdioClientTransport, at every protocol version Tally supports. The SDK
// client always asks for its latest version, so a thin transport wrapper
// rewrites the requested version and records the one the server answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tempDir } from '../support/tally.mjs';

class VersionPinningTransport {
  constructor(inner, version) {
    this.inner = inner;
    this.version = version;
    this.negotiated = undefined;
    this.initializeId = undefined;
  }
  async start() {
    this.inner.onmessage = (m) => {
      if (m.id !== undefined && m.id === this.initializeId && m.result) this.negotiated = m.result.protocolVersion;
      this.onmessage?.(m);
    };
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => this.onclose?.();
    return this.inner.start();
  }
  send(message, options) {
    if (message.method === 'initialize') {
      this.initializeId = message.id;
      message = { ...message, params: { ...message.params, protocolVersion: this.version } };
    }
    return this.inner.send(message, options);
  }
  close() { return this.inner.close(); }
  setProtocolVersion(v) { this.inner.setProtocolVersion?.(v); }
  get sessionId() { return this.inner.sessionId; }
}

for (const version of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
  test(`TypeScript SDK client: initialize, tools/list, tools/call at ${version}`, async () => {
    const dir = tempDir();
    const stdio = new StdioClientTransport({
      command: process.env.TALLY_BIN,
      args: ['serve', '--test-tools', '--db', dir.db],
      stderr: 'pipe',
    });
    const transport = new VersionPinningTransport(stdio, version);
    const client = new Client({ name: 'tally-e2e', version: '1.0.0' }, { capabilities: {} });
    try {
      await client.connect(transport);
      assert.equal(transport.negotiated, version, 'the server echoes the requested version');
      assert.equal(client.getServerVersion().name, 'tally');
      assert.ok(client.getInstructions().includes('ledger'));
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      assert.ok(names.includes('test_simple_text') && names.includes('test_slow_write'));
      const text = await client.callTool({ name: 'test_simple_text', arguments: {} });
      assert.equal(text.content[0].text, 'This is a simple text response for testing.');
      const count = await client.callTool({ name: 'test_count_marks', arguments: {} });
      if (version >= '2025-06-18') assert.deepEqual(count.structuredContent, { count: 0 });
      else assert.equal(count.structuredContent, undefined);
      assert.deepEqual(JSON.parse(count.content[0].text), { count: 0 });
      const failed = await client.callTool({ name: 'test_error_handling', arguments: {} });
      assert.equal(failed.isError, true);
      await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /Unknown tool/);
      await client.ping();
    } finally {
      await client.close();
      dir.cleanup();
    }
  });
}
