// Data for the rewards examples in docs/rewards.md: a small wallet entered the
// way a user would (rewards_add_* tools), on the examples' fixed clock and seed.
function check(result, what) {
  if (result.isError) throw new Error(`${what} failed: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

export async function setup(t) {
  const add = async (name, args) => check(await t.call(name, args), `${name} ${JSON.stringify(args)}`);
  const csp = await add('rewards_add_card', {
    cardKey: 'chase-sapphire-preferred', openingBalance: 84210,
    signupBonus: { spendRequired: '4000', currentSpend: '4200', bonusAmount: 75000, applied: true },
  });
  const gold = await add('rewards_add_card', { cardKey: 'amex-gold', openingBalance: 12500 });
  await add('rewards_add_card', { cardKey: 'citi-double-cash', openingBalance: '37.42' });
  await add('rewards_add_perk', { cardId: gold.id, name: 'Uber Cash', value: '10.00', deadline: '2026-03-31', frequency: 'monthly', count: 3 });
  await add('rewards_add_perk', { cardId: csp.id, name: 'DoorDash credit', value: '10.00', deadline: '2026-12-31', frequency: 'once' });
  await add('rewards_add_offer', { cardId: gold.id, merchant: 'Starbucks', category: 'dining', percentBack: '10', maxReward: '5.00', expiresOn: '2026-04-30' });
  await add('rewards_add_offer', { cardId: csp.id, merchant: 'Café Nero', category: 'dining', fixedReward: '3.00', minSpend: '15.00' });
  await add('log_transaction', { cardId: gold.id, type: 'earn', unit: 'points', amount: 320, note: 'Dinner at Nopa' });
}
