// `tally import ENTITY FILE`: every entity kind, from CSV, JSON and JSONL, with
// source-system ids referenced across files, createdAt kept, errors naming the
// row and the field, and a failing file leaving the ledger unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/tally.mjs';
import { call, digest, tally } from './helpers.mjs';

async function ledger() {
  const dir = tempDir('tally-entities-');
  assert.equal((await tally(['init', '--db', dir.db])).code, 0);
  dir.file = (name, content) => {
    const p = path.join(dir.dir, name);
    writeFileSync(p, content);
    return p;
  };
  dir.import = async (kind, name, content) => {
    const r = await tally(['import', kind, dir.file(name, content), '--db', dir.db]);
    assert.equal(r.code, 0, `${kind}: ${r.stderr}`);
    return r.stdout;
  };
  return dir;
}

const jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

test('rewards: cards, perks, offers and reward transactions, referring to cards by their source id', async () => {
  const dir = await ledger();
  try {
    let out = await dir.import('cards', 'cards.csv',
      'id,displayName,rewardType,issuer,pointValueCents,earnRates\n' +
      'old-1,Travel Card,points,Chase,1.25,"{""travel"": 3, ""other"": 1}"\n' +
      'old-2,Cash Card,cashback,Citi,,\n');
    assert.match(out, /^Imported 2 rows from /);
    const cards = (await call(dir.db, 'list_cards')).cards;
    const travel = cards.find((c) => c.displayName === 'Travel Card');
    assert.equal(travel.pointValueCents, 1.25);
    const cash = cards.find((c) => c.displayName === 'Cash Card');

    await dir.import('perks', 'perks.json', JSON.stringify([{ id: 'p1', cardId: 'old-1', name: 'Lounge', value: '25.00', deadline: '2026-12-31' }]));
    assert.equal((await call(dir.db, 'list_perks', { cardId: travel.id })).perks[0].name, 'Lounge');
    await dir.import('offers', 'offers.jsonl', jsonl([{ cardId: 'old-2', merchant: 'Bakery', percentBack: 5, category: 'dining' }]));
    assert.equal((await call(dir.db, 'list_offers', { includeExpired: true })).offers[0].cardId, cash.id);

    await dir.import('reward-transactions', 'rtx.jsonl', jsonl([
      { id: 't1', cardId: 'old-1', type: 'earn', unit: 'points', amount: 1000, createdAt: '2025-03-01T10:00:00Z' },
      { id: 't2', cardId: 'old-1', type: 'redeem', unit: 'points', amount: 400, createdAt: '2025-03-02T10:00:00Z', note: 'flight' },
      { id: 't3', cardId: 'old-2', type: 'earn', unit: 'cashback', amount: 12.5, createdAt: '2025-03-03T10:00:00Z' },
    ]));
    const txns = (await call(dir.db, 'list_transactions', { limit: 10 })).transactions;
    assert.deepEqual(txns.map((t) => t.createdAt.slice(0, 19)), ['2025-03-03T10:00:00', '2025-03-02T10:00:00', '2025-03-01T10:00:00']);
    const after = (await call(dir.db, 'list_cards')).cards;
    assert.equal(after.find((c) => c.id === travel.id).currentPoints, 600);
    assert.equal(after.find((c) => c.id === cash.id).currentCashBack, 12.5);

    // Importing the same file again skips the rows whose ids came in before.
    const r = await tally(['import', 'reward-transactions', path.join(dir.dir, 'rtx.jsonl'), '--db', dir.db]);
    assert.match(r.stdout, /^Imported 0 rows from .*; skipped 3 rows whose id was already imported\./);
  } finally {
    dir.cleanup();
  }
});

test('invoicing: customers, invoices (status kept), payments and expenses, across files by source id', async () => {
  const dir = await ledger();
  try {
    await dir.import('customers', 'customers.csv', 'id,name,organization,email\nc-9,Ana Lima,Acme,ana@example.com\nc-10,Bo Chen,,\n');
    await dir.import('invoices', 'invoices.json', JSON.stringify([
      { id: 'inv-a', customerId: 'c-9', issueDate: '2025-11-01', number: 'A-1', status: 'sent',
        lines: [{ itemName: 'Design', rate: '500.00', quantity: '2' }] },
      { id: 'inv-b', customerId: 'c-10', issueDate: '2025-11-02', number: 'A-2', lines: [{ itemName: 'Call', rate: 80 }] },
      { id: 'inv-c', customerId: 'c-10', issueDate: '2025-11-03', number: 'A-3', status: 'void', lines: [{ itemName: 'Oops', rate: 1 }] },
    ]));
    await dir.import('payments', 'payments.csv', 'id,invoiceId,amount,date,paymentType\npay-1,inv-a,250.00,2025-11-10,bank_transfer\n');
    await dir.import('expenses', 'expenses.jsonl', jsonl([{ id: 'e1', vendor: 'Paper Co', amount: '84.20', date: '2025-11-05', category: 'Supplies' }]));

    const invoices = (await call(dir.db, 'list_invoices', { limit: 10 })).invoices;
    const byNumber = Object.fromEntries(invoices.map((i) => [i.number, i]));
    assert.equal(byNumber['A-1'].issueDate, '2025-11-01');
    const due = (m) => (typeof m === 'object' ? m.amount : String(m));
    assert.equal(Number(due(byNumber['A-1'].total)) - Number(due(byNumber['A-1'].balanceDue)), 250);
    assert.equal(byNumber['A-2'].status, 'draft');
    assert.equal(byNumber['A-3'].status, 'void');
    const expenses = (await call(dir.db, 'list_expenses', { startDate: '2025-01-01', endDate: '2025-12-31' })).expenses;
    assert.equal(expenses[0].vendor, 'Paper Co');
    const doctor = await tally(['doctor', '--db', dir.db]);
    assert.equal(doctor.code, 0, doctor.stdout);
  } finally {
    dir.cleanup();
  }
});

test('affiliate: partners, clicks and conversions through the ingest path, with createdAt', async () => {
  const dir = await ledger();
  try {
    assert.equal((await tally(['affiliate', 'brand', 'create', 'acme', '--db', dir.db])).code, 0);
    const offer = await call(dir.db, 'create_offer', { name: 'Shoes', destinationUrl: 'https://shop.example/', payoutType: 'fixed', payout: '5.00' });
    await call(dir.db, 'rotate_offer_postback_secret', { offerId: offer.offerId ?? offer.id });
    const offerId = offer.offerId ?? offer.id;
    await dir.import('partners', 'partners.csv', 'id,name,email\npt-1,Blog One,one@example.com\n');
    await dir.import('clicks', 'clicks.jsonl', jsonl([
      { id: 'ck-1', offerId, partnerId: 'pt-1', ip: '203.0.113.5', createdAt: '2025-06-01T09:00:00Z' },
    ]));
    await dir.import('conversions', 'conversions.jsonl', jsonl([
      { id: 'cv-1', offerId, clickId: 'ck-1', txnId: 'order-1', amount: '40.00', createdAt: '2025-06-01T10:00:00Z' },
    ]));
    const conversions = (await call(dir.db, 'get_conversions', {})).conversions;
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].createdAt.slice(0, 19), '2025-06-01T10:00:00');
    // A conversion's txn id is unique per offer: a second one is an error naming the row.
    const dup = dir.file('dup.jsonl', jsonl([{ offerId, clickId: 'ck-1', txnId: 'order-1', amount: '1.00', createdAt: '2025-06-02T10:00:00Z' }]));
    const r = await tally(['import', 'conversions', dup, '--db', dir.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /dup\.jsonl: line 1: txnId: the offer already has a conversion with this txn_id/);
  } finally {
    dir.cleanup();
  }
});

test('a bad row names the file line (CSV, JSONL) or the array index (JSON) and the field; nothing is imported', async () => {
  const dir = await ledger();
  try {
    await dir.import('customers', 'ok.csv', 'name\nFirst\n');
    const before = await digest(dir.db);
    const cases = [
      ['customers', 'a.csv', 'name,email\nGood,\n,x@example.com\n', /a\.csv: line 3: .*name/],
      ['customers', 'b.json', JSON.stringify([{ name: 'Good' }, { name: 'Bad', shoeSize: 9 }]), /b\.json: element 1: .*shoeSize/],
      ['expenses', 'c.jsonl', jsonl([{ vendor: 'A', amount: '1.00' }, { vendor: 'B', amount: '1.005' }]), /c\.jsonl: line 2: amount: .*1\.005/],
      ['customers', 'd.csv', 'name,nickname\nA,B\n', /d\.csv: line 1: unknown column "nickname"/],
      ['customers', 'e.json', '{"name": "not an array"}', /e\.json: a \.json entity file must be one JSON array of objects/],
      ['customers', 'f.jsonl', '{"name": "A"}\n{"name": \n', /f\.jsonl: line 2: not JSON/],
      ['reward-transactions', 'g.jsonl', jsonl([{ cardId: 'nope', type: 'earn', unit: 'points', amount: 1, createdAt: 'yesterday' }]),
        /g\.jsonl: line 1: createdAt: "yesterday" is not an ISO 8601 date-time/],
      ['customers', 'h.csv', '', /h\.csv: the file is empty \(0 bytes\)/],
    ];
    for (const [kind, name, content, pattern] of cases) {
      const r = await tally(['import', kind, dir.file(name, content), '--db', dir.db]);
      assert.equal(r.code, 1, `${name}: ${r.stdout}`);
      assert.match(r.stderr, pattern, name);
      assert.match(r.stderr, new RegExp(`^tally import ${kind}: `), name);
      assert.equal(await digest(dir.db), before, `${name} left the ledger unchanged`);
    }
  } finally {
    dir.cleanup();
  }
});
