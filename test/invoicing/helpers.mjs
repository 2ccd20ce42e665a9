// Shared helpers for the invoicing Node tests: a fixed clock, and assertions
// that unwrap a tool result or its error message.
import assert from 'node:assert/strict';
import { TallyProcess, tempDir } from '../support/tally.mjs';

export const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };

/** Runs fn(t, dir) against a fresh ledger served by `tally serve`; always cleans up. */
export async function withLedger(fn, { args = ['serve'], env = ENV } = {}) {
  const dir = tempDir('tally-invoicing-');
  const t = new TallyProcess({ args, db: dir.db, env });
  try {
    await t.initialize();
    return await fn(t, dir);
  } finally {
    await t.close();
    dir.cleanup();
  }
}

/** The structured result of a call that must succeed. */
export async function ok(t, tool, args = {}) {
  const r = await t.call(tool, args);
  assert.ok(!r.isError, `${tool} ${JSON.stringify(args)} failed: ${r.content?.[0]?.text}`);
  assert.equal(r.content[0].text, JSON.stringify(r.structuredContent));
  return r.structuredContent;
}

/** The message of a call that must fail with isError. */
export async function fails(t, tool, args = {}) {
  const r = await t.call(tool, args);
  assert.equal(r.isError, true, `${tool} ${JSON.stringify(args)} should fail, got ${r.content?.[0]?.text}`);
  return r.content[0].text;
}

/** Sums money objects' amountMinor per currency: { USD: 1234, EUR: 50 }. */
export function sumByCurrency(moneys) {
  const out = {};
  for (const m of moneys) out[m.currency] = (out[m.currency] ?? 0) + m.amountMinor;
  return out;
}

export const SEED_TOOLS = ['list_invoices', 'get_invoice', 'get_financial_summary', 'list_expenses',
  'payments_report', 'search_customers', 'get_business'];
export const WRITE_TOOLS = ['invoicing_create_customer', 'invoicing_update_customer', 'invoicing_create_invoice',
  'invoicing_send_invoice', 'invoicing_void_invoice', 'invoicing_record_payment', 'invoicing_record_expense',
  'invoicing_update_business', 'invoicing_void_payment', 'invoicing_void_expense'];

/** Every tool of tools/list, following nextCursor. */
export async function listTools(t) {
  const tools = [];
  let cursor;
  do {
    const r = await t.request('tools/list', cursor ? { cursor } : {});
    tools.push(...r.result.tools);
    cursor = r.result.nextCursor;
  } while (cursor);
  return tools;
}
