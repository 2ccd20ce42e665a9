#!/usr/bin/env node
// Keep-alive load generator for a Streamable HTTP MCP server (stateless, JSON
// answers). It starts the server command (which must print
// "…127.0.0.1:PORT/mcp…" on stderr once it listens; give it port 0), then for
// each mix (a fresh server per mix, so each has its own memory peak) and each
// connection count: N connections, each POSTing tools/call back to back
// (closed loop), a warm-up, then a measured window. Per level it reports
// requests/s, p50/p99 latency (all, reads, writes), errors, the server's CPU
// per request (/proc/PID/stat utime+stime, and schedstat of its live
// threads), this generator's own CPU per request, and the share of the
// machine's CPU that other processes used meanwhile (/proc/stat minus both);
// per mix the server's RSS after start, and after the load its VmHWM and its
// RSS split into anonymous memory and mapped files.
//   node bench/http_load.mjs --scenario FILE [--read list_transactions] [--write log_transaction]
//        [--mixes reads,mixed] [--conns 1,16,64] [--seconds 5] [--warmup-seconds 1]
//        [--requests N] [--write-every 10] [--set KEY=VALUE ...] [--label NAME] [--out FILE]
//        -- <server command…>
// Mixes: `reads` sends only the read tool; `mixed` sends the write tool as
// every 10th request (--write-every) over all connections, the read otherwise.
// --requests N ends a level's window after N answers (or --seconds, whichever
// comes first). A request counts when it was sent and answered inside the window.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Connection, postBytes } from './lib/http-conn.mjs';
import { procStats } from './lib/proc.mjs';
import { fill } from './lib/scenario.mjs';
import { parseDriverArgs } from './lib/args.mjs';
import { summarize } from './lib/stats.mjs';


const opts = parseDriverArgs(process.argv.slice(2), 'http_load.mjs --scenario FILE [options] -- <server command…>');
const scenario = JSON.parse(fs.readFileSync(opts.scenario, 'utf8'));
const protocolVersion = scenario.protocolVersion ?? '2025-06-18';
const findTool = (name) => {
  const t = scenario.tools.find((x) => x.name === name);
  if (!t) throw new Error(`${opts.scenario} has no tool ${name}`);
  return t;
};
const readTool = findTool(opts.read ?? 'list_transactions');
const writeTool = findTool(opts.write ?? 'log_transaction');
const mixes = (opts.mixes ?? 'reads,mixed').split(',');
const connCounts = (opts.conns ?? '1,16,64').split(',').map(Number);
const seconds = Number(opts.seconds ?? 5);
const warmupSeconds = Number(opts.warmupSeconds ?? 1);
const maxRequests = opts.requests === undefined ? Infinity : Number(opts.requests);
const writeEvery = Number(opts.writeEvery ?? 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the server
async function startServer(command) {
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')}: no "127.0.0.1:PORT/mcp" on stderr within 30 s:\n${stderr}`)), 30000);
    child.stderr.on('data', (d) => {
      if (stderr.length < 65536) stderr += d; // kept for the error message; drained either way
      const m = stderr.match(/127\.0\.0\.1:(\d+)\/mcp/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`${command[0]} exited (${code ?? signal}) before listening:\n${stderr}`)); });
  });
  return {
    pid: child.pid, port,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
      const how = await exited;
      clearTimeout(killer);
      return how;
    },
  };
}

// ------------------------------------------------------------- CPU bookkeeping
function machineJiffies() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return { busy: user + nice + system + irq + softirq + (steal ?? 0), total: f.reduce((a, b) => a + b, 0) - (f[8] ?? 0) - (f[9] ?? 0) };
}
function snapshot(pid) {
  return { at: performance.now(), server: procStats(pid), client: procStats(process.pid), machine: machineJiffies(), cpu: process.cpuUsage() };
}

// ---------------------------------------------------------------- one level
const isFailure = (status, body) => status !== 200 || body.includes('"isError":true') || body.includes('"error":');

async function level(server, mix, conns) {
  const readBytes = postBytes(server.port, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call',
    params: { name: readTool.name, arguments: fill(readTool.arguments ?? {}, 0, opts.set) } }), protocolVersion);
  const writeBytes = (i) => postBytes(server.port, JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call',
    params: { name: writeTool.name, arguments: fill(writeTool.arguments ?? {}, i, opts.set) } }), protocolVersion);
  const st = { seq: 0, recording: false, stop: false, answered: 0, errors: 0, warmupErrors: 0, firstError: null,
    read: [], write: [], done: null };
  const windowDone = new Promise((resolve) => { st.done = resolve; });
  const fail = (rec, text) => {
    if (rec) st.errors++; else st.warmupErrors++;
    st.firstError ??= String(text).slice(0, 200);
  };

  async function loop() {
    let conn = new Connection(server.port);
    await conn.ready;
    while (!st.stop) {
      const n = st.seq++;
      const write = mix === 'mixed' && n % writeEvery === writeEvery - 1;
      const bytes = write ? writeBytes(n) : readBytes;
      const rec = st.recording;
      const t = performance.now();
      try {
        const { status, body } = await conn.request(bytes);
        const ms = performance.now() - t;
        const bad = isFailure(status, body);
        const counted = rec && st.recording;
        if (bad) fail(counted, `HTTP ${status}: ${body}`);
        if (counted) {
          (write ? st.write : st.read).push(ms * 1000);
          if (++st.answered >= maxRequests) st.done();
        }
        if (conn.closed && !st.stop) { conn = new Connection(server.port); await conn.ready; }
      } catch (e) {
        fail(rec && st.recording, e.message);
        conn.close();
        if (st.stop) break;
        conn = new Connection(server.port);
        try { await conn.ready; } catch (e2) { fail(st.recording, e2.message); await sleep(10); }
      }
    }
    conn.close();
  }

  const loops = Array.from({ length: conns }, () => loop());
  await sleep(warmupSeconds * 1000);
  const loadBefore = os.loadavg();
  const before = snapshot(server.pid);
  st.recording = true;
  const timer = setTimeout(() => st.done(), seconds * 1000);
  await windowDone;
  st.recording = false;
  const after = snapshot(server.pid);
  clearTimeout(timer);
  st.stop = true;
  await Promise.all(loops);

  const elapsed = (after.at - before.at) / 1000;
  const answered = st.read.length + st.write.length;
  const serverTicks = after.server.ticks - before.server.ticks;
  const clientTicks = after.client.ticks - before.client.ticks;
  const capacity = elapsed * after.server.hz * os.cpus().length;
  const machineBusy = after.machine.busy - before.machine.busy;
  const clientCpuUs = (after.cpu.user + after.cpu.system) - (before.cpu.user + before.cpu.system);
  return {
    conns, seconds: elapsed, answered, requestsPerSecond: answered / elapsed,
    errors: st.errors, warmupErrors: st.warmupErrors, firstError: st.firstError,
    us: summarize([...st.read, ...st.write]), readUs: summarize(st.read), writeUs: summarize(st.write), writes: st.write.length,
    serverCpuUsPerRequest: answered ? (serverTicks * 1e6) / after.server.hz / answered : null,
    serverRunUsPerRequest: answered ? (after.server.runNs - before.server.runNs) / 1000 / answered : null,
    serverCpuShare: serverTicks / capacity,
    clientCpuUsPerRequest: answered ? clientCpuUs / answered : null,
    clientCpuShare: clientTicks / capacity,
    othersCpuShare: Math.max(0, machineBusy - serverTicks - clientTicks) / capacity, cores: os.cpus().length,
    loadavgBefore: loadBefore, loadavgAfter: os.loadavg(),
  };
}

// ------------------------------------------------------------------ the run
const report = {
  label: opts.label ?? opts.command.join(' '), command: opts.command, scenario: scenario.name,
  settings: { read: readTool.name, write: writeTool.name, writeEvery, mixes, conns: connCounts, seconds, warmupSeconds,
    maxRequests: Number.isFinite(maxRequests) ? maxRequests : null, protocolVersion, cores: os.cpus().length },
  date: new Date().toISOString(), mixes: [],
};
for (const mix of mixes) {
  const server = await startServer(opts.command);
  const entry = { mix, idleRssKiB: procStats(server.pid).rssKiB, levels: [] };
  try {
    for (const conns of connCounts) {
      console.error(`[http_load] ${report.label}: ${mix}, ${conns} connection(s)`);
      entry.levels.push(await level(server, mix, conns));
    }
    const end = procStats(server.pid);
    Object.assign(entry, { peakKiB: end.hwmKiB, endRssKiB: end.rssKiB, endAnonKiB: end.anonKiB, endFileKiB: end.fileKiB });
  } finally {
    entry.exit = await server.stop();
  }
  report.mixes.push(entry);
}
report.peakKiB = Math.max(...report.mixes.map((m) => m.peakKiB));
const text = JSON.stringify(report, null, 2) + '\n';
if (opts.out) fs.writeFileSync(opts.out, text); else process.stdout.write(text);
