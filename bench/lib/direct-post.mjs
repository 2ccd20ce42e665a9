#!/usr/bin/env node
// The bridge benchmark's baseline, in its own process like the bridges: a
// client that POSTs tools/call straight to the Streamable HTTP server (one
// keep-alive connection, one session). Prints {"calls": N, "us": {...}}.
//   node bench/lib/direct-post.mjs URL CALLS
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats.mjs';

const [url, callsArg] = process.argv.slice(2);
const calls = Number(callsArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(body, session) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'content-length': Buffer.byteLength(data), ...(session ? { 'mcp-session-id': session } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ session: res.headers['mcp-session-id'], text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const { session } = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {
  protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tally-bench', version: '1' } } });
await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
const times = [];
for (let i = 1; i <= calls + 20; i++) {
  const start = performance.now();
  const { text } = await post({ jsonrpc: '2.0', id: i, method: 'tools/call',
    params: { name: 'echo', arguments: { text: `bench ${i}` } } }, session);
  if (i > 20) times.push((performance.now() - start) * 1000);
  if (!text.includes(`bench ${i}`)) throw new Error(`direct POST: unexpected answer ${text}`);
}
await post({ jsonrpc: '2.0', id: 'end', method: 'ping' }, session);
agent.destroy();
process.stdout.write(JSON.stringify({ calls, us: summarize(times) }) + '\n');
