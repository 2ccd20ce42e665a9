// The reference seed (bench/reference/seed.mjs) as rows of Tally tool
// parameters: same PRNG, same draws in the same order, same counts, three
// years ending 2025-06-30. Only what Tally's rules require differs (each
// adaptation is counted in `adapted` and reported in RESULTS.md):
//   - money is decimal dollars, not cents (the tools' unit);
//   - a redeem larger than the card's balance is logged as an earn (Tally
//     refuses to overdraw a card; the reference clamps balances afterwards);
//   - invoices are sent (`send: true`) unless drafts; a "paid" invoice gets
//     its payment in full from payment row k, an "open" one at most all but
//     one cent of it; the payment row of a draft invoice (drafts cannot be
//     paid) goes to the newest earlier invoice with money still owed, or is
//     dropped when there is none; a payment is never dated before its invoice.
// Rows carry source ids (`card_1`, `cus_7`, `inv_42`) that later rows use.
export const GENERATOR_VERSION = 1;

import { CARDS } from '../reference/ledger-schema.mjs';

const MERCHANTS = ['Whole Foods', 'Delta', 'Shell', 'Amazon', 'Uber', 'Starbucks', 'Costco', 'Target', 'Hilton'];
const CUSTOMERS = Array.from({ length: 200 }, (_, i) => `Customer ${i + 1}`);
const VENDORS = ['AWS', 'Figma', 'Notion', 'WeWork', 'Comcast', 'Staples', 'Gusto', 'Zoom'];
const CATEGORIES = ['software', 'rent', 'travel', 'meals', 'office', 'payroll', 'other'];
const END = Date.parse('2025-06-30T23:59:59Z');
const SPAN = 3 * 365 * 86400 * 1000;
const isoAt = (ms) => new Date(ms).toISOString();
const dayAt = (ms) => isoAt(ms).slice(0, 10);
const dollars = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/// Calls sink(entity, row) for every row, entities in dependency order within
/// each step; returns the adaptation counts.
export function generate(rows, sink) {
  let state = 0x5eed1234; // mulberry32, as seed.mjs
  const rnd = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const adapted = { redeemsAsEarns: 0, paymentsMoved: 0, paymentsDropped: 0, paymentsCapped: 0 };

  for (const [id, name, unit] of CARDS) {
    sink('cards', { id, displayName: name, issuer: 'Bench', rewardType: unit });
  }
  CUSTOMERS.forEach((name, i) => sink('customers', { id: `cus_${i + 1}`, name }));
  const balance = new Map(CARDS.map(([id]) => [id, 0]));
  const invoices = []; // [amountCents, owedCents, issued day, sent]
  const owing = []; // indexes of sent invoices with more than a cent owed, oldest first

  for (let k = 0; k < rows; k++) {
    const when = END - SPAN + Math.floor(((k + rnd()) / rows) * SPAN);
    const [cardId, , unit] = CARDS[int(0, CARDS.length - 1)];
    let type = rnd() < 0.9 ? 'earn' : 'redeem';
    const amount = unit === 'points' ? int(1, 5000) : int(1, 2500);
    if (type === 'redeem' && balance.get(cardId) < amount) { type = 'earn'; adapted.redeemsAsEarns++; }
    balance.set(cardId, balance.get(cardId) + (type === 'earn' ? amount : -amount));
    sink('reward-transactions', { cardId, type, unit, amount: unit === 'points' ? amount : dollars(amount),
      note: `${pick(MERCHANTS)} #${k}`, createdAt: isoAt(when) });

    const issued = END - SPAN + Math.floor(rnd() * SPAN);
    const r = rnd();
    const status = r < 0.6 ? 'paid' : r < 0.95 ? 'open' : 'draft';
    const customer = pick(CUSTOMERS);
    const cents = int(1000, 500000);
    const issueDate = dayAt(issued);
    sink('invoices', { id: `inv_${k + 1}`, customerId: `cus_${CUSTOMERS.indexOf(customer) + 1}`,
      issueDate, dueDate: dayAt(issued + 30 * 86400000), taxRate: 0, gratuityRate: 0,
      lines: [{ itemName: 'Services', rate: dollars(cents) }], send: status !== 'draft' });
    invoices.push([cents, cents, issueDate]);
    if (status !== 'draft') owing.push(k);

    const vendor = pick(VENDORS), category = pick(CATEGORIES), expense = int(100, 250000);
    sink('expenses', { vendor, category, amount: dollars(expense), date: dayAt(END - SPAN + Math.floor(rnd() * SPAN)) });

    int(1, k + 1); // the reference's random invoice: drawn to keep the sequence, replaced below
    const drawn = int(1000, 500000);
    const paidOn = dayAt(END - SPAN + Math.floor(rnd() * SPAN));
    let target = k, pay;
    if (status === 'paid') pay = cents;
    else {
      if (status === 'draft') {
        while (owing.length && invoices[owing.at(-1)][1] <= 1) owing.pop();
        if (!owing.length) { adapted.paymentsDropped++; continue; }
        target = owing.at(-1);
        adapted.paymentsMoved++;
      }
      pay = Math.min(drawn, invoices[target][1] - 1);
      if (pay < drawn) adapted.paymentsCapped++;
      if (pay < 1) { adapted.paymentsDropped++; continue; }
    }
    invoices[target][1] -= pay;
    if (status === 'paid') owing.pop(); // invoice k was pushed last and is now settled
    const date = paidOn < invoices[target][2] ? invoices[target][2] : paidOn;
    sink('payments', { invoiceId: `inv_${target + 1}`, amount: dollars(pay), date });
  }
  return adapted;
}
