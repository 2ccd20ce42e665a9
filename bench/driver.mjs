#!/usr/bin/env node
// Load driver for any stdio MCP server command (newline-delimited JSON-RPC).
// One scenario file names the tools and arguments; the driver measures, with
// the same spawn path for every server:
//   cold start   spawn -> `initialize` answered (median of N fresh processes)
//   sequential   tools/call round trips per tool (median, p99) and the
//                server's CPU time per call (/proc: utime+stime, and the
//                nanosecond run time of its threads from schedstat)
//   pipelined    N requests written without waiting for answers: calls/s,
//                time to the first answer, time the last request was written
//   memory       VmRSS after initialize (idle) and VmHWM before exit (peak)
// Each timed phase also carries `machine`: the load average before and after and
// the CPU other processes used meanwhile (lib/busy.mjs).
// It prints one JSON document (or writes it with --out).
//   node bench/driver.mjs --scenario FILE [--label NAME] [--phases cold,sequential,pipelined]
//        [--cold-runs N] [--calls N] [--warmup N] [--pipelined N] [--max-seconds S]
//        [--tools a,b] [--set KEY=VALUE ...] [--ours PID,PID] [--out FILE] -- <command> [args…]
// --ours names processes that are part of the setup (the bridges' upstream
// server): their CPU is not counted as other processes' in `machine`.
// `--set cardId=card_7` replaces `{{cardId}}` in the scenario's arguments;
// `{{i}}` is the call's number.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { phaseEnd, phaseStart } from './lib/busy.mjs';
import { procStats } from './lib/proc.mjs';
import { fill } from './lib/scenario.mjs';
import { Server, startServer } from './lib/stdio-server.mjs';
import { parseDriverArgs } from './lib/args.mjs';
import { summarize } from './lib/stats.mjs';


const opts = parseDriverArgs(process.argv.slice(2), 'driver.mjs --scenario FILE [options] -- <command> [args…]', { phases: 'cold,sequential,pipelined' });
const scenario = JSON.parse(fs.readFileSync(opts.scenario, 'utf8'));
const num = (v, d) => (v === undefined ? d : Number(v));
const coldRuns = num(opts.coldRuns, scenario.cold?.runs ?? 20);
const calls = num(opts.calls, scenario.sequential?.calls ?? 2000);
const warmup = num(opts.warmup, scenario.sequential?.warmup ?? 20);
const ours = opts.ours ? opts.ours.split(',').map(Number) : [];
const pipelined = num(opts.pipelined, scenario.pipelined?.requests ?? 20000);
const maxSeconds = num(opts.maxSeconds, scenario.maxSecondsPerPhase ?? 120);
const phases = new Set(opts.phases.split(','));
const onlyTools = opts.tools ? new Set(opts.tools.split(',')) : null;
const tools = scenario.tools.filter((t) => !onlyTools || onlyTools.has(t.name));
const protocolVersion = scenario.protocolVersion ?? '2025-06-18';

const initLine = (id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'tally-bench', version: '1' } } }) + '\n';
const callLine = (id, tool, i) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call',
  params: { name: tool.name, arguments: fill(tool.arguments ?? {}, i, opts.set) } }) + '\n';

const isFailure = (msg) => Boolean(msg.error || msg.result?.isError);
const failureText = (msg) => msg.error ? `${msg.error.code} ${msg.error.message}` : msg.result?.content?.[0]?.text;

async function coldStart() {
  const times = [];
  const phase = phaseStart(ours);
  for (let r = 0; r < coldRuns; r++) {
    const start = performance.now();
    const server = new Server(opts.command);
    await server.request(initLine(0), 0);
    times.push(performance.now() - start);
    await server.close();
  }
  return { runs: coldRuns, ms: summarize(times), machine: phaseEnd(phase) };
}

async function sequential(server, tool) {
  let id = 1, first = null;
  for (let i = 0; i < warmup; i++) {
    const a = await server.request(callLine(id, tool, id), id); id++;
    if (isFailure(a) && !first) first = failureText(a);
  }
  const phase = phaseStart([server.pid, ...ours]);
  const before = procStats(server.pid);
  const times = [];
  let failures = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < calls && performance.now() < deadline; i++) {
    const line = callLine(id, tool, id);
    const start = performance.now();
    const a = await server.request(line, id); id++;
    times.push(performance.now() - start);
    if (isFailure(a)) { failures++; first ??= failureText(a); }
  }
  const after = procStats(server.pid);
  return {
    calls: times.length, timedOut: times.length < calls, failures, firstFailure: first,
    us: summarize(times.map((ms) => ms * 1000)),
    cpuUsPerCall: (after.runNs - before.runNs) / 1000 / times.length,
    cpuUsPerCallTicks: ((after.ticks - before.ticks) * 1e6) / after.hz / times.length,
    machine: phaseEnd(phase),
    nextId: id,
  };
}

async function pipelinedRun(server, tool, firstId) {
  // Every line is built before the clock starts; answers are only scanned for
  // an error marker (parsed only then), so the driver is not what is measured.
  const lines = [];
  let batch = '';
  for (let i = 0; i < pipelined; i++) {
    batch += callLine(firstId + i, tool, firstId + i);
    if (batch.length >= 65536 || i === pipelined - 1) { lines.push(batch); batch = ''; }
  }
  const phase = phaseStart([server.pid, ...ours]);
  const before = procStats(server.pid);
  let answered = 0, failures = 0, first = null, firstAnswerMs = null, lastWriteMs = null;
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  const start = performance.now();
  server.onLine = (line) => {
    if (!line.startsWith('{"jsonrpc":"2.0","id":') && !line.includes('"id"')) return;
    if (answered === 0) firstAnswerMs = performance.now() - start;
    answered++;
    if (line.includes('"isError":true') || line.includes('"error":{')) {
      try { const msg = JSON.parse(line); if (isFailure(msg)) { failures++; first ??= failureText(msg); } } catch { failures++; }
    }
    if (answered === pipelined) resolveDone(true);
  };
  const timer = setTimeout(() => resolveDone(false), maxSeconds * 1000);
  (async () => {
    for (const chunk of lines) if (!server.write(chunk)) await server.drain();
    lastWriteMs = performance.now() - start;
  })();
  const complete = await done;
  const elapsedMs = performance.now() - start;
  clearTimeout(timer);
  server.onLine = null;
  const after = procStats(server.pid);
  return {
    requests: pipelined, answered, complete, failures, firstFailure: first,
    callsPerSecond: answered / (elapsedMs / 1000), elapsedMs, firstAnswerMs, lastWriteMs,
    cpuUsPerCall: answered ? (after.runNs - before.runNs) / 1000 / answered : null,
    machine: phaseEnd(phase),
  };
}

// One fresh server per tool, so each tool's memory peak is its own.
async function measureTool(tool) {
  const server = await startServer(opts.command, { protocolVersion });
  const idle = procStats(server.pid);
  const result = { name: tool.name, idleRssKiB: idle.rssKiB };
  let id = 1;
  let stuck = false;
  if (phases.has('sequential')) {
    const s = await sequential(server, tool);
    id = s.nextId; delete s.nextId;
    result.sequential = s;
  }
  if (phases.has('pipelined')) {
    result.pipelined = await pipelinedRun(server, tool, id);
    stuck = !result.pipelined.complete;
  }
  result.peakKiB = procStats(server.pid).hwmKiB;
  await server.close(stuck);
  return result;
}

const report = {
  label: opts.label ?? opts.command.join(' '), command: opts.command, scenario: scenario.name,
  settings: { coldRuns, calls, warmup, pipelined, maxSeconds, protocolVersion },
  date: new Date().toISOString(),
};
if (phases.has('cold')) report.cold = await coldStart();
if (phases.has('sequential') || phases.has('pipelined')) {
  report.tools = [];
  for (const tool of tools) report.tools.push(await measureTool(tool));
  report.idleRssKiB = Math.min(...report.tools.map((t) => t.idleRssKiB));
  report.peakKiB = Math.max(...report.tools.map((t) => t.peakKiB));
}
const text = JSON.stringify(report, null, 2) + '\n';
if (opts.out) fs.writeFileSync(opts.out, text); else process.stdout.write(text);
