// search_customers: FTS5 over name, organization, email and phone, where no
// punctuation is ever query syntax and phone numbers match in any format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess } from '../support/tally.mjs';
import { withLedger, ok, fails, ENV } from './helpers.mjs';

async function names(t, query) {
  return (await ok(t, 'search_customers', { query })).customers.map((c) => c.name);
}

test('punctuation, apostrophes, diacritics and phone formats all find the customer', async () => {
  await withLedger(async (t) => {
    await ok(t, 'invoicing_create_customer', { name: 'Jane Roe', organization: 'Acme-Corp', email: 'jane@acme-corp.example', phone: '(555) 123-4567' });
    await ok(t, 'invoicing_create_customer', { name: "Seán O'Brien", organization: "O'Brien Bakery", email: 'sean@obrien.example', phone: '+1 555 987 6543' });
    await ok(t, 'invoicing_create_customer', { name: 'Acme Corp', organization: 'Acme Corp', email: 'ap@acme.example', phone: '555.222.3333' });
    await ok(t, 'invoicing_create_customer', { name: 'Zoë Ng', email: 'zoe@ng.example' });

    assert.deepEqual(await names(t, 'Acme-Corp'), ['Acme Corp', 'Jane Roe']);
    assert.deepEqual(await names(t, 'Acme Corp'), ['Acme Corp', 'Jane Roe']);
    assert.deepEqual(await names(t, "o'brien"), ["Seán O'Brien"]);
    assert.deepEqual(await names(t, 'O’Brien'), ["Seán O'Brien"]);
    assert.deepEqual(await names(t, 'sean'), ["Seán O'Brien"]);
    assert.deepEqual(await names(t, 'ZOE'), ['Zoë Ng']);
    assert.deepEqual(await names(t, 'bak'), ["Seán O'Brien"], 'words match as prefixes');
    for (const phone of ['5551234567', '(555) 123-4567', '555-123-4567', '555.123.4567', '555 123 4567'])
      assert.deepEqual(await names(t, phone), ['Jane Roe'], phone);
    for (const phone of ['5559876543', '15559876543', '555-987-6543', '+1 555 987 6543'])
      assert.deepEqual(await names(t, phone), ["Seán O'Brien"], phone);
    assert.deepEqual(await names(t, 'jane@acme-corp.example'), ['Jane Roe']);

    for (const q of ['AND', 'NEAR(acme', 'acme*', 'name:acme', '-acme', 'acme OR', '^acme', 'a"b', '"acme', 'acme)'])
      await ok(t, 'search_customers', { query: q });
    assert.deepEqual(await names(t, '"acme'), ['Acme Corp', 'Jane Roe']);
    for (const q of ['"', '(', "'", '*', '-'])
      assert.equal(await fails(t, 'search_customers', { query: q }), 'query: needs at least one letter or digit to search for');
    assert.deepEqual(await names(t, 'NEAR(acme'), [], 'NEAR is a plain word here');
    assert.equal(await fails(t, 'search_customers', { query: '!!!' }), 'query: needs at least one letter or digit to search for');
    assert.equal(await fails(t, 'search_customers', { query: '' }), 'query: must not be empty');
  });
});

test('a name hit ranks above an e-mail hit; the index follows updates; results are capped', async () => {
  await withLedger(async (t) => {
    const jane = await ok(t, 'invoicing_create_customer', { name: 'Jane Roe', email: 'jane@globex.example' });
    await ok(t, 'invoicing_create_customer', { name: 'Globex', organization: 'Globex Corporation' });
    assert.deepEqual(await names(t, 'globex'), ['Globex', 'Jane Roe']);
    await ok(t, 'invoicing_update_customer', { customerId: jane.id, name: 'Janet Poe', email: null });
    assert.deepEqual(await names(t, 'globex'), ['Globex']);
    assert.deepEqual(await names(t, 'roe'), []);
    assert.deepEqual(await names(t, 'janet'), ['Janet Poe']);
    for (let i = 1; i <= 27; i++) await ok(t, 'invoicing_create_customer', { name: `Initech ${i}` });
    const many = await ok(t, 'search_customers', { query: 'initech' });
    assert.equal(many.count, 25);
    assert.equal(many.truncated, true);
  });
});

test('another workspace sees none of these customers', async () => {
  await withLedger(async (t, dir) => {
    await ok(t, 'invoicing_create_customer', { name: 'Acme Corp' });
    const other = new TallyProcess({ args: ['serve', '--workspace', 'other'], db: dir.db, env: ENV });
    try {
      await other.initialize();
      assert.deepEqual(await names(other, 'acme'), []);
    } finally {
      await other.close();
    }
    assert.deepEqual(await names(t, 'acme'), ['Acme Corp']);
  });
});
