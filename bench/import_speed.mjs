#!/usr/bin/env node
// Rows per second of `tally import`: a bank statement CSV and the entity kinds
// the benchmarks seed in bulk (reward-transactions, invoices, payments,
// expenses), each generated here and imported into a fresh ledger.
//   node bench/import_speed.mjs [-n 100000] [--tally build/src/cli/tally]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
let rows = 100000;
let tally = 'build/src/cli/tally';
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '-n') rows = Number(argv[++i]);
  else if (argv[i] === '--tally') tally = argv[++i];
}
const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-'));
const db = path.join(dir, 'ledger.db');
const env = { ...process.env, TALLY_NOW: '2026-01-15T12:00:00Z' };
const run = (args) => execFileSync(tally, [...args, '--db', db], { env, maxBuffer: 1 << 26 }).toString();
const file = (name, lines) => {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};
const timed = (label, n, args) => {
  const start = performance.now();
  run(args);
  const s = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(22)} ${String(n).padStart(8)} rows  ${s.toFixed(1).padStart(6)} s  ${Math.round(n / s).toString().padStart(7)} rows/s`);
};
const day = (i) => `2025-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
const cents = (i) => { const c = (i % 9973) + 1; return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`; };
try {
  run(['init']);
  const bank = ['Date,Payee,Amount'];
  for (let i = 0; i < rows; i++) bank.push(`${day(i)},Payee ${i % 500},-${cents(i)}`);
  timed('bank statement (CSV)', rows, ['import', 'bank', file('bank.csv', bank), '--account', 'Checking']);
  timed('bank re-import (dups)', rows, ['import', 'bank', path.join(dir, 'bank.csv'), '--account', 'Checking']);

  run(['import', 'cards', file('cards.csv', ['id,displayName,rewardType,issuer', 'c1,Bench Card,points,Bench Bank'])]);
  const rtx = [];
  for (let i = 0; i < rows; i++)
    rtx.push(JSON.stringify({ cardId: 'c1', type: 'earn', unit: 'points', amount: 1 + (i % 50), createdAt: `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z` }));
  timed('reward-transactions', rows, ['import', 'reward-transactions', file('rtx.jsonl', rtx)]);

  run(['import', 'customers', file('customers.csv', ['id,name', 'cu1,Bench Customer'])]);
  const invoices = ['id,customerId,issueDate,status,lines'];
  for (let i = 0; i < rows; i++) invoices.push(`i${i},cu1,${day(i)},sent,"[{""itemName"":""Work"",""rate"":""${cents(i + 1000)}""}]"`);
  timed('invoices (sent)', rows, ['import', 'invoices', file('invoices.csv', invoices)]);
  const payments = ['invoiceId,amount,date'];
  for (let i = 0; i < rows; i++) payments.push(`i${i},0.01,${day(i)}`);
  timed('payments', rows, ['import', 'payments', file('payments.csv', payments)]);
  const expenses = ['vendor,amount,date,category'];
  for (let i = 0; i < rows; i++) expenses.push(`Vendor ${i % 300},${cents(i)},${day(i)},Supplies`);
  timed('expenses', rows, ['import', 'expenses', file('expenses.csv', expenses)]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
