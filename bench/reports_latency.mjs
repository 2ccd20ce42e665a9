#!/usr/bin/env node
// Round trips of the report, budget and search tools (issue 19) on one warm
// stdio server over an existing ledger: N sequential calls of each, median
// and max. Targets: every report and budget call under 20 ms, a search page
// under 10 ms, on the 1M-transaction bench ledger.
//   TALLY_NOW=2025-06-30T12:00:00Z node bench/reports_latency.mjs [-n 50] -- <tally> serve --db FILE
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
let runs = 50;
if (argv[0] === '-n') { runs = Number(argv[1]); argv.splice(0, 2); }
if (argv[0] === '--') argv.shift();
const [command, ...args] = argv;
if (!command) { console.error('usage: reports_latency.mjs [-n N] -- <tally> serve --db FILE'); process.exit(2); }

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

await roundTrip('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
const calls = [
  ['ledger_income_statement', { period: 'last-12-months', compareTo: 'previous-period' }],
  ['ledger_income_statement', { startDate: '2024-01-15', endDate: '2025-06-20' }],
  ['ledger_income_statement', { period: 'ytd', basis: 'cash' }],
  ['ledger_balance_sheet', {}],
  ['ledger_net_worth_series', { months: 120 }],
  ['ledger_spending_by', { period: 'last-12-months', groupBy: 'category', perMonth: true }],
  ['ledger_spending_by', { period: 'last-month', groupBy: 'payee', limit: 5 }],
  ['ledger_cash_flow', { period: 'last-month' }],
  ['ledger_get_budget', {}],
  ['ledger_search_transactions', { query: 'paper', limit: 50 }],
  ['ledger_search_transactions', { minAmount: '100', maxAmount: '200', limit: 50 }],
  // Beyond the first eleven: longer and partial periods of the rollup's reports,
  // the groupings that still read the postings, and an amount search with dates.
  ['ledger_spending_by', { period: 'last-12-months', groupBy: 'payee', perMonth: true }],
  ['ledger_spending_by', { startDate: '2024-01-15', endDate: '2025-06-20', groupBy: 'payee', basis: 'cash' }],
  ['ledger_cash_flow', { period: 'last-12-months' }],
  ['ledger_cash_flow', { startDate: '2024-01-15', endDate: '2025-06-20' }],
  ['ledger_income_statement', { startDate: '2024-01-15', endDate: '2025-06-20', basis: 'cash' }],
  ['ledger_spending_by', { period: 'last-month', groupBy: 'account' }],
  ['ledger_spending_by', { period: 'last-month', groupBy: 'tag' }],
  ['ledger_spending_by', { period: 'last-month', groupBy: 'person' }],
  ['ledger_search_transactions', { minAmount: '100', maxAmount: '200', startDate: '2024-01-01', endDate: '2024-12-31', limit: 50 }],
];
for (const [name, a] of calls) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = await roundTrip('tools/call', { name, arguments: a });
    times.push(performance.now() - start);
    if (r.error || r.result?.isError) { console.error(name, JSON.stringify(r.error || r.result.content)); process.exit(1); }
  }
  times.sort((x, y) => x - y);
  console.log(`${name} ${JSON.stringify(a)}: median ${times[Math.floor(runs / 2)].toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms over ${runs}`);
}
child.stdin.end();
