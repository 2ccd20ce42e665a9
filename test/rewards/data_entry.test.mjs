// Local data entry (what the hosted web app does): rewards_add_card by hand,
// the `tally rewards` CLI, `--read-only` hiding every write, and `tally doctor`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, ok, fails, cli, tempDir } from './helpers.mjs';

const WRITES = ['log_transaction', 'mark_perk_used', 'rewards_add_card', 'rewards_add_perk', 'rewards_add_offer', 'rewards_set_billing'];

test('rewards_add_card by hand, with catalog overrides, and its errors', async () => {
  const { t, dir } = await start();
  try {
    const hand = await ok(t, 'rewards_add_card', {
      displayName: 'Local Credit Union Visa', issuer: 'Local CU', rewardType: 'points', pointValueCents: '0.8',
      annualFee: '0', earnRates: { grocery: 2, other: 1 }, openingBalance: '2500',
    });
    assert.deepEqual({ ...hand, id: undefined }, {
      id: undefined, cardKey: null, displayName: 'Local Credit Union Visa', issuer: 'Local CU', rewardType: 'points',
      currentPoints: 2500, currentCashBack: 0, currency: 'USD', pointValueCents: 0.8, annualFee: 0,
      earnRates: { grocery: 2, other: 1 }, signupBonus: null,
    });
    const opening = (await ok(t, 'list_transactions', { cardId: hand.id })).transactions;
    assert.deepEqual(opening.map((x) => [x.type, x.amount, x.note]), [['earn', 2500, 'Opening balance']]);

    const custom = await ok(t, 'rewards_add_card', { cardKey: 'CHASE-FREEDOM-FLEX', displayName: 'Flex (mine)', earnRates: { gas: 5 }, openingBalance: 3.1 });
    assert.equal(custom.cardKey, 'chase-freedom-flex');
    assert.equal(custom.displayName, 'Flex (mine)');
    assert.deepEqual(custom.earnRates, { dining: 3, gas: 5, other: 1 });
    assert.equal(custom.currentCashBack, 3.1);
    const bonus = await ok(t, 'rewards_add_card', { cardKey: 'capital-one-savor', signupBonus: { spendRequired: 500, bonusAmount: 200 } });
    assert.deepEqual(bonus.signupBonus, { spendRequired: 500, currentSpend: 0, bonusAmount: 200, bonusUnit: 'cashback', completed: false, applied: false });

    assert.equal(await fails(t, 'rewards_add_card', { displayName: 'X', issuer: 'Y' }), 'rewardType: is required when cardKey is not given');
    assert.equal(await fails(t, 'rewards_add_card', { cardKey: 'nope-card-x' }), "No catalog card has the key 'nope-card-x'. Call get_catalog_card without cardKey to list every key.");
    assert.equal(await fails(t, 'rewards_add_card', { cardKey: 'amex-gold', openingBalance: 10.5 }), 'openingBalance: points are whole numbers (got 10.5)');
    assert.equal(await fails(t, 'rewards_add_card', { cardKey: 'citi-double-cash', pointValueCents: 2 }),
      "pointValueCents: a cashback card's rewards are worth their face value; omit it");
    assert.equal(await fails(t, 'rewards_add_card', { cardKey: 'amex-gold', currency: 'XYZ' }), 'currency: XYZ is not an ISO 4217 currency code (for example USD)');
    assert.equal(await fails(t, 'rewards_add_perk', { cardId: hand.id, name: 'x', value: 1, deadline: '2026-02-30' }),
      'deadline: "2026-02-30" is not a real calendar date (expected YYYY-MM-DD)');
    assert.equal(await fails(t, 'rewards_add_perk', { cardId: hand.id, name: 'x', value: 1, deadline: '2026-02-28', count: 2 }),
      'count: a perk with frequency "once" happens once; choose monthly, quarterly, semiannual or annual to add 2');
    assert.equal(await fails(t, 'rewards_add_offer', { cardId: hand.id, merchant: 'x' }), 'Give either percentBack or fixedReward (exactly one).');
    assert.equal(await fails(t, 'rewards_add_offer', { cardId: hand.id, merchant: 'x', percentBack: 101 }), 'percentBack: must be more than 0 and at most 100 (got 101)');
    assert.equal(await fails(t, 'rewards_add_offer', { cardId: hand.id, merchant: 'x', fixedReward: 5, maxReward: 5 }), 'maxReward: only percent offers have a cap');
    assert.equal((await ok(t, 'list_cards')).count, 3);
  } finally { await t.close(); dir.cleanup(); }
});

test('--read-only hides and refuses every write tool; reads stay', async () => {
  const { t, dir } = await start({ args: ['serve', '--read-only'] });
  try {
    const names = (await t.request('tools/list', {})).result.tools.map((x) => x.name);
    for (const name of WRITES) assert.ok(!names.includes(name), `${name} listed under --read-only`);
    for (const name of ['list_cards', 'list_perks', 'list_offers', 'list_transactions', 'get_billing_status', 'get_catalog_card', 'recommend_card_for_merchant'])
      assert.ok(names.includes(name), name);
    const r = await t.request('tools/call', { name: 'rewards_add_card', arguments: { cardKey: 'amex-gold' } });
    assert.ok(r.error || r.result?.isError, 'a hidden write must not run');
    assert.equal((await ok(t, 'list_cards')).count, 0);
  } finally { await t.close(); dir.cleanup(); }
});

test('the tally rewards CLI adds cards, perks and offers through the same tools', () => {
  const dir = tempDir('tally-rewards-');
  try {
    const catalog = cli(dir.db, ['rewards', 'catalog', 'amex-gold']);
    assert.equal(catalog.status, 0, catalog.stderr);
    assert.equal(JSON.parse(catalog.stdout).cards[0].annualFee, 325);
    const card = cli(dir.db, ['rewards', 'add-card', 'amex-gold', '--balance', '1200']);
    assert.equal(card.status, 0, card.stderr);
    const id = JSON.parse(card.stdout).id;
    const perk = cli(dir.db, ['rewards', 'add-perk', id, 'Uber Cash', '10.00', '2026-03-31', '--frequency', 'monthly', '--count', '3']);
    assert.equal(perk.status, 0, perk.stderr);
    assert.deepEqual(JSON.parse(perk.stdout).perks.map((p) => p.deadline), ['2026-03-31', '2026-04-30', '2026-05-31']);
    const offer = cli(dir.db, ['rewards', 'add-offer', id, 'Shake Shack', '--percent', '20', '--max-reward', '8', '--category', 'dining', '--expires', '2026-12-31']);
    assert.equal(offer.status, 0, offer.stderr);
    assert.equal(JSON.parse(offer.stdout).description, '20% back at Shake Shack, up to $8.00');
    const bad = cli(dir.db, ['rewards', 'add-offer', id, 'Nowhere']);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'tally rewards add-offer: Give either percentBack or fixedReward (exactly one).\n');
    const cards = cli(dir.db, ['call', 'list_cards']);
    assert.equal(JSON.parse(cards.stdout).cards[0].currentPoints, 1200);
    const doctor = cli(dir.db, ['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /^ok: every invariant holds/);
  } finally { dir.cleanup(); }
});
