// list_transactions pages with the seed's `before` cursor: under a fixed
// clock (TALLY_NOW) every row is written in the same millisecond, and paging
// must still return each row exactly once, newest first (domain.md §4 test 10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, ok } from './helpers.mjs';

test('120 reward rows paged 7 at a time appear once each, newest first', async () => {
  const { t, dir } = await start();
  try {
    const a = await ok(t, 'rewards_add_card', { cardKey: 'chase-sapphire-preferred' });
    const b = await ok(t, 'rewards_add_card', { cardKey: 'capital-one-savor' });
    const written = [];
    for (let i = 1; i <= 120; i++) {
      const card = i % 3 === 0 ? b : a;
      const args = card === a ? { cardId: a.id, type: 'earn', unit: 'points', amount: i }
                              : { cardId: b.id, type: 'earn', unit: 'cashback', amount: `${i}.00` };
      written.push((await ok(t, 'log_transaction', args)).transaction.id);
    }
    const seen = [];
    const stamps = [];
    let before;
    for (let pages = 0; pages < 100; pages++) {
      const page = await ok(t, 'list_transactions', { limit: 7, ...(before ? { before } : {}) });
      seen.push(...page.transactions.map((x) => x.id));
      stamps.push(...page.transactions.map((x) => x.createdAt));
      if (!page.truncated) { assert.equal(page.nextCursor, undefined); break; }
      assert.equal(page.count, 7);
      assert.equal(page.nextCursor, page.transactions.at(-1).createdAt);
      before = page.nextCursor;
    }
    assert.equal(seen.length, 120);
    assert.equal(new Set(seen).size, 120);
    assert.deepEqual(seen, [...written].reverse());
    for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i - 1] > stamps[i], `not newest first at ${i}`);
    assert.equal(stamps.at(-1), '2026-03-15T12:00:00.000000Z');
    assert.equal(stamps[0], '2026-03-15T12:00:00.000119Z');

    // Filters page the same way: the 40 cashback rows of card b, 9 at a time.
    const onB = [];
    before = undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await ok(t, 'list_transactions', { cardId: b.id, unit: 'cashback', type: 'earn', limit: 9, ...(before ? { before } : {}) });
      assert.ok(page.transactions.every((x) => x.cardId === b.id && x.unit === 'cashback'));
      onB.push(...page.transactions.map((x) => x.id));
      if (!page.truncated) break;
      before = page.nextCursor;
    }
    assert.equal(onB.length, 40);
    assert.equal(new Set(onB).size, 40);

    // `before` also takes any ISO date-time: everything is older than tomorrow, nothing older than today.
    assert.equal((await ok(t, 'list_transactions', { before: '2026-03-16T00:00:00Z', limit: 500 })).count, 120);
    assert.equal((await ok(t, 'list_transactions', { before: '2026-03-15T12:00:00Z' })).count, 0);
    assert.equal((await ok(t, 'list_transactions', { before: '2026-03-15T12:00:00.000001Z' })).count, 1);
    assert.equal((await ok(t, 'list_transactions', { type: 'redeem' })).count, 0);
    const first = await ok(t, 'list_transactions', {});
    assert.deepEqual([first.count, first.truncated], [50, true]);  // limit defaults to 50
  } finally { await t.close(); dir.cleanup(); }
});
