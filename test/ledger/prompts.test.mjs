// The prompts menu through the real binary (issue 19): each served toolset
// offers its prompts, every tool a prompt names is a real tool, required
// arguments are enforced, the period argument completes, and read-only callers
// get no prompt that leads to write tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TALLY, TallyProcess, tempDir, assertOnlyProtocolLines } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';

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

// Read-only callers (`serve --read-only`, a read-only key) are offered no prompt
// whose text leads to write tools: split_a_bill is neither listed nor served
// (a clear error says why), and the budget check and fraud review come in a
// text that names only the tools that caller has.
async function assertReadOnlyPrompts(rpc, who) {
  const listed = (await rpc('prompts/list')).result.prompts.map((p) => p.name);
  assert.deepEqual(listed.sort(), [...LEDGER, ...OTHERS].filter((n) => n !== 'split_a_bill').sort(), who);
  const tools = new Set((await rpc('tools/list')).result.tools.map((x) => x.name));
  for (const name of listed) {
    const r = (await rpc('prompts/get', { name, arguments: ARGS[name] || {} })).result;
    const text = r.messages[0].content.text;
    for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g))
      assert.ok(tools.has(m[0]), `${who}: ${name} names ${m[0]}, which this caller does not have`);
  }
  const split = await rpc('prompts/get', { name: 'split_a_bill', arguments: ARGS.split_a_bill });
  assert.equal(split.error.code, -32602, who);
  assert.match(split.error.message, /^Prompt split_a_bill leads to tools that change the books, and this (server|key) is read-only/);
  const done = await rpc('completion/complete', {
    ref: { type: 'ref/prompt', name: 'split_a_bill' }, argument: { name: 'people', value: 'A' } });
  assert.equal(done.error.code, -32602, who);
}

test('serve --read-only offers no prompt that leads to write tools', async () => {
  await served(['serve', '--read-only'], async (t) => {
    await assertReadOnlyPrompts((method, params) => t.request(method, params), 'serve --read-only');
    const budget = (await t.request('prompts/get', { name: 'budget_check' })).result.messages[0].content.text;
    assert.match(budget, /If there are no budgets, say so\./);
  });
  await served(['serve'], async (t) => {  // the same prompts, writable: the full texts
    const budget = (await t.request('prompts/get', { name: 'budget_check' })).result.messages[0].content.text;
    assert.match(budget, /ledger_set_budget/);
    const split = (await t.request('prompts/get', { name: 'split_a_bill', arguments: ARGS.split_a_bill })).result;
    assert.match(split.messages[0].content.text, /extrack_post_transaction_draft/);
  });
});

test('a read-only key over HTTP is offered no prompt that leads to write tools; a writing key is', async () => {
  const dir = tempDir('tally-prompts-http-');
  // Each key from its own id stream (a fixed TALLY_SEED would give both the same id).
  const run = (args) => execFileSync(TALLY, [...args, '--db', dir.db], { encoding: 'utf8', env: { ...process.env, TALLY_SEED: '' } }).trim();
  const writer = run(['keys', 'create', '--name', 'writer', '--workspace', 'personal']);
  const viewer = run(['keys', 'create', '--name', 'viewer', '--workspace', 'personal', '--read-only']);
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'], env: ENV });
  try {
    let id = 0;
    const rpc = (key) => async (method, params) =>
      (await post(server.url, { jsonrpc: '2.0', id: ++id, method, ...(params ? { params } : {}) },
        { version: '2025-11-25', headers: { authorization: `Bearer ${key}` } })).body;
    await assertReadOnlyPrompts(rpc(viewer), 'read-only key');
    const all = (await rpc(writer)('prompts/list')).result.prompts.map((p) => p.name);
    assert.ok(all.includes('split_a_bill'), 'a writing key is offered split_a_bill');
  } finally {
    await server.stop();
    dir.cleanup();
  }
});
