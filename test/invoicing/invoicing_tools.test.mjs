// The FinOpps tools and their data entry, through `tally serve` over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLedger, ok, fails, listTools, SEED_TOOLS, WRITE_TOOLS, ENV } from './helpers.mjs';

test('the seven seed tools are read-only; data entry is annotated as writes and hidden by --read-only', async () => {
  await withLedger(async (t) => {
    const tools = Object.fromEntries((await listTools(t)).map((x) => [x.name, x]));
    for (const name of SEED_TOOLS) {
      assert.ok(tools[name], `${name} is served`);
      assert.deepEqual(tools[name].annotations,
        { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false, title: tools[name].title });
    }
    for (const name of WRITE_TOOLS) {
      assert.ok(tools[name], `${name} is served`);
      assert.equal(tools[name].annotations.readOnlyHint, false, name);
      assert.equal(tools[name].annotations.openWorldHint, false, name);
    }
    assert.equal(tools.invoicing_void_invoice.annotations.destructiveHint, true);
    assert.equal(tools.invoicing_create_invoice.annotations.destructiveHint, false);
    const list = tools.list_invoices.inputSchema.properties;
    assert.deepEqual(list.status.enum, ['draft', 'sent', 'overdue', 'paid', 'partial', 'void']);
    assert.deepEqual([list.limit.minimum, list.limit.maximum, list.limit.default], [1, 500, 50]);
    assert.deepEqual(tools.payments_report.inputSchema.required, ['startDate', 'endDate']);
    assert.deepEqual(tools.get_invoice.inputSchema.required, ['invoiceId']);
    assert.deepEqual(tools.search_customers.inputSchema.required, ['query']);
    assert.deepEqual(Object.keys(tools.get_business.inputSchema.properties), []);
    assert.ok(tools.list_invoices.description.startsWith('List invoices for your organization. Supports filtering by status'));
  });
  await withLedger(async (t) => {
    const names = (await listTools(t)).map((x) => x.name);
    for (const name of SEED_TOOLS) assert.ok(names.includes(name), `${name} stays under --read-only`);
    assert.deepEqual(names.filter((n) => n.startsWith('invoicing_')), []);
    const r = await t.request('tools/call', { name: 'invoicing_create_customer', arguments: { name: 'X' } });
    assert.ok(r.error || r.result?.isError, 'a hidden write tool cannot be called');
    await ok(t, 'get_business');
  }, { args: ['serve', '--read-only'] });
});

test('business profile: defaults, partial updates, exact percent rates', async () => {
  await withLedger(async (t) => {
    const before = await ok(t, 'get_business');
    assert.equal(before.configured, false);
    assert.equal(before.currency, 'USD');
    assert.equal(before.paymentTermsDays, 30);
    const saved = await ok(t, 'invoicing_update_business', {
      name: 'Blue Fig Catering', email: 'hello@bluefig.example', phone: '(555) 010-2000',
      address: '12 Market St\nSpringfield', taxRate: '8.875', gratuityRate: 18, leadTimeDays: 3,
    });
    assert.equal(saved.configured, true);
    assert.equal(saved.taxRatePercent, '8.875');
    assert.equal(saved.gratuityRatePercent, '18');
    const again = await ok(t, 'invoicing_update_business', { website: 'https://bluefig.example', email: null });
    assert.equal(again.name, 'Blue Fig Catering');
    assert.equal(again.email, null);
    assert.equal(again.leadTimeDays, 3);
    assert.deepEqual(await ok(t, 'get_business'), again);
    assert.equal(await fails(t, 'invoicing_update_business', { taxRate: '8.12345' }),
      'taxRate: "8.12345" has 5 decimals; at most 4 are allowed (a percent from 0 to 100, e.g. "8.875")');
    assert.equal(await fails(t, 'invoicing_update_business', { gratuityRate: '101' }),
      'gratuityRate: "101" is too large (at most 100) (a percent from 0 to 100, e.g. "8.875")');
    assert.equal(await fails(t, 'invoicing_update_business', { currency: 'XYZ' }),
      'currency: "XYZ" is not an ISO 4217 currency code (for example USD, EUR, JPY)');
  });
});

test('an invoice: half-up lines, tax and gratuity once on the subtotal, derived statuses, payments never above the balance', async () => {
  await withLedger(async (t) => {
    await ok(t, 'invoicing_update_business', { name: 'Blue Fig', taxRate: '8.875', gratuityRate: '18' });
    const c = await ok(t, 'invoicing_create_customer', { name: 'Jane Roe', organization: 'Acme Corp' });
    assert.match(c.id, /^cus_/);
    const draft = await ok(t, 'invoicing_create_invoice', {
      customerId: c.id, lines: [
        { itemName: 'Canapés', rate: '3.33', quantity: '1.5' },   // 4.995 → 5.00
        { itemName: 'Napkins', rate: 0.01, quantity: '0.5' },      // 0.005 → 0.01
      ], notes: 'Thank you!',
    });
    assert.equal(draft.number, '1001');
    assert.equal(draft.status, 'draft');
    assert.equal(draft.issueDate, '2026-03-15');
    assert.equal(draft.dueDate, '2026-04-14');
    assert.deepEqual(draft.lines.map((l) => [l.itemName, l.rate.amount, l.quantity, l.amount.amount]),
      [['Canapés', '3.33', '1.5', '5.00'], ['Napkins', '0.01', '0.5', '0.01']]);
    assert.equal(draft.subtotal.amount, '5.01');
    assert.equal(draft.tax.amount, '0.44');        // 5.01 × 8.875% = 0.4446
    assert.equal(draft.gratuity.amount, '0.90');   // 5.01 × 18% = 0.9018
    assert.equal(draft.total.amount, '6.35');
    assert.equal(draft.balanceDue.amount, '0.00');
    assert.equal(draft.notes, 'Thank you!');
    assert.equal(draft.ledgerTransactionId, null);
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: draft.id, amount: '1' }),
      'Invoice 1001 is a draft; send it before recording a payment.');

    const sent = await ok(t, 'invoicing_send_invoice', { invoiceId: '#1001' });
    assert.equal(sent.status, 'sent');
    assert.match(sent.ledgerTransactionId, /^txn_/);
    assert.equal(sent.balanceDue.amount, '6.35');
    assert.deepEqual(await ok(t, 'invoicing_send_invoice', { invoiceId: draft.id }), sent, 'sending again changes nothing');

    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '6.36' }),
      'amount: 6.36 USD is more than the balance due on invoice 1001 (6.35 USD)');
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '0' }),
      'amount: must be above zero (got "0")');
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '1.001' }),
      'amount: "1.001" has 3 decimals; USD allows 2');
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '1', date: '2026-03-14' }),
      'date: 2026-03-14 is before invoice 1001 was issued (2026-03-15)');
    const p1 = await ok(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '2.00', paymentType: 'check', reference: '#221' });
    assert.equal(p1.invoice.status, 'partial');
    assert.equal(p1.invoice.balanceDue.amount, '4.35');
    assert.equal(p1.payment.depositTo, 'Checking');
    const p2 = await ok(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '4.35', date: '2026-03-15', paymentType: 'cash', depositTo: 'cash' });
    assert.equal(p2.invoice.status, 'paid');
    assert.equal(p2.payment.depositTo, 'Cash');
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: '1001', amount: '0.01' }),
      'Invoice 1001 is already paid in full.');
    assert.equal(await fails(t, 'invoicing_void_invoice', { invoiceId: '1001' }),
      'Invoice 1001 has payments of 6.35 USD recorded; an invoice with payments cannot be voided (void them first with invoicing_void_payment).');

    const full = await ok(t, 'get_invoice', { invoiceId: '1001' });
    assert.deepEqual(full.payments.map((p) => [p.paymentType, p.amount.amount, p.depositTo, p.reference]),
      [['check', '2.00', 'Checking', '#221'], ['cash', '4.35', 'Cash', null]]);
    assert.equal(full.paid.amount, '6.35');
    assert.equal(full.customer.organization, 'Acme Corp');
  });
});

test('list_invoices filters on the status derived today, with balance totals per currency', async () => {
  await withLedger(async (t) => {
    const c = await ok(t, 'invoicing_create_customer', { name: 'Acme Corp' });
    const make = (extra) => ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'Work', rate: '100' }], ...extra });
    const draft = await make({});
    const overdue = await make({ issueDate: '2026-01-01', dueDate: '2026-01-31', send: true });
    const partial = await make({ issueDate: '2026-03-01', send: true });
    const sent = await make({ send: true });
    const paid = await make({ issueDate: '2026-02-01', send: true });
    const voided = await make({ send: true });
    const euro = await make({ currency: 'EUR', issueDate: '2026-01-10', dueDate: '2026-02-10', send: true });
    const dueToday = await make({ issueDate: '2026-03-01', dueDate: '2026-03-15', send: true });
    await ok(t, 'invoicing_record_payment', { invoiceId: partial.id, amount: '40' });
    await ok(t, 'invoicing_record_payment', { invoiceId: paid.id, amount: '100' });
    await ok(t, 'invoicing_record_payment', { invoiceId: overdue.id, amount: '25' });
    const v = await ok(t, 'invoicing_void_invoice', { invoiceId: voided.id, reason: 'wrong customer' });
    assert.equal(v.status, 'void');
    assert.match(v.voidTransactionId, /^txn_/);
    assert.equal(v.voidReason, 'wrong customer');
    assert.deepEqual(await ok(t, 'invoicing_void_invoice', { invoiceId: voided.id }), v, 'voiding again changes nothing');
    assert.equal(await fails(t, 'invoicing_send_invoice', { invoiceId: voided.id }), `Invoice ${voided.number} is void; it cannot be sent.`);
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: voided.id, amount: '1' }), `Invoice ${voided.number} is void; it takes no payments.`);

    const numbers = async (status) => (await ok(t, 'list_invoices', status ? { status } : {})).invoices.map((i) => i.number);
    assert.deepEqual(await numbers('overdue'), [overdue.number, euro.number]);  // most overdue first
    assert.deepEqual(await numbers('partial'), [partial.number]);
    assert.deepEqual(await numbers('sent'), [sent.number, dueToday.number]);  // due today is not overdue
    assert.deepEqual(await numbers('paid'), [paid.number]);
    assert.deepEqual(await numbers('draft'), [draft.number]);
    assert.deepEqual(await numbers('void'), [voided.number]);
    const all = await ok(t, 'list_invoices');
    assert.equal(all.count, 8);
    assert.equal(all.truncated, false);

    const od = await ok(t, 'list_invoices', { status: 'overdue' });
    assert.equal(od.asOf, '2026-03-15');
    assert.equal(od.invoices[0].daysOverdue, 43);
    assert.equal(od.invoices[0].balanceDue.amount, '75.00');
    assert.deepEqual(od.balanceDueTotals, [
      { currency: 'EUR', balanceDue: { amountMinor: 10000, amount: '100.00', currency: 'EUR' }, invoices: 1 },
      { currency: 'USD', balanceDue: { amountMinor: 7500, amount: '75.00', currency: 'USD' }, invoices: 1 },
    ]);
    const page = await ok(t, 'list_invoices', { limit: 2 });
    assert.equal(page.count, 2);
    assert.equal(page.truncated, true);
    assert.equal(await fails(t, 'list_invoices', { status: 'unpaid' }),
      'status: must be one of "draft", "sent", "overdue", "paid", "partial", "void" (got "unpaid")');
    assert.equal(await fails(t, 'list_invoices', { limit: 900 }), 'limit: must be at most 500 (got 900)');
  });
});

test('get_invoice by id, by number, by #number; numbering and its errors', async () => {
  await withLedger(async (t) => {
    const c = await ok(t, 'invoicing_create_customer', { name: 'Acme Corp' });
    const line = [{ itemName: 'Work', rate: '10' }];
    const a = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: line, number: '#1429' });
    assert.equal(a.number, '1429');
    const b = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: line });
    assert.equal(b.number, '1430', 'automatic numbers continue after the highest one used');
    const x = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: line, number: 'INV-7' });
    for (const ref of [a.id, '1429', '#1429', ' # 1429 ']) assert.equal((await ok(t, 'get_invoice', { invoiceId: ref })).id, a.id, ref);
    assert.equal((await ok(t, 'get_invoice', { invoiceId: 'inv-7' })).id, x.id);
    assert.equal(await fails(t, 'get_invoice', { invoiceId: '9999' }),
      'Invoice not found: "9999" (give its id, inv_…, or its number)');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: line, number: '1429' }),
      'number: invoice 1429 already exists');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: 'cus_nope', lines: line }),
      'Customer not found: "cus_nope"');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: [] }),
      'lines: must have at least 1 item');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'Free', rate: '0' }] }),
      'lines: the subtotal must be above zero');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '-5' }] }),
      'lines[0].rate: must not be negative (got "-5")');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '1', quantity: '0.0005' }] }),
      'lines[0].quantity: "0.0005" has 4 decimals; at most 3 are allowed');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: line, issueDate: '2025-02-30' }),
      'issueDate: "2025-02-30" is not a real calendar date (expected YYYY-MM-DD)');
    assert.equal(await fails(t, 'invoicing_create_invoice', { customerId: c.id, lines: line, issueDate: '2026-03-10', dueDate: '2026-03-01' }),
      'dueDate (2026-03-01) is before issueDate (2026-03-10)');
    const jpy = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '1000', quantity: '1.5' }], currency: 'JPY', taxRate: '10' });
    assert.deepEqual([jpy.subtotal.amount, jpy.tax.amount, jpy.total.amount, jpy.total.currency], ['1500', '150', '1650', 'JPY']);
  });
});

test('date ranges: inclusive, real dates only, start after end is a clear error', async () => {
  await withLedger(async (t) => {
    for (const [tool, extra] of [['list_expenses', {}], ['payments_report', {}], ['get_financial_summary', {}]]) {
      assert.equal(await fails(t, tool, { startDate: '2025-02-30', endDate: '2025-03-31', ...extra }),
        'startDate: "2025-02-30" is not a real calendar date (expected YYYY-MM-DD)', tool);
      assert.equal(await fails(t, tool, { startDate: '2025-04-01', endDate: '2025-03-31' }),
        'startDate (2025-04-01) is after endDate (2025-03-31); the range is inclusive, so give a start on or before the end', tool);
    }
    assert.equal(await fails(t, 'payments_report', { startDate: '2025-01-01' }), 'endDate: is required');
    assert.equal(await fails(t, 'list_expenses', { endDate: 'last month' }),
      'endDate: "last month" is not a real calendar date (expected YYYY-MM-DD)');
    await ok(t, 'invoicing_record_expense', { vendor: 'Edge', amount: '1', date: '2025-03-31' });
    await ok(t, 'invoicing_record_expense', { vendor: 'Start', amount: '2', date: '2025-01-01' });
    await ok(t, 'invoicing_record_expense', { vendor: 'Outside', amount: '4', date: '2025-04-01' });
    const q1 = await ok(t, 'list_expenses', { startDate: '2025-01-01', endDate: '2025-03-31T23:59:59Z' });
    assert.deepEqual(q1.expenses.map((e) => e.vendor), ['Edge', 'Start']);
    assert.deepEqual(q1.totals, [{ currency: 'USD', amount: { amountMinor: 300, amount: '3.00', currency: 'USD' }, expenses: 2 }]);
    assert.equal((await ok(t, 'list_expenses')).total, 3);
    const summary = await ok(t, 'get_financial_summary');
    assert.deepEqual([summary.startDate, summary.endDate, summary.asOf], ['2026-01-01', '2026-03-15', '2026-03-15']);
    assert.match(summary.basis, /^cash: /);
    assert.deepEqual(summary.currencies, []);
  });
});

test('customers: create, update, null clears, errors', async () => {
  await withLedger(async (t) => {
    const c = await ok(t, 'invoicing_create_customer', { name: '  Jane Roe ', email: 'jane@acme.example', phone: '555 123 4567' });
    assert.equal(c.name, 'Jane Roe');
    const u = await ok(t, 'invoicing_update_customer', { customerId: c.id, organization: 'Acme Corp', phone: null });
    assert.deepEqual([u.name, u.organization, u.email, u.phone], ['Jane Roe', 'Acme Corp', 'jane@acme.example', null]);
    assert.equal(await fails(t, 'invoicing_update_customer', { customerId: 'cus_x', name: 'A' }), 'Customer not found: "cus_x"');
    assert.equal(await fails(t, 'invoicing_create_customer', { name: '   ' }), 'name: must not be blank');
    assert.equal(await fails(t, 'invoicing_create_customer', { name: 'B', email: 'nope' }), 'email: "nope" is not an e-mail address');
    assert.equal(await fails(t, 'invoicing_create_customer', {}), 'name: is required');
  });
});

test('served alone (--toolsets invoicing), it still posts to the ledger tables', async () => {
  await withLedger(async (t) => {
    const names = (await listTools(t)).map((x) => x.name);
    assert.ok(!names.some((n) => n.startsWith('ledger_')), 'only invoicing tools are served');
    const c = await ok(t, 'invoicing_create_customer', { name: 'Acme Corp' });
    const inv = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '10' }], send: true });
    assert.match(inv.ledgerTransactionId, /^txn_/);
    const p = await ok(t, 'invoicing_record_payment', { invoiceId: inv.id, amount: '4' });
    assert.match(p.payment.ledgerTransactionId, /^txn_/);
    const e = await ok(t, 'invoicing_record_expense', { vendor: 'Costco', amount: '3.50', category: 'Supplies', createCategory: true });
    assert.deepEqual([e.category, e.paidFrom], ['Supplies', 'Checking']);
    const s = await ok(t, 'get_financial_summary');
    assert.deepEqual(s.currencies.map((x) => [x.currency, x.outstanding.amount, x.totalIncome.amount, x.totalExpenses.amount]),
      [['USD', '6.00', '4.00', '3.50']]);
  }, { args: ['serve', '--toolsets', 'invoicing'] });
});

test('an expense category is the ledger\'s own, matched in any case', async () => {
  await withLedger(async (t) => {
    const a = await ok(t, 'invoicing_record_expense', { vendor: 'City Power', amount: '10', category: 'Utilities', createCategory: true, date: '2026-03-01' });
    const b = await ok(t, 'invoicing_record_expense', { vendor: 'Water Co', amount: '5', category: 'utilities', date: '2026-03-02' });
    assert.deepEqual([a.category, b.category], ['Utilities', 'Utilities']);
    const u = await ok(t, 'invoicing_record_expense', { vendor: 'Misc', amount: '1' });
    assert.equal(u.category, 'Uncategorized');
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'X', amount: '1', category: 'A:B' }),
      'category: "A:B" may not contain \':\' (it becomes the account Expenses:A:B)');
    const accounts = (await ok(t, 'ledger_get_balances')).accounts;
    assert.equal(accounts.find((x) => x.name === 'Expenses:Utilities').balance.amount, '15.00');
  });
});
