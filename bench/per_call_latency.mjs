#!/usr/bin/env node
// Round trips on one warm stdio MCP server: N sequential requests of each kind,
// legacy (after initialize) and 2026-07-28 (envelope in _meta), median and max.
// Measures what the per-request era classification and envelope check add.
//   node bench/per_call_latency.mjs [-n 500] -- <command> [args…]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
let runs = 500;
if (argv[0] === '-n') { runs = Number(argv[1]); argv.splice(0, 2); }
if (argv[0] === '--') argv.shift();
const [command, ...args] = argv;
if (!command) { console.error('usage: per_call_latency.mjs [-n N] -- <command> [args…]'); process.exit(2); }

const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
let buffer = '';
let waiting = null;
child.stdout.on('data', (d) => {
  buffer += d;
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    const m = JSON.parse(line);
    if ('id' in m && waiting) { const w = waiting; waiting = null; w(m); }
  }
});
let id = 0;
const roundTrip = (method, params) => new Promise((resolve) => {
  waiting = resolve;
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) + '\n');
});

const M = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
await roundTrip('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
const kinds = [
  ['legacy tools/list', 'tools/list', {}],
  ['modern tools/list', 'tools/list', { _meta: M }],
  ['legacy tools/call list_cards', 'tools/call', { name: 'list_cards', arguments: {} }],
  ['modern tools/call list_cards', 'tools/call', { name: 'list_cards', arguments: {}, _meta: M }],
];
for (const [label, method, params] of kinds) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = await roundTrip(method, params);
    times.push(performance.now() - start);
    if (r.error) { console.error(label, JSON.stringify(r.error)); process.exit(1); }
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(runs / 2)].toFixed(3)} ms, max ${times.at(-1).toFixed(3)} ms over ${runs}`);
}
child.stdin.end();
