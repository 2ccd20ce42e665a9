// Demo books for the invoicing examples in docs/invoicing.md: a catering
// business with customers, invoices #1427–#1432, payments in Q1 2025 and 2026,
// and last month's expenses (the README clock is 2026-03-15). Everything is
// entered through the invoicing data-entry tools, as a user would.
async function call(t, tool, args) {
  const r = await t.call(tool, args);
  if (r.isError) throw new Error(`${tool} failed: ${r.content[0].text}`);
  return r.structuredContent;
}

export async function setup(t) {
  await call(t, 'invoicing_update_business', {
    name: 'Blue Fig Catering', email: 'hello@bluefig.example', phone: '(555) 010-2000',
    website: 'https://bluefig.example', address: '12 Market Street\nSpringfield, IL 62701', taxId: '36-1234567',
    currency: 'USD', taxRate: '8.875', gratuityRate: '18', leadTimeDays: 3, paymentTermsDays: 30,
    nextInvoiceNumber: 1427,
  });
  const acme = await call(t, 'invoicing_create_customer', {
    name: 'Jane Roe', organization: 'Acme Corp', email: 'jane.roe@acme-corp.example', phone: '(555) 123-4567',
    address: '400 Industrial Way\nSpringfield, IL 62702',
  });
  const obrien = await call(t, 'invoicing_create_customer', {
    name: "Seán O'Brien", organization: "O'Brien Events", email: 'sean@obrien-events.example', phone: '+1 555 987 6543',
  });
  const globex = await call(t, 'invoicing_create_customer', {
    name: 'Priya Shah', organization: 'Globex', email: 'ap@globex.example', phone: '555.222.3333',
  });

  const invoice = (customer, issueDate, lines, extra = {}) =>
    call(t, 'invoicing_create_invoice', { customerId: customer.id, issueDate, lines, send: true, ...extra });
  const pay = (number, date, amount, paymentType, extra = {}) =>
    call(t, 'invoicing_record_payment', { invoiceId: number, date, amount, paymentType, ...extra });

  await invoice(globex, '2025-01-10', [{ itemName: 'Corporate lunch buffet', rate: '18.50', quantity: '40' }], { gratuityRate: '0' });
  await pay('1427', '2025-02-05', '805.68', 'bank_transfer', { reference: 'ACH 88213' });
  await invoice(acme, '2025-02-14', [
    { itemName: 'Plated dinner', rate: '42.00', quantity: '25' },
    { itemName: 'Wine service', rate: '9.50', quantity: '25', description: 'House red and white' },
  ]);
  await pay('1428', '2025-03-10', '800.00', 'check', { reference: 'Check 5521' });
  await pay('1428', '2025-04-02', '833.52', 'check', { reference: 'Check 5570' });
  await invoice(acme, '2026-01-20', [
    { itemName: 'Breakfast platter', rate: '65.00', quantity: '3' },
    { itemName: 'Coffee service (per person)', rate: '4.25', quantity: '30' },
    { itemName: 'Delivery', rate: '35.00' },
  ], { notes: 'Board meeting, 8:00 am. Net 30.' });
  await pay('1429', '2026-02-10', '200.00', 'credit_card');
  await invoice(obrien, '2026-02-01', [{ itemName: 'Wedding tasting menu', rate: '55.00', quantity: '6' }]);
  await invoice(globex, '2026-03-05', [{ itemName: 'Corporate lunch buffet', rate: '18.50', quantity: '35.5' }], { gratuityRate: '0' });
  await call(t, 'invoicing_create_invoice', {
    customerId: obrien.id, issueDate: '2026-03-14', lines: [{ itemName: 'Wedding reception (deposit)', rate: '2500.00' }],
  });

  const expense = (date, vendor, amount, category, extra = {}) =>
    call(t, 'invoicing_record_expense', { date, vendor, amount, category, createCategory: true, ...extra });
  await expense('2026-01-30', 'Restaurant Depot', '388.10', 'Food & Supplies', { expenseType: 'one-time' });
  await expense('2026-02-03', 'Restaurant Depot', '412.37', 'Food & Supplies', { expenseType: 'one-time' });
  await expense('2026-02-05', 'Springfield Kitchen Co-op', '1800.00', 'Rent', { expenseType: 'recurring' });
  await expense('2026-02-12', 'City Power & Light', '186.20', 'Utilities', { expenseType: 'recurring' });
  await expense('2026-02-27', 'Shell', '64.15', 'Fuel', { paidFrom: 'credit_card', notes: 'Delivery van' });
  await expense('2026-03-02', 'Restaurant Depot', '295.80', 'Food & Supplies', { expenseType: 'one-time' });
}
