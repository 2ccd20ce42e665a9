// The prompts menu through the real binary (issue 19): each served toolset
// offers its prompts, every tool a prompt names is a real tool, required
// arguments are enforced, and the period argument completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess, tempDir, assertOnlyProtocolLines } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const LEDGER = ['monthly_review', 'where_did_my_money_go', 'budget_check', 'split_a_bill', 'who_owes_me'];
const OTHERS = ['card_for_this_purchase', 'overdue_invoices', 'affiliate_fraud_review'];
const ARGS = { split_a_bill: { description: 'Dinner at Nopa', amount: '126.00', people: 'Alice and Bob' },
  card_for_this_purchase: { merchant: 'Whole Foods', amount: '84.20' } };

async function served(args, fn) {
  const dir = tempDir('tally-prompts-');
  const t = new TallyProcess({ db: dir.db, env: ENV, args });
  try {
    await t.initialize();
    await fn(t);
    assertOnlyProtocolLines(t, assert);
  } finally {
    await t.close();
    dir.cleanup();
  }
}

test('every toolset offers its prompts, and each names only real tools, in order', async () => {
  await served(['serve'], async (t) => {
    const init = t.messages.find((m) => m.id === 1).result;
    assert.deepEqual(init.capabilities.prompts, { listChanged: false });
    const listed = (await t.request('prompts/list')).result.prompts;
    assert.deepEqual(listed.map((p) => p.name).sort(), [...LEDGER, ...OTHERS].sort());
    const tools = new Set((await t.request('tools/list')).result.tools.map((x) => x.name));
    for (const p of listed) {
      assert.ok(p.title && p.description, p.name);
      const r = (await t.request('prompts/get', { name: p.name, arguments: ARGS[p.name] || {} })).result;
      assert.equal(r.messages.length, 1, p.name);
      assert.equal(r.messages[0].role, 'user');
      const text = r.messages[0].content.text;
      const named = [...text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)].map((m) => m[0]);
      assert.ok(named.length >= 2, `${p.name} names its tools: ${text}`);
      for (const name of named) assert.ok(tools.has(name), `${p.name} names ${name}, which is not a tool`);
      assert.match(text, /^1\. /m, `${p.name} gives the order`);
    }
    const review = (await t.request('prompts/get', { name: 'where_did_my_money_go', arguments: { period: '2026-02' } })).result;
    assert.match(review.messages[0].content.text, /ledger_spending_by \{groupBy: "category", period: "2026-02"/);
  });
});

test('a toolset that is not served offers no prompts; required arguments are enforced; period completes', async () => {
  await served(['serve', '--toolsets', 'ledger'], async (t) => {
    const listed = (await t.request('prompts/list')).result.prompts;
    assert.deepEqual(listed.map((p) => p.name), LEDGER);
    const split = listed.find((p) => p.name === 'split_a_bill');
    assert.deepEqual(split.arguments.filter((a) => a.required).map((a) => a.name), ['description', 'amount', 'people']);
    const missing = await t.request('prompts/get', { name: 'split_a_bill', arguments: { amount: '10' } });
    assert.equal(missing.error.code, -32602);
    const done = await t.request('completion/complete', {
      ref: { type: 'ref/prompt', name: 'where_did_my_money_go' }, argument: { name: 'period', value: 'last' } });
    assert.deepEqual(done.result.completion.values, ['last-month', 'last-12-months']);
  });
});
