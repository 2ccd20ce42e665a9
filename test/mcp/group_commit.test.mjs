// Group commit (issue 9): write calls queued behind each other are made
// durable together, and still succeed or fail one by one. Pipelined calls over
// the real binary's pipes; the debug log says how the writes were grouped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess, tempDir } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '11', TZ: 'UTC' };
const ARGS = ['serve', '--toolsets', 'rewards', '--log-level', 'debug'];

async function addCard(t) {
  const r = await t.call('rewards_add_card', { displayName: 'Sapphire', issuer: 'Chase', rewardType: 'points' });
  assert.ok(!r.isError, r.content?.[0]?.text);
  return r.structuredContent.id ?? r.structuredContent.card?.id;
}

function groupsIn(stderr) {
  return [...stderr.matchAll(/a group of (\d+) write calls (committed with one sync|was lost)/g)]
    .map((m) => ({ size: Number(m[1]), durable: m[2].startsWith('committed') }));
}

test('pipelined writes are grouped; each still fails alone and the books add up', async () => {
  const dir = tempDir('tally-group-');
  const t = new TallyProcess({ db: dir.db, env: ENV, args: ARGS });
  try {
    await t.initialize();
    const cardId = await addCard(t);
    assert.ok(cardId, 'rewards_add_card returned no id');
    // 300 calls written at once: earns of 10, and every 7th a redeem of 1,000,000 that must fail.
    const N = 300;
    const first = t.messages.length;
    let expected = 0;
    for (let i = 0; i < N; i++) {
      const bad = i % 7 === 3;
      if (!bad) expected += 10;
      t.write({ jsonrpc: '2.0', id: 1000 + i, method: 'tools/call', params: { name: 'log_transaction',
        arguments: { cardId, type: bad ? 'redeem' : 'earn', unit: 'points', amount: bad ? 1000000 : 10, note: `n${i}` } } });
    }
    const answers = [];
    for (let i = 0; i < N; i++) answers.push(await t.response(1000 + i, 20000, first));
    answers.forEach((a, i) => {
      assert.ok(a.result, `call ${i} got a JSON-RPC error: ${JSON.stringify(a.error)}`);
      assert.equal(a.result.isError === true, i % 7 === 3, `call ${i}: ${a.result.content[0].text}`);
    });
    // Answers come in request order (one worker), so the order of the ids is the order of the calls.
    const order = t.messages.slice(first).filter((m) => m.id >= 1000).map((m) => m.id);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));

    const cards = (await t.call('list_cards', {})).structuredContent;
    const card = (cards.cards ?? cards).find((c) => c.id === cardId);
    assert.equal(card.currentPoints, expected, JSON.stringify(card));
    const listed = (await t.call('list_transactions', { cardId, limit: 500 })).structuredContent;
    const rows = listed.transactions ?? listed;
    assert.equal(rows.length, N - Math.ceil((N - 3) / 7), 'one row per successful call');

    await t.close();
    const groups = groupsIn(t.stderr);
    assert.ok(groups.some((g) => g.size > 1), `no write was grouped:\n${t.stderr.slice(-2000)}`);
    assert.ok(groups.every((g) => g.durable));
    assert.ok(groups.every((g) => g.size <= 128), 'a group is bounded');
  } finally {
    await t.close();
    dir.cleanup();
  }
});

test('a write sent alone commits alone, and reads are never grouped', async () => {
  const dir = tempDir('tally-group-');
  const t = new TallyProcess({ db: dir.db, env: ENV, args: ARGS });
  try {
    await t.initialize();
    const cardId = await addCard(t);
    for (let i = 0; i < 5; i++) {
      const r = await t.call('log_transaction', { cardId, type: 'earn', unit: 'points', amount: 5 });
      assert.ok(!r.isError);
    }
    const first = t.messages.length;
    for (let i = 0; i < 50; i++)
      t.write({ jsonrpc: '2.0', id: 5000 + i, method: 'tools/call', params: { name: 'list_cards', arguments: {} } });
    for (let i = 0; i < 50; i++) assert.ok((await t.response(5000 + i, 10000, first)).result);
    await t.close();
    assert.deepEqual(groupsIn(t.stderr), []);
  } finally {
    await t.close();
    dir.cleanup();
  }
});

test('every acknowledged write survives the process being killed right after', async () => {
  const dir = tempDir('tally-group-');
  let cardId;
  const t = new TallyProcess({ db: dir.db, env: ENV, args: ARGS });
  try {
    await t.initialize();
    cardId = await addCard(t);
    const first = t.messages.length;
    for (let i = 0; i < 200; i++)
      t.write({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'log_transaction',
        arguments: { cardId, type: 'earn', unit: 'points', amount: 1 } } });
    await t.response(299, 20000, first);
    t.child.kill('SIGKILL');
    await t.exited;
  } finally {
    await t.close();
  }
  const u = new TallyProcess({ db: dir.db, env: { ...ENV, TALLY_SEED: '12' }, args: ARGS });
  try {
    await u.initialize();
    const cards = (await u.call('list_cards', {})).structuredContent;
    const card = (cards.cards ?? cards).find((c) => c.id === cardId);
    assert.equal(card.currentPoints, 200);
  } finally {
    await u.close();
    dir.cleanup();
  }
});
