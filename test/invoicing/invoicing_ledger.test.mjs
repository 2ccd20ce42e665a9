// domain.md §4 test 7, "FinOpps summary equals its rows", on a generated book
// of invoices, payments and expenses in two currencies: every summary figure is
// recomputed from the rows the list tools return and from the ledger's own
// balances, and `tally doctor` finds nothing wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TALLY } from '../support/tally.mjs';
import { withLedger, ok, fails, sumByCurrency, ENV } from './helpers.mjs';

/** A small deterministic generator (LCG), so failures reproduce. */
function rng(seed) {
  let s = seed >>> 0;
  return (n) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
}
const pad = (n) => String(n).padStart(2, '0');

function randomDate(r) {
  const year = 2025 + r(2);
  const month = year === 2026 ? 1 + r(3) : 1 + r(12);
  return `${year}-${pad(month)}-${pad(1 + r(28))}`;
}
const cents = (minor) => `${Math.trunc(minor / 100)}.${pad(minor % 100)}`;
/** rate × qty_milli / 1000, half up, exactly (BigInt). */
const halfUp = (a, b, d) => Number((BigInt(a) * BigInt(b) * 2n + BigInt(d)) / (2n * BigInt(d)));

async function buildBook(t) {
  const r = rng(20260315);
  await ok(t, 'invoicing_update_business', { name: 'Blue Fig Catering', taxRate: '8.875', gratuityRate: '18' });
  const customers = [];
  for (const name of ['Acme Corp', 'Globex', 'Initech', 'Umbrella'])
    customers.push((await ok(t, 'invoicing_create_customer', { name })).id);
  const invoices = [];
  for (let i = 0; i < 24; i++) {
    const issueDate = randomDate(r);
    const lines = [];
    for (let k = 0, n = 1 + r(3); k < n; k++)
      lines.push({ itemName: `Item ${k}`, rate: cents(1 + r(50000)), quantity: `${r(5)}.${r(1000)}`.replace(/^0\.0$/, '1') });
    for (const l of lines) if (Number(l.quantity) === 0) l.quantity = '1';
    const currency = r(4) === 0 ? 'EUR' : 'USD';
    const inv = await ok(t, 'invoicing_create_invoice', {
      customerId: customers[r(customers.length)], lines, issueDate, currency, send: r(6) !== 0,
      ...(r(3) === 0 ? { gratuityRate: '0' } : {}),
    });
    invoices.push(inv);
  }
  for (const inv of invoices.filter((_, i) => i % 7 === 3)) await ok(t, 'invoicing_void_invoice', { invoiceId: inv.id });
  for (const inv of invoices) {
    let cur = await ok(t, 'get_invoice', { invoiceId: inv.id });
    if (cur.status === 'draft' || cur.status === 'void') continue;
    for (let k = 0, n = r(3); k < n && cur.balanceDue.amountMinor > 0; k++) {
      const amount = k === 1 && r(2) === 0 ? cur.balanceDue.amountMinor : 1 + r(cur.balanceDue.amountMinor);
      const date = cur.issueDate > '2026-03-15' ? cur.issueDate : (k === 0 ? cur.issueDate : '2026-03-15');
      await ok(t, 'invoicing_record_payment', {
        invoiceId: inv.number, amount: cents(amount), date, paymentType: ['cash', 'check', 'bank_transfer'][r(3)],
        depositTo: r(2) ? 'bank' : 'cash',
      });
      cur = await ok(t, 'get_invoice', { invoiceId: inv.id });
    }
  }
  for (let i = 0; i < 30; i++)
    await ok(t, 'invoicing_record_expense', {
      vendor: `Vendor ${r(9)}`, amount: cents(1 + r(200000)), date: randomDate(r),
      category: ['Supplies', 'Rent', 'Utilities', 'Fuel'][r(4)], createCategory: true, currency: r(5) === 0 ? 'EUR' : 'USD',
      paidFrom: ['bank', 'cash', 'credit_card'][r(3)],
    });
  return invoices;
}

test('the summary equals its rows, and the receivable account equals the outstanding invoices', async () => {
  await withLedger(async (t, dir) => {
    const invoices = await buildBook(t);
    const everything = { startDate: '2020-01-01', endDate: '2030-12-31' };
    assert.equal((await ok(t, 'list_expenses', everything)).count, 30);
    const paymentCount = (await ok(t, 'payments_report', everything)).count;
    assert.ok(paymentCount >= 10, `the book has payments to sum (${paymentCount})`);

    for (const period of [{}, { startDate: '2025-01-01', endDate: '2025-12-31' }, { startDate: '2026-02-01', endDate: '2026-02-28' },
      { startDate: '2025-03-31', endDate: '2025-03-31' }, { startDate: '2020-01-01', endDate: '2030-12-31' }]) {
      const summary = await ok(t, 'get_financial_summary', period);
      const range = { startDate: summary.startDate, endDate: summary.endDate };
      const expenses = await ok(t, 'list_expenses', range);
      const payments = await ok(t, 'payments_report', range);
      assert.equal(expenses.truncated, false);
      assert.equal(payments.truncated, false);
      for (const e of expenses.expenses) assert.ok(e.date >= range.startDate && e.date <= range.endDate);
      for (const p of payments.payments) assert.ok(p.date >= range.startDate && p.date <= range.endDate);
      const byCur = Object.fromEntries(summary.currencies.map((c) => [c.currency, c]));
      const expenseSums = sumByCurrency(expenses.expenses.map((e) => e.amount));
      const incomeSums = sumByCurrency(payments.payments.map((p) => p.amount));
      for (const cur of new Set([...Object.keys(byCur), ...Object.keys(expenseSums), ...Object.keys(incomeSums)])) {
        assert.equal(byCur[cur]?.totalExpenses.amountMinor ?? 0, expenseSums[cur] ?? 0, `${cur} expenses ${JSON.stringify(range)}`);
        assert.equal(byCur[cur]?.totalIncome.amountMinor ?? 0, incomeSums[cur] ?? 0, `${cur} income ${JSON.stringify(range)}`);
        assert.equal(byCur[cur].net.amountMinor, (incomeSums[cur] ?? 0) - (expenseSums[cur] ?? 0));
      }
      assert.deepEqual(expenses.totals.map((x) => [x.currency, x.amount.amountMinor]), Object.entries(expenseSums).sort());
      assert.deepEqual(payments.totals.map((x) => [x.currency, x.amount.amountMinor]), Object.entries(incomeSums).sort());
    }

    const summary = await ok(t, 'get_financial_summary');
    const all = await ok(t, 'list_invoices', { limit: 500 });
    assert.equal(all.count, invoices.length);
    const unpaid = all.invoices.filter((i) => ['sent', 'partial', 'overdue'].includes(i.status));
    const overdue = (await ok(t, 'list_invoices', { status: 'overdue', limit: 500 })).invoices;
    assert.ok(overdue.length > 0 && unpaid.length > overdue.length, 'the book has overdue and merely open invoices');
    for (const o of overdue) assert.ok(unpaid.some((u) => u.id === o.id), 'overdue is a subset of outstanding');
    const outstanding = sumByCurrency(unpaid.map((i) => i.balanceDue));
    const overdueSums = sumByCurrency(overdue.map((i) => i.balanceDue));
    for (const c of summary.currencies) {
      assert.equal(c.outstanding.amountMinor, outstanding[c.currency] ?? 0, `${c.currency} outstanding`);
      assert.equal(c.overdue.amountMinor, overdueSums[c.currency] ?? 0, `${c.currency} overdue`);
      assert.ok(c.overdue.amountMinor <= c.outstanding.amountMinor);
    }
    for (const i of all.invoices.filter((x) => !['sent', 'partial', 'overdue'].includes(x.status)))
      assert.equal(i.balanceDue.amountMinor, 0, `${i.status} invoices owe nothing`);

    // The ledger agrees: Accounts Receivable = outstanding, per currency.
    const balances = await ok(t, 'ledger_get_balances');
    const ar = balances.accounts.filter((a) => a.name === 'Accounts Receivable');
    assert.deepEqual(ar.map((a) => a.currency).sort(), ['EUR', 'USD']);
    for (const a of ar) assert.equal(a.balance.amountMinor, outstanding[a.currency] ?? 0, `A/R ${a.currency}`);
    for (const tot of balances.totals) assert.equal(tot.balanced, true, `${tot.currency} trial balance`);
    // Sales (income) = subtotals of issued, unvoided invoices; tax and gratuity liabilities likewise.
    const issued = [];
    for (const i of all.invoices.filter((x) => x.status !== 'draft' && x.status !== 'void'))
      issued.push(await ok(t, 'get_invoice', { invoiceId: i.id }));
    const account = (name, cur) => balances.accounts.find((a) => a.name === name && a.currency === cur)?.balance.amountMinor ?? 0;
    for (const cur of ['USD', 'EUR']) {
      const mine = issued.filter((i) => i.currency === cur);
      assert.equal(account('Income:Sales', cur), mine.reduce((s, i) => s + i.subtotal.amountMinor, 0), `Sales ${cur}`);
      assert.equal(account('Sales Tax Payable', cur), mine.reduce((s, i) => s + i.tax.amountMinor, 0), `tax ${cur}`);
      assert.equal(account('Gratuity Payable', cur), mine.reduce((s, i) => s + i.gratuity.amountMinor, 0), `gratuity ${cur}`);
    }

    // Each invoice: total = Σ half-up lines + tax + gratuity, recomputed here with exact integers.
    for (const i of all.invoices) {
      const inv = await ok(t, 'get_invoice', { invoiceId: i.id });
      let subtotal = 0;
      for (const l of inv.lines) {
        const [w, f = ''] = l.quantity.split('.');
        const milli = Number(w) * 1000 + Number(f.padEnd(3, '0'));
        assert.equal(l.amount.amountMinor, halfUp(l.rate.amountMinor, milli, 1000), `${inv.number} line ${l.position}`);
        subtotal += l.amount.amountMinor;
      }
      const ppm = (pct) => Math.round(Number(pct) * 10000);
      assert.equal(inv.subtotal.amountMinor, subtotal);
      assert.equal(inv.tax.amountMinor, halfUp(subtotal, ppm(inv.taxRatePercent), 1000000));
      assert.equal(inv.gratuity.amountMinor, halfUp(subtotal, ppm(inv.gratuityRatePercent), 1000000));
      assert.equal(inv.total.amountMinor, subtotal + inv.tax.amountMinor + inv.gratuity.amountMinor);
      assert.equal(inv.paid.amountMinor, inv.payments.reduce((s, p) => s + p.amount.amountMinor, 0));
    }

    const doctor = spawnSync(TALLY, ['doctor', '--db', dir.db], { env: { ...process.env, ...ENV }, encoding: 'utf8' });
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /^ok: every invariant holds/);
  });
});

test('a write that fails inside its posting leaves nothing behind', async () => {
  await withLedger(async (t) => {
    const c = await ok(t, 'invoicing_create_customer', { name: 'Acme Corp' });
    const first = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '10' }], send: true });
    await ok(t, 'invoicing_record_payment', { invoiceId: first.id, amount: '10' });
    const accounts = (await ok(t, 'ledger_get_balances')).accounts;
    const ar = accounts.find((a) => a.name === 'Accounts Receivable');
    await ok(t, 'ledger_close_account', { accountId: ar.id });
    const before = await ok(t, 'ledger_list_transactions', {});

    // The invoice and its lines are written, then posting to the closed account fails: all of it rolls back.
    const r = await t.call('invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '20' }], send: true });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /^Account "Accounts Receivable" \(acc_\w+\) is closed; it takes no new postings\.$/);
    assert.deepEqual(await ok(t, 'ledger_list_transactions', {}), before);
    assert.deepEqual((await ok(t, 'list_invoices')).invoices.map((i) => i.number), ['1001']);
    assert.equal((await ok(t, 'get_business')).nextInvoiceNumber, 1002, 'the number was not used up');

    const checking = accounts.find((a) => a.name === 'Checking');
    const draft = await ok(t, 'invoicing_create_invoice', { customerId: c.id, lines: [{ itemName: 'W', rate: '20' }] });
    assert.equal(draft.number, '1002');
    assert.equal(await fails(t, 'invoicing_send_invoice', { invoiceId: draft.id }), r.content[0].text);
    assert.equal((await ok(t, 'get_invoice', { invoiceId: draft.id })).status, 'draft');
    assert.equal(await fails(t, 'invoicing_record_payment', { invoiceId: first.id, amount: '1', depositAccountId: ar.id }),
      'Invoice 1001 is already paid in full.');
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'V', amount: '1', paidFromAccountId: ar.id }),
      'paidFromAccountId: account "Accounts Receivable" is closed');
    const sales = accounts.find((a) => a.name === 'Income:Sales');
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'V', amount: '1', paidFromAccountId: sales.id }),
      'paidFromAccountId: account "Income:Sales" (income, general) cannot pay an expense; choose an asset or liability account such as Checking');
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'V', amount: '1', currency: 'EUR', paidFromAccountId: checking.id }),
      'paidFromAccountId: account "Checking" holds USD, not EUR');
    assert.deepEqual(await ok(t, 'ledger_list_transactions', {}), before);
    assert.equal((await ok(t, 'list_expenses')).total, 0);
  });
});
