// Undo for the business books (issue 21 item 3): invoicing_void_payment and
// invoicing_void_expense reverse the ledger posting, take back the running
// totals and the invoice's paid amount, and leave `tally doctor` clean; and
// invoicing_record_expense refuses a misspelt category unless told to create it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TALLY } from '../support/tally.mjs';
import { withLedger, ok, fails, ENV } from './helpers.mjs';

function doctor(db) {
  const r = spawnSync(TALLY, ['doctor', '--db', db], { env: { ...process.env, ...ENV }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok: every invariant holds/);
}

const balance = async (t, name) =>
  (await ok(t, 'ledger_get_balances')).accounts.find((a) => a.name === name)?.balance.amountMinor ?? 0;

test('voiding a payment: the ledger reversed, the invoice owed again, reports and totals without it; doctor clean', async () => {
  await withLedger(async (t, dir) => {
    const c = await ok(t, 'invoicing_create_customer', { name: 'Globex' });
    const inv = await ok(t, 'invoicing_create_invoice', { customerId: c.id, issueDate: '2026-03-01', lines: [{ itemName: 'Lunch', rate: '100.00' }], send: true });
    const first = await ok(t, 'invoicing_record_payment', { invoiceId: inv.id, amount: '60.00', date: '2026-03-10' });
    const second = await ok(t, 'invoicing_record_payment', { invoiceId: inv.id, amount: '40.00', date: '2026-03-11' });
    assert.equal(second.invoice.status, 'paid');
    const checkingBefore = await balance(t, 'Checking');
    const arBefore = await balance(t, 'Accounts Receivable');

    const v = await ok(t, 'invoicing_void_payment', { paymentId: second.payment.id, reason: 'bounced cheque' });
    assert.equal(v.voided.id, second.payment.id);
    assert.equal(v.voided.kind, 'payment');
    assert.deepEqual(v.voided.amount, { amountMinor: 4000, amount: '40.00', currency: 'USD' });
    assert.equal(v.voided.ledgerTransactionId, second.payment.ledgerTransactionId);
    assert.equal(v.voided.reason, 'bounced cheque');
    assert.equal(v.voided.record.amountMinor, 4000);
    assert.equal(v.invoice.status, 'partial');
    assert.equal(v.invoice.balanceDue.amount, '40.00');

    // The ledger: the reversal undoes exactly the payment's postings.
    assert.equal(await balance(t, 'Checking'), checkingBefore - 4000);
    assert.equal(await balance(t, 'Accounts Receivable'), arBefore + 4000);
    const reversal = (await ok(t, 'ledger_list_transactions', {})).transactions.find((x) => x.id === v.voided.voidTransactionId);
    assert.equal(reversal.reversesTransactionId, second.payment.ledgerTransactionId);
    assert.equal(reversal.source, 'invoicing');

    // Reports and the summary no longer count it; the first payment stays.
    const report = await ok(t, 'payments_report', { startDate: '2026-03-01', endDate: '2026-03-31' });
    assert.deepEqual(report.payments.map((p) => p.id), [first.payment.id]);
    assert.deepEqual(report.totals.map((x) => [x.currency, x.amount.amount, x.payments]), [['USD', '60.00', 1]]);
    const summary = await ok(t, 'get_financial_summary', { startDate: '2026-03-01', endDate: '2026-03-31' });
    assert.equal(summary.currencies[0].totalIncome.amount, '60.00');
    assert.equal(summary.currencies[0].outstanding.amount, '40.00');

    // Twice: refused, saying when, and nothing changes.
    assert.match(await fails(t, 'invoicing_void_payment', { paymentId: second.payment.id }),
      new RegExp(`^Payment ${second.payment.id} is already void \\(reversed by ${v.voided.voidTransactionId} on 2026-03-15\\)\\.$`));
    assert.equal(await balance(t, 'Checking'), checkingBefore - 4000);
    assert.equal(await fails(t, 'invoicing_void_payment', { paymentId: 'pay_nope' }), 'Payment not found: paymentId "pay_nope"');

    // The ledger's own void names the tool that undoes a payment, and refuses.
    assert.equal(await fails(t, 'ledger_void_transaction', { transactionId: first.payment.ledgerTransactionId }),
      `Transaction ${first.payment.ledgerTransactionId} was posted by the invoicing toolset; undo it there so its records stay in step with the ledger (a payment: invoicing_void_payment).`);
    // The invoice can be voided once its payments are.
    assert.match(await fails(t, 'invoicing_void_invoice', { invoiceId: inv.id }), /void them first with invoicing_void_payment/);
    await ok(t, 'invoicing_void_payment', { paymentId: first.payment.id });
    assert.equal((await ok(t, 'invoicing_void_invoice', { invoiceId: inv.id })).status, 'void');
    assert.equal(await balance(t, 'Accounts Receivable'), 0);
    doctor(dir.db);
  });
});

test('voiding an expense: reversed in the ledger, gone from list_expenses and its totals; doctor clean', async () => {
  await withLedger(async (t, dir) => {
    const keep = await ok(t, 'invoicing_record_expense', { vendor: 'City Power', amount: '10.00', category: 'Utilities', createCategory: true, date: '2026-03-01' });
    const wrong = await ok(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '64.15', category: 'Transport', createCategory: true, date: '2026-03-01', paidFrom: 'credit_card' });
    assert.equal(await balance(t, 'Expenses:Transport'), 6415);
    const v = await ok(t, 'invoicing_void_expense', { expenseId: wrong.id });
    assert.equal(v.voided.record.vendor, 'Shell');
    assert.equal(v.voided.reason, null);
    assert.equal(await balance(t, 'Expenses:Transport'), 0);
    assert.equal(await balance(t, 'Credit Card'), 0);
    const list = await ok(t, 'list_expenses', {});
    assert.deepEqual(list.expenses.map((e) => e.id), [keep.id]);
    assert.deepEqual(list.totals.map((x) => [x.amount.amount, x.expenses]), [['10.00', 1]]);
    assert.match(await fails(t, 'invoicing_void_expense', { expenseId: wrong.id }), /^Expense exp_\w+ is already void/);
    assert.equal(await fails(t, 'ledger_void_transaction', { transactionId: keep.ledgerTransactionId }),
      `Transaction ${keep.ledgerTransactionId} was posted by the invoicing toolset; undo it there so its records stay in step with the ledger (an expense: invoicing_void_expense).`);
    doctor(dir.db);
  });
});

test('a reconciled payment is voided only with force and a reason', async () => {
  await withLedger(async (t, dir) => {
    const c = await ok(t, 'invoicing_create_customer', { name: 'Initech' });
    const inv = await ok(t, 'invoicing_create_invoice', { customerId: c.id, issueDate: '2026-03-01', lines: [{ itemName: 'Catering', rate: '50.00' }], send: true });
    const p = await ok(t, 'invoicing_record_payment', { invoiceId: inv.id, amount: '50.00', date: '2026-03-05' });
    const checking = (await ok(t, 'ledger_get_balances')).accounts.find((a) => a.name === 'Checking');
    await ok(t, 'ledger_reconcile_account', { accountId: checking.id, statementDate: '2026-03-06', statementBalance: '50.00',
      transactionIds: [p.payment.ledgerTransactionId], finish: true });
    assert.match(await fails(t, 'invoicing_void_payment', { paymentId: p.payment.id }), /is reconciled .*Pass force: true with a reason/);
    assert.equal(await fails(t, 'invoicing_void_payment', { paymentId: p.payment.id, force: true }),
      'reason: required with force: true (say why a reconciled transaction is voided)');
    assert.equal((await ok(t, 'payments_report', { startDate: '2026-03-01', endDate: '2026-03-31' })).payments.length, 1);
    const v = await ok(t, 'invoicing_void_payment', { paymentId: p.payment.id, force: true, reason: 'entered on the wrong invoice' });
    assert.equal(v.invoice.balanceDue.amount, '50.00');
    doctor(dir.db);
  });
});

test('record_expense refuses an unknown category with suggestions unless createCategory is true', async () => {
  await withLedger(async (t, dir) => {
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '5', category: 'Fule' }),
      'Category not found: category "Fule" matches no expense category (there are none yet; create one with ledger_create_category). To create "Fule", pass createCategory: true.');
    for (const name of ['Transport', 'Utilities', 'Fuel']) await ok(t, 'ledger_create_category', { name, kind: 'expense' });
    assert.equal(await fails(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '5', category: 'Transprt' }),
      'Category not found: category "Transprt" matches no expense category (expense categories: "Fuel", "Transport", "Utilities"?). To create "Transprt", pass createCategory: true.');
    assert.match(await fails(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '5', category: 'Util' }),
      /did you mean one of: "Utilities"\?\)\. To create "Util", pass createCategory: true\.$/);
    assert.equal((await ok(t, 'list_expenses', {})).count, 0, 'nothing written');
    const e = await ok(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '5', category: 'Office', createCategory: true });
    assert.equal(e.category, 'Office');
    const again = await ok(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '6', category: 'office' });
    assert.equal(again.category, 'Office');
    const fuel = await ok(t, 'invoicing_record_expense', { vendor: 'Shell', amount: '7', category: 'FUEL' });
    assert.equal(fuel.category, 'Fuel');
    doctor(dir.db);
  });
});
