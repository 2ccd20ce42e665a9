#!/usr/bin/env node
// Rows per second of `tally import`: a bank statement CSV and the entity kinds
// the benchmarks seed in bulk (reward-transactions, invoices, payments,
// expenses), each generated here and imported into a fresh ledger; and the same
// bank CSV through `hledger import` with equivalent rules (skip the header, date,
// payee, amount, one bank account, one counter-account), in the same run.
// Each import's wall time and peak memory (max RSS) come from GNU time.
//   node bench/import_speed.mjs [-n 100000] [--tally build/src/cli/tally] [--hledger hledger|none]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
let rows = 100000;
let tally = 'build/src/cli/tally';
let hledger = 'hledger';
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '-n') rows = Number(argv[++i]);
  else if (argv[i] === '--tally') tally = argv[++i];
  else if (argv[i] === '--hledger') hledger = argv[++i];
}
const dir = mkdtempSync(path.join(tmpdir(), 'tally-bench-'));
const db = path.join(dir, 'ledger.db');
const env = { ...process.env, TALLY_NOW: '2026-01-15T12:00:00Z' };
const run = (args) => execFileSync(tally, [...args, '--db', db], { env, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const timeFile = path.join(dir, 'time.out');
// [seconds, peak MiB] of one command, from GNU time (wall clock and max RSS).
const measured = (cmd, args) => {
  execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, cmd, ...args], { env, maxBuffer: 1 << 26, stdio: 'ignore' });
  const [s, kib] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  return [s, kib / 1024];
};
const file = (name, lines) => {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};
const line = (label, n, s, mib) =>
  console.log(`${label.padEnd(26)} ${String(n).padStart(8)} rows  ${s.toFixed(2).padStart(6)} s  ${Math.round(n / s).toString().padStart(7)} rows/s  ${mib.toFixed(1).padStart(6)} MiB peak`);
const timed = (label, n, args) => {
  const [s, mib] = measured(tally, [...args, '--db', db]);
  line(label, n, s, mib);
};
const day = (i) => `2025-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
const cents = (i) => { const c = (i % 9973) + 1; return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`; };
try {
  run(['init']);
  const bank = ['Date,Payee,Amount'];
  for (let i = 0; i < rows; i++) bank.push(`${day(i)},Payee ${i % 500},-${cents(i)}`);
  timed('bank statement (CSV)', rows, ['import', 'bank', file('bank.csv', bank), '--account', 'Checking']);
  timed('bank re-import (dups)', rows, ['import', 'bank', path.join(dir, 'bank.csv'), '--account', 'Checking']);
  if (hledger !== 'none') {
    // The same file, rules equivalent to Tally's defaults: every line a transaction
    // between the bank account and one counter-account, into an empty journal.
    writeFileSync(path.join(dir, 'bank.csv.rules'), ['skip 1', 'fields date, description, amount', 'currency $',
      'date-format %Y-%m-%d', 'account1 assets:checking', 'account2 expenses:unknown'].join('\n') + '\n');
    const journal = path.join(dir, 'hledger.journal');
    writeFileSync(journal, '');
    const [s, mib] = measured(hledger, ['-f', journal, 'import', path.join(dir, 'bank.csv')]);
    line('hledger import (bank CSV)', rows, s, mib);
    const posted = execFileSync(hledger, ['-f', journal, 'stats'], { maxBuffer: 1 << 26 }).toString().match(/^Transactions\s*:\s*(\d+)/m);
    if (!posted || Number(posted[1]) !== rows) throw new Error(`hledger imported ${posted ? posted[1] : '?'} of ${rows} transactions`);
  }

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
