#!/usr/bin/env node
// Bridges in front of one local Streamable HTTP MCP server (the bridge tests'
// SDK fixture on 127.0.0.1, SSE answers, sessions): the direct HTTP POST
// round trip as the baseline, then for each bridge the upstream HTTP requests
// and sessions one cold start costs (initialize, initialized, tools/list,
// EOF) and the driver's figures (cold start, round trips, memory) over stdio.
//   node bench/bridge.mjs --out FILE [--cold-runs N] [--calls N] [--pipelined N]
//        [--max-seconds S] --bridge 'NAME=COMMAND ARGS… {url} ARGS…' ...
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStreamableServer } from '../test/bridge/fixtures/mcp_servers.mjs';
import { startServer } from './lib/stdio-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
const bridges = argv.flatMap((a, i) => (a === '--bridge' ? [argv[i + 1]] : []))
  .map((spec) => { const [name, ...cmd] = spec.split('='); return { name, command: cmd.join('=').split(' ') }; });
// A bridge's command names the server's URL as {url}.
const withUrl = (command, url) => command.map((a) => a.replace('{url}', url));
const calls = Number(opt('calls', '2000'));
const COUNT_RUNS = 5;

const upstream = await startStreamableServer();
// Baseline: what a client pays talking HTTP to the server itself (its own process).
async function direct() {
  const child = spawn(process.execPath, [path.join(HERE, 'lib/direct-post.mjs'), upstream.url, String(calls)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`direct POST baseline failed (exit ${code})`);
  return JSON.parse(out);
}

// Upstream traffic of one cold start: initialize, initialized, tools/list, then stdin EOF.
async function coldTraffic(bridge) {
  const perRun = [];
  for (let r = 0; r < COUNT_RUNS; r++) {
    const from = upstream.recorder.requests.length;
    const server = await startServer(withUrl(bridge.command, upstream.url));
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) + '\n';
    const answer = await server.request(list, 1);
    if (!answer.result?.tools) throw new Error(`${bridge.name}: tools/list failed: ${JSON.stringify(answer)}`);
    await server.close();
    const seen = upstream.recorder.requests.slice(from);
    perRun.push({
      requests: seen.length,
      sessions: seen.filter((q) => q.method === 'POST' && q.body?.method === 'initialize').length,
      byMethod: seen.reduce((m, q) => ({ ...m, [q.method]: (m[q.method] ?? 0) + 1 }), {}),
    });
  }
  return { runs: COUNT_RUNS, requests: Math.max(...perRun.map((r) => r.requests)),
    sessions: Math.max(...perRun.map((r) => r.sessions)), byMethod: perRun.at(-1).byMethod };
}

const report = { url: upstream.url, date: new Date().toISOString(), direct: await direct(), bridges: [] };
for (const bridge of bridges) {
  const traffic = await coldTraffic(bridge);
  const out = path.join(path.dirname(opt('out')), `bridge-${bridge.name}.json`);
  const passOn = ['cold-runs', 'calls', 'pipelined', 'max-seconds'].flatMap((k) => (opt(k) ? [`--${k}`, opt(k)] : []));
  // Asynchronously: the upstream server lives in this process's event loop.
  const driver = spawn(process.execPath, [path.join(HERE, 'driver.mjs'), '--scenario', path.join(HERE, 'scenarios/bridge.json'),
    '--label', bridge.name, ...passOn, '--ours', String(process.pid), '--out', out, '--', ...withUrl(bridge.command, upstream.url)], { stdio: 'inherit' });
  const code = await new Promise((resolve) => driver.on('exit', resolve));
  if (code !== 0) throw new Error(`driver failed for ${bridge.name} (exit ${code})`);
  report.bridges.push({ name: bridge.name, traffic, driver: JSON.parse(fs.readFileSync(out, 'utf8')) });
}
await upstream.close();
fs.writeFileSync(opt('out'), JSON.stringify(report, null, 2) + '\n');
