#!/usr/bin/env node
// Seeds a Tally ledger with the reference's data (lib/tally-rows.mjs) and
// prints {"cardId": <Tally id of card_1>, "adapted": {...}, "ms": N} on stdout.
//   node bench/seed-tally.mjs --tally BIN --db FILE --rows N [--via import|mcp] [--work DIR]
// --via import (default) writes one .jsonl file per entity into --work and
// runs `tally import ENTITY FILE --db FILE` for each, in dependency order;
// --via mcp makes the same rows through the tools over stdio (reward
// transactions are then dated at TALLY_NOW, 2025-06-30, as log_transaction
// takes no date): the path for a build without `tally import`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from './lib/tally-rows.mjs';
import { callAll, startServer } from './lib/stdio-server.mjs';

const ENTITIES = ['cards', 'customers', 'reward-transactions', 'invoices', 'payments', 'expenses'];
const TOOL = { cards: 'rewards_add_card', customers: 'invoicing_create_customer',
  'reward-transactions': 'log_transaction', invoices: 'invoicing_create_invoice',
  payments: 'invoicing_record_payment', expenses: 'invoicing_record_expense' };
const SOURCE_ID_FIELDS = ['cardId', 'customerId', 'invoiceId'];
const SEED_NOW = '2025-06-30T23:59:59Z';

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const tally = arg('tally'), db = arg('db'), rows = Number(arg('rows', '1000')), via = arg('via', 'import');
if (!tally || !db || !Number.isInteger(rows) || rows < 1) {
  console.error('usage: seed-tally.mjs --tally BIN --db FILE --rows N [--via import|mcp] [--work DIR]');
  process.exit(2);
}
for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(db + suffix, { force: true });
const env = { ...process.env, TALLY_NOW: SEED_NOW };
const t0 = performance.now();

async function viaImport() {
  const work = arg('work', `${db}.import`);
  fs.mkdirSync(work, { recursive: true });
  const files = Object.fromEntries(ENTITIES.map((e) => [e, fs.openSync(path.join(work, `${e}.jsonl`), 'w')]));
  const buffers = Object.fromEntries(ENTITIES.map((e) => [e, []]));
  const flush = (e) => { fs.writeSync(files[e], buffers[e].join('')); buffers[e] = []; };
  const adapted = generate(rows, (entity, row) => {
    buffers[entity].push(JSON.stringify(row) + '\n');
    if (buffers[entity].length >= 10000) flush(entity);
  });
  for (const e of ENTITIES) { flush(e); fs.closeSync(files[e]); }
  for (const e of ENTITIES) {
    execFileSync(tally, ['import', e, path.join(work, `${e}.jsonl`), '--db', db], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  fs.rmSync(work, { recursive: true, force: true });
  return adapted;
}

async function viaMcp() {
  const byEntity = Object.fromEntries(ENTITIES.map((e) => [e, []]));
  const adapted = generate(rows, (entity, row) => byEntity[entity].push(row));
  const server = await startServer([tally, 'serve', '--db', db], { env });
  const ids = new Map(); // source id -> Tally id
  let nextId = 1;
  for (const e of ENTITIES) {
    const calls = byEntity[e].map(({ id, createdAt, ...args }) => {
      for (const f of SOURCE_ID_FIELDS) if (args[f] !== undefined) args[f] = ids.get(args[f]) ?? args[f];
      // Like `tally import expenses`: the generated books bring their own categories.
      if (e === 'expenses') args.createCategory = true;
      return { name: TOOL[e], arguments: args };
    });
    const results = await callAll(server, calls, nextId);
    nextId += calls.length;
    byEntity[e].forEach((row, i) => { if (row.id) ids.set(row.id, results[i].id); });
  }
  await server.close();
  return adapted;
}

const adapted = via === 'mcp' ? await viaMcp() : await viaImport();
// The scenario's card: card_1 ("Sapphire Preferred"), found by name since Tally makes its own ids.
const server = await startServer([tally, 'serve', '--db', db], { env });
const [list] = await callAll(server, [{ name: 'list_cards', arguments: {} }], 1);
await server.close();
const cards = list.cards ?? list;
const card = cards.find((c) => c.displayName === 'Sapphire Preferred');
if (!card) throw new Error('seeded ledger has no "Sapphire Preferred" card');
process.stdout.write(JSON.stringify({ cardId: card.id, rows, via, adapted, ms: Math.round(performance.now() - t0) }) + '\n');
