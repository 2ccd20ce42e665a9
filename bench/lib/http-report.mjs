// The HTTP server benchmark's part of bench/RESULTS.md (issue 23, item 1):
// its targets (Tally's `serve --http` against the SDK's Streamable HTTP
// reference) and its figures, from run.json's `http` (written by run.mjs's
// http part, which runs bench/http_load.mjs against both servers).

import { busyVerdict } from './busy.mjs';

const f = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits }));
const ms = (us) => f(us / 1000, 3);
const mib = (kib) => f(kib / 1024, 1);
const pct = (share) => `${f(share * 100, 0)}%`;

const levelOf = (server, mix, conns) => server?.mixes?.find((m) => m.mix === mix)?.levels.find((l) => l.conns === conns);

export function httpTargets(http) {
  const out = [];
  // `levels`: what the figures were measured over; a busy one makes the target not judged (lib/busy.mjs).
  const target = (what, figures, ok, levels = []) => out.push({ what, figures, ok, busy: busyVerdict(levels) });
  for (const s of http.sizes) {
    const t = s.tally, r = s.reference;
    if (!t || !r) continue;
    for (const [mix, factor] of [['reads', 10], ['mixed', 3]]) {
      for (const conns of [16, 64]) {
        const a = levelOf(t, mix, conns), b = levelOf(r, mix, conns);
        if (!a || !b) continue;
        const x = a.requestsPerSecond / b.requestsPerSecond;
        target(`HTTP ${mix === 'reads' ? 'reads (list_transactions)' : 'mixed load (90% list_transactions, 10% log_transaction; synchronous=FULL both)'} ` +
          `throughput ≥ ${factor}× the reference at ${conns} connections (${s.name})`,
        `${f(a.requestsPerSecond, 0)} vs ${f(b.requestsPerSecond, 0)} requests/s: ${f(x, 1)}×`, x >= factor, [a, b]);
      }
      const rows = [], oks = [], levels = [];
      for (const l of t.mixes.find((m) => m.mix === mix)?.levels ?? []) {
        const b = levelOf(r, mix, l.conns);
        if (!b) continue;
        const p = b.us.p50 / l.us.p50;
        rows.push(`${l.conns}: ${ms(l.us.p50)} vs ${ms(b.us.p50)} ms (1/${f(p, 1)})`);
        oks.push(p >= 4);
        levels.push(l, b);
      }
      if (rows.length)
        target(`HTTP ${mix} p50 ≤ 1/4 of the reference's at every connection count (${s.name})`, rows.join('; '), oks.every(Boolean), levels);
    }
    const peak = t.peakKiB, refPeak = r.peakKiB;
    target(`HTTP peak memory ≤ 1/10 of the reference's (VmHWM over all levels of both mixes, ${s.name})`,
      `${mib(peak)} vs ${mib(refPeak)} MiB: 1/${f(refPeak / peak, 1)}`, refPeak / peak >= 10);
    {
      const at64 = t.mixes.map((m) => levelOf(t, m.mix, 64)).filter(Boolean);
      const ref64 = r.mixes.map((m) => levelOf(r, m.mix, 64)).filter(Boolean);
      const errors = at64.reduce((n, l) => n + l.errors + l.warmupErrors, 0);
      const first = at64.find((l) => l.firstError)?.firstError;
      target(`HTTP no errors at 64 connections (both mixes, ${s.name})`,
        `${errors} errors in ${f(at64.reduce((n, l) => n + l.answered, 0), 0)} answers${first ? ` (first: ${first.slice(0, 80)})` : ''}; ` +
        `reference ${ref64.reduce((n, l) => n + l.errors + l.warmupErrors, 0)} errors`, at64.length > 0 ? errors === 0 : null);
    }
    {
      const rows = [], oks = [], levels = [];
      for (const conns of [16, 64]) {
        const alone = levelOf(t, 'reads', conns), mixed = levelOf(t, 'mixed', conns);
        if (!alone || !mixed) continue;
        const x = mixed.readUs.p99 / alone.readUs.p99;
        const ra = levelOf(r, 'reads', conns), rm = levelOf(r, 'mixed', conns);
        rows.push(`${conns}: ${ms(mixed.readUs.p99)} vs ${ms(alone.readUs.p99)} ms (${f(x, 1)}×; reference ${ra && rm ? `${f(rm.readUs.p99 / ra.readUs.p99, 1)}×` : '—'})`);
        oks.push(x <= 3);
        levels.push(alone, mixed);
      }
      if (rows.length)
        target(`HTTP reads do not stall behind a write: read p99 under the mixed load ≤ 3× reads alone (${s.name})`, rows.join('; '), oks.every(Boolean), levels);
    }
  }
  return out;
}

export function httpSection(http) {
  const lines = [];
  const w = (s = '') => lines.push(s);
  w('## HTTP server');
  w();
  w(`\`tally serve --http\` against the reference's three tools on the official TypeScript SDK's Streamable HTTP server ` +
    '(`bench/reference/ref-http-server.mjs`: Express from `createMcpExpressApp`, a fresh `McpServer` and ' +
    '`StreamableHTTPServerTransport` per POST with `sessionIdGenerator: undefined` and `enableJsonResponse: true`, as the ' +
    'SDK\'s stateless example does; one better-sqlite3 connection at `--sync full`). Tally runs with its defaults ' +
    `(4 read connections, synchronous=FULL, which it always uses) plus \`--rate-limit off\` and its access log going to a file. ` +
    `Load: \`bench/http_load.mjs\`, one Node process, closed loop: each of N keep-alive connections POSTs \`tools/call\` ` +
    `(MCP-Protocol-Version ${http.settings.protocolVersion}, no initialize: both servers are stateless) as soon as the previous answer is in; ` +
    `${f(http.settings.warmupSeconds)} s warm-up, then ${f(http.settings.seconds)} s measured per level` +
    `${http.settings.maxRequests ? ` (or ${http.settings.maxRequests} answers)` : ''}. ` +
    `\`mixed\` makes every ${http.settings.writeEvery}th request a \`log_transaction\`. A fresh server per mix; peak is its VmHWM after all levels. ` +
    'Server CPU is utime+stime from /proc/PID/stat over the window; "others" is the share of the machine\'s CPU (all cores) used ' +
    'by processes other than the server and the generator meanwhile (/proc/stat), the measure of how noisy a figure is; ' +
    'a target measured over a level where that exceeds 20% of one core is not judged. ' +
    'After the load, the server\'s RSS is split into anonymous memory (heap, stacks, caches) and mapped files (code, libraries).');
  w();
  w(`Measured ${http.started} → ${http.finished}; tally: ${http.tallyBuild}; load average (1, 5, 15 min) ` +
    `before ${http.loadavgBefore.map((x) => f(x)).join(', ')}, after ${http.loadavgAfter.map((x) => f(x)).join(', ')}.`);
  w();
  w('| server | size | mix | conns | requests/s | p50 ms | p99 ms | read p99 ms | write p50 ms | errors | server CPU µs/req | generator CPU µs/req | server CPU | others\' CPU | load 1-min before → after | idle / peak MiB | anon + files after MiB |');
  w('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of http.sizes) {
    for (const [name, server] of [['Tally', s.tally], ['reference', s.reference]]) {
      if (!server) continue;
      for (const m of server.mixes) {
        for (const l of m.levels) {
          w(`| ${name} | ${s.name} | ${m.mix} | ${l.conns} | ${f(l.requestsPerSecond, 0)} | ${ms(l.us?.p50)} | ${ms(l.us?.p99)} | ${ms(l.readUs?.p99)} | ` +
            `${l.writeUs ? ms(l.writeUs.p50) : '—'} | ${l.errors + l.warmupErrors}${l.firstError ? `: ${l.firstError.slice(0, 50)}` : ''} | ` +
            `${f(l.serverCpuUsPerRequest, 0)} | ${f(l.clientCpuUsPerRequest, 0)} | ${pct(l.serverCpuShare)} | ${pct(l.othersCpuShare)} | ` +
            `${f(l.loadavgBefore[0])} → ${f(l.loadavgAfter[0])} | ${mib(m.idleRssKiB)} / ${mib(m.peakKiB)} | ${mib(m.endAnonKiB)} + ${mib(m.endFileKiB)} |`);
        }
      }
    }
  }
  return lines;
}

