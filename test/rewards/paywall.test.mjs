// The trial paywall (seed 001, Errors): after the trial ends with no active
// subscription, write tools and recommendations answer "Trial ended. Please
// choose a plan to continue." and change nothing; read tools keep working and
// get_catalog_card is never gated. Billing is set from the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, ok, fails, cli, tempDir } from './helpers.mjs';

const TRIAL_ENDED = 'Trial ended. Please choose a plan to continue.';

test('an expired trial blocks writes and recommendations, not reads', async () => {
  let { t, dir } = await start();
  try {
    const card = await ok(t, 'rewards_add_card', { cardKey: 'amex-gold', openingBalance: 500 });
    const perk = (await ok(t, 'rewards_add_perk', { cardId: card.id, name: 'Dining credit', value: 10, deadline: '2026-03-31' })).perks[0];
    await t.close();

    const set = cli(dir.db, ['rewards', 'billing', '--status', 'trialing', '--trial-end', '2026-03-01']);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), {
      status: 'expired', plan: 'local', trialEnd: '2026-03-01T00:00:00.000Z', currentPeriodEnd: null,
      cancelAtPeriodEnd: false, writesAllowed: false,
    });

    ({ t } = await start({ dir }));
    const reads = {};
    for (const [name, args] of [['list_cards', {}], ['list_perks', { scope: 'all' }], ['list_offers', {}],
      ['list_transactions', {}], ['get_billing_status', {}], ['get_catalog_card', { cardKey: 'amex-gold' }]])
      reads[name] = await ok(t, name, args);
    assert.equal(reads.get_billing_status.status, 'expired');
    assert.equal(reads.list_cards.cards[0].currentPoints, 500);

    const writes = [
      ['log_transaction', { cardId: card.id, type: 'earn', unit: 'points', amount: 5 }],
      ['mark_perk_used', { perkId: perk.id }],
      ['recommend_card_for_merchant', { merchant: 'Starbucks' }],
      ['rewards_add_card', { cardKey: 'citi-double-cash' }],
      ['rewards_add_perk', { cardId: card.id, name: 'x', value: 1, deadline: '2026-12-31' }],
      ['rewards_add_offer', { cardId: card.id, merchant: 'x', percentBack: 1 }],
    ];
    for (const [name, args] of writes) assert.equal(await fails(t, name, args), TRIAL_ENDED, name);
    // Nothing changed.
    for (const [name, args] of [['list_cards', {}], ['list_perks', { scope: 'all' }], ['list_offers', {}], ['list_transactions', {}]])
      assert.deepEqual(await ok(t, name, args), reads[name], name);

    // Choosing a plan lifts the paywall (the billing tool itself is never gated).
    const active = await ok(t, 'rewards_set_billing', { status: 'active', plan: 'pro', trialEnd: null });
    assert.deepEqual(active, { status: 'active', plan: 'pro', trialEnd: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, writesAllowed: true });
    assert.equal((await ok(t, 'log_transaction', writes[0][1])).card.currentPoints, 505);

    // A trial that has not ended yet allows writes; an explicit expired status blocks them.
    assert.equal((await ok(t, 'rewards_set_billing', { status: 'trialing', trialEnd: '2026-04-01T00:00:00Z' })).status, 'trialing');
    await ok(t, 'mark_perk_used', { perkId: perk.id });
    await ok(t, 'rewards_set_billing', { status: 'expired' });
    assert.equal(await fails(t, 'log_transaction', writes[0][1]), TRIAL_ENDED);
    // A subscription set to cancel ends with its period.
    await ok(t, 'rewards_set_billing', { status: 'active', cancelAtPeriodEnd: true, currentPeriodEnd: '2026-03-10' });
    assert.equal((await ok(t, 'get_billing_status')).status, 'expired');
    assert.equal(await fails(t, 'recommend_card_for_merchant', { merchant: 'x' }), TRIAL_ENDED);
    await ok(t, 'rewards_set_billing', { status: 'past_due', cancelAtPeriodEnd: false });
    assert.equal((await ok(t, 'recommend_card_for_merchant', { merchant: 'x' })).count, 1);
    assert.equal(await fails(t, 'rewards_set_billing', { status: 'active', trialEnd: 'soon' }),
      'trialEnd: "soon" is not a date (YYYY-MM-DD) or ISO 8601 date-time');
  } finally { await t.close(); dir.cleanup(); }
});

test('tool errors are isError results; protocol errors stay JSON-RPC errors', async () => {
  const { t, dir } = await start();
  try {
    const r = await t.call('log_transaction', { cardId: 'crd_x', type: 'earn', unit: 'points', amount: 1 });
    assert.deepEqual(r.content, [{ type: 'text', text: 'Card not found.' }]);
    assert.equal(r.isError, true);
    const unknownMethod = await t.request('rewards/list', {});
    assert.equal(unknownMethod.error.code, -32601);
    const unknownTool = await t.request('tools/call', { name: 'list_cardz', arguments: {} });
    assert.ok(unknownTool.error || unknownTool.result?.isError, 'an unknown tool must fail');
  } finally { await t.close(); dir.cleanup(); }
});

test('the CLI shows the local default billing state', () => {
  const dir = tempDir('tally-rewards-');
  try {
    const shown = cli(dir.db, ['rewards', 'billing']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).status, 'active');
    const bad = cli(dir.db, ['rewards', 'billing', '--plan', 'pro']);
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'tally rewards billing: status: is required\n');
    const flag = cli(dir.db, ['rewards', 'billing', '--status', 'active', '--cancel-at-period-end', 'maybe']);
    assert.equal(flag.status, 2);
    assert.equal(flag.stderr, 'tally rewards billing: --cancel-at-period-end must be true or false (got maybe)\n');
  } finally { dir.cleanup(); }
});
