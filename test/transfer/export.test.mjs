// `tally export` (hledger journal accepted by the real hledger with the same
// balances; beancount; CSV; JSON with secrets redacted) and `tally backup` /
// `tally restore` round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/tally.mjs';
import { balances, call, digest, tally } from './helpers.mjs';

function hledger(args) {
  return new Promise((resolve) => {
    execFile('hledger', args, { timeout: 60000, maxBuffer: 1 << 26 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

/** A ledger with statement imports in USD, JPY (0 decimals) and KWD (3), invoices, payments and expenses. */
async function busyLedger() {
  const dir = tempDir('tally-export-');
  const file = (name, content) => {
    const p = path.join(dir.dir, name);
    writeFileSync(p, content);
    return p;
  };
  assert.equal((await tally(['init', '--db', dir.db])).code, 0);
  await call(dir.db, 'ledger_create_account', { name: 'Yen Wallet', type: 'asset', subtype: 'wallet', currency: 'JPY' });
  await call(dir.db, 'ledger_create_account', { name: 'Kuwait Bank', type: 'asset', subtype: 'bank', currency: 'KWD' });
  await call(dir.db, 'ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank', currency: 'EUR' });
  const imports = [
    ['Checking', 'usd.csv', 'Date,Payee,Amount\n2026-01-02,Groceries; Market,-45.10\n2026-01-03,Salary,2500.00\n2026-01-04,*Star Cafe,-3.50\n'],
    ['Yen Wallet', 'jpy.csv', 'Date,Payee,Amount\n2026-01-05,Ramen,-1200\n2026-01-06,Gift,5000\n'],
    ['Kuwait Bank', 'kwd.csv', 'Date,Payee,Amount\n2026-01-07,Fuel,-1.234\n'],
  ];
  for (const [account, name, content] of imports) {
    const ref = account === 'Checking'
      ? (await call(dir.db, 'ledger_get_balances')).accounts.find((a) => a.name === 'Checking' && a.currency === 'USD').id
      : account;
    const r = await tally(['import', 'bank', file(name, content), '--account', ref, '--rule', 'ramen=Dining', '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const [kind, name, content] of [
    ['customers', 'c.csv', 'id,name\nc1,Ana\n'],
    ['invoices', 'i.jsonl', JSON.stringify({ id: 'i1', customerId: 'c1', issueDate: '2026-01-08', status: 'sent', lines: [{ itemName: 'Work', rate: '300.00' }] }) + '\n'],
    ['payments', 'p.csv', 'invoiceId,amount,date\ni1,100.00,2026-01-09\n'],
    ['expenses', 'e.csv', 'vendor,amount,date,category\nPaper,12.34,2026-01-10,Supplies\n'],
  ]) {
    const r = await tally(['import', kind, file(name, content), '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
  }
  return dir;
}

/** "-1,234.50 USD" → [-123450n, 'USD'] given the currency's decimals. */
function parseAmount(text) {
  const m = /^(-?)([\d,]+)(?:\.(\d+))? ([A-Z]{3})$/.exec(text.trim());
  assert.ok(m, `an amount: ${text}`);
  return [BigInt(m[1] + m[2].replaceAll(',', '') + (m[3] ?? '')), m[4]];
}

test('hledger accepts the journal and reports the same balance for every account', async () => {
  const dir = await busyLedger();
  try {
    const journal = path.join(dir.dir, 'ledger.journal');
    const r = await tally(['export', '--format', 'hledger', '--out', journal, '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
    const check = await hledger(['-f', journal, 'check']);
    assert.equal(check.code, 0, check.stderr);
    const bal = await hledger(['-f', journal, 'bal', '-O', 'csv', '--flat', '--no-total']);
    assert.equal(bal.code, 0, bal.stderr);
    const fromHledger = {};
    for (const line of bal.stdout.trim().split('\n').slice(1)) {
      const [account, amounts] = JSON.parse(`[${line}]`);
      for (const one of amounts.split(', ')) {
        const [minor, currency] = parseAmount(one);
        fromHledger[`${account}|${currency}`] = minor;
      }
    }
    const ours = await balances(dir.db);
    const expected = {};
    const names = {};
    for (const key of Object.keys(ours)) names[key.split('|')[0]] = (names[key.split('|')[0]] ?? 0) + 1;
    const roots = { asset: 'Assets', liability: 'Liabilities', equity: 'Equity', income: 'Income', expense: 'Expenses' };
    for (const [key, minor] of Object.entries(ours)) {
      if (minor === 0n) continue;
      const [name, type, currency] = key.split('|');
      let journalName = name.startsWith(`${roots[type]}:`) ? name : `${roots[type]}:${name}`;
      if (names[name] > 1) journalName += `:${currency}`;
      expected[`${journalName}|${currency}`] = minor;
    }
    assert.ok(Object.keys(expected).length >= 10, 'the ledger has many accounts with money');
    assert.deepEqual(fromHledger, expected);
    // Exact precision per currency: JPY has no decimals, KWD three.
    const text = readFileSync(journal, 'utf8');
    assert.match(text, /^commodity 1000\. JPY$/m);
    assert.match(text, /^commodity 1000\.000 KWD$/m);
    assert.match(text, /-1\.234 KWD/);
  } finally {
    dir.cleanup();
  }
});

test('beancount and CSV exports carry every posting with exact amounts', async () => {
  const dir = await busyLedger();
  try {
    const bean = await tally(['export', '--format', 'beancount', '--db', dir.db]);
    assert.equal(bean.code, 0, bean.stderr);
    assert.match(bean.stdout, /^1970-01-01 commodity JPY$/m);
    assert.match(bean.stdout, /^1970-01-01 open Assets:Yen-Wallet JPY$/m);
    assert.match(bean.stdout, /^2026-01-05 \* "Ramen"$/m);
    assert.match(bean.stdout, /^ {4}Assets:Yen-Wallet {2}-1200 JPY$/m);

    const csv = await tally(['export', '--format', 'csv', '--db', dir.db]);
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\n');
    assert.equal(rows[0], 'date,transaction_id,description,account,account_type,amount,currency,memo,source');
    assert.ok(rows.some((r) => /^2026-01-07,txn_\w+,Fuel,Kuwait Bank,asset,-1\.234,KWD,,import$/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes(',"Groceries; Market",') || r.includes(',Groceries; Market,')));
    const postings = await call(dir.db, 'ledger_list_transactions', { limit: 100 });
    const count = postings.transactions.reduce((n, t) => n + t.postings.length, 0);
    assert.equal(rows.length - 1, count);
  } finally {
    dir.cleanup();
  }
});

test('the JSON dump holds every table and never a secret', async () => {
  const dir = await busyLedger();
  try {
    assert.equal((await tally(['affiliate', 'brand', 'create', 'acme', '--db', dir.db])).code, 0);
    const offer = await call(dir.db, 'create_offer', { name: 'Shoes', destinationUrl: 'https://shop.example/', payoutType: 'fixed', payout: '5.00' });
    const rotated = await call(dir.db, 'rotate_offer_postback_secret', { offerId: offer.offerId ?? offer.id });
    const secret = rotated.postbackSecret ?? rotated.secret ?? Object.values(rotated).find((v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
    assert.match(secret, /^[0-9a-f]{64}$/);
    const r = await tally(['export', '--format', 'json', '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(secret), 'the postback secret is not in the dump');
    const dump = JSON.parse(r.stdout);
    assert.equal(dump.format, 'tally-dump');
    for (const table of ['account', 'txn', 'posting', 'card', 'invoice', 'payment', 'expense', 'tr_offer', 'import_seen', 'import_source_id'])
      assert.ok(Array.isArray(dump.tables[table]), `table ${table}`);
    assert.equal(dump.tables.tr_offer[0].postback_secret, '[redacted]');
    assert.equal(dump.tables.posting.length > 10, true);
  } finally {
    dir.cleanup();
  }
});

test('backup then restore brings the ledger back exactly; backup will not overwrite; restore checks the file', async () => {
  const dir = await busyLedger();
  try {
    const copy = path.join(dir.dir, 'copy.db');
    let r = await tally(['backup', copy, '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Backed up ${dir.db} to ${copy}\n`);
    const saved = await digest(dir.db);
    r = await tally(['backup', copy, '--db', dir.db]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `tally backup: ${copy} already exists; pass --force to replace it\n`);
    assert.equal((await tally(['backup', copy, '--force', '--db', dir.db])).code, 0);

    // Change the ledger, then restore the backup over it.
    const more = path.join(dir.dir, 'more.csv');
    writeFileSync(more, 'Date,Payee,Amount\n2026-02-01,Later,-9.00\n');
    assert.equal((await tally(['import', 'bank', more, '--account', 'Cash', '--db', dir.db])).code, 0);
    assert.notEqual(await digest(dir.db), saved);
    r = await tally(['restore', copy, '--db', dir.db]);
    assert.equal(r.code, 0, r.stderr);
    const kept = /the previous ledger is kept as (.+)\n$/.exec(r.stdout)[1];
    assert.ok(existsSync(kept));
    assert.equal(await digest(dir.db), saved);
    assert.equal((await tally(['doctor', '--db', dir.db])).code, 0);

    const notLedger = path.join(dir.dir, 'notes.txt');
    writeFileSync(notLedger, 'hello '.repeat(1000));
    r = await tally(['restore', notLedger, '--db', dir.db]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `tally restore: ${notLedger} is not a SQLite database, so it cannot be a Tally ledger backup\n`);
    assert.equal(await digest(dir.db), saved);
  } finally {
    dir.cleanup();
  }
});

test('restore refuses while another tally has the ledger open', async () => {
  const dir = await busyLedger();
  try {
    const copy = path.join(dir.dir, 'copy.db');
    assert.equal((await tally(['backup', copy, '--db', dir.db])).code, 0);
    const { TallyProcess } = await import('../support/tally.mjs');
    const server = new TallyProcess({ args: ['serve', '--db', dir.db] });
    try {
      await server.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
      const r = await tally(['restore', copy, '--db', dir.db]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /is in use \(is `tally serve` or another tally running\?\); stop it, then restore/);
    } finally {
      await server.close();
    }
  } finally {
    dir.cleanup();
  }
});
