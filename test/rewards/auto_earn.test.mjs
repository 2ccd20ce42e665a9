// Rewards from real spending (issue 21 item 5): rewards_link_card ties a card
// to a credit-card account of the ledger; each expense posted there earns on
// the card in the same transaction, a void takes it back, and rewards_missed
// compares what was earned with the best card in the wallet. Also dryRun on the
// writes that post (item 4): the ledger's files stay byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TALLY, assertDoctorClean, ledgerFingerprint, tempDir, withServe } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const serve = (db, fn, args = ['serve']) => withServe({ db, env: ENV, args }, fn);

const fingerprint = ledgerFingerprint;
const doctor = (db) => assertDoctorClean(db, ENV);

/** Accounts and categories of a small ledger; the cards are added by each test. */
async function books(ok) {
  const acc = {};
  acc.bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  acc.amex = (await ok('ledger_create_account', { name: 'Amex Gold', type: 'liability', subtype: 'credit_card' })).id;
  acc.visa = (await ok('ledger_create_account', { name: 'Visa', type: 'liability', subtype: 'credit_card' })).id;
  for (const name of ['Dining', 'Groceries', 'Shopping', 'Coffee']) await ok('ledger_create_category', { name, kind: 'expense' });
  return acc;
}

async function spend(ok, accountId, categoryName, expenseAmount, extra = {}) {
  const d = await ok('extrack_create_transaction_draft', {
    type: 'expense', title: `${categoryName} ${expenseAmount}`, date: '2026-03-10', accountId, expenseAmount, categoryName, ...extra });
  return (await ok('extrack_post_transaction_draft', { draftId: d.id })).transactionId;
}

// The rule of src/rewards/auto_earn.h, written again from the postings: the
// charge to the linked account, split over the expense postings in order; the
// rest earns in the largest expense's category; points rounded down per category.
const DEFAULT = { Dining: 'dining', Groceries: 'grocery', Shopping: 'retail' };
function recompute(transactions, accountId, rates, map = {}) {
  let total = 0;
  for (const t of transactions) {
    if (t.reversesTransactionId || t.voidedByTransactionId) continue;
    const charge = t.postings.find((p) => p.accountId === accountId && p.amount.amountMinor < 0);
    if (!charge) continue;
    const expenses = t.postings.filter((p) => p.accountName.startsWith('Expenses:') && p.amount.amountMinor > 0)
      .map((p) => ({ category: p.accountName.slice('Expenses:'.length), amount: p.amount.amountMinor }));
    if (!expenses.length) continue;
    const byReward = {};
    const reward = (c) => map[c] ?? DEFAULT[c] ?? 'other';
    let left = -charge.amount.amountMinor;
    for (const e of expenses) {
      const take = Math.min(left, e.amount);
      byReward[reward(e.category)] = (byReward[reward(e.category)] ?? 0) + take;
      left -= take;
    }
    const largest = expenses.reduce((a, b) => (b.amount > a.amount ? b : a)).category;
    if (left > 0) byReward[reward(largest)] = (byReward[reward(largest)] ?? 0) + left;
    for (const [category, minor] of Object.entries(byReward)) total += Math.floor((minor * (rates[category] ?? rates.other)) / 10000);
  }
  return total;
}

test('link and unlink refuse what cannot earn, with a clear error and nothing written', async () => {
  const dir = tempDir('tally-earn-');
  try {
    let otherAccount;
    await serve(dir.db, async ({ ok }) => {
      otherAccount = (await ok('ledger_create_account', { name: 'Their card', type: 'liability', subtype: 'credit_card' })).id;
    }, ['serve', '--workspace', 'other']);
    await serve(dir.db, async ({ ok, fail }) => {
      const acc = await books(ok);
      const eur = (await ok('ledger_create_account', { name: 'Euro card', type: 'liability', subtype: 'credit_card', currency: 'EUR' })).id;
      const card = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
      const before = fingerprint(dir.db);
      assert.equal(await fail('rewards_link_card', { cardId: 'crd_nope', accountId: acc.amex }), 'Card not found.');
      assert.equal(await fail('rewards_link_card', { cardId: card, accountId: acc.bank }),
        `accountId: account "Checking" (${acc.bank}) is not a credit-card account (it is asset, bank); link a liability account of subtype credit_card.`);
      assert.equal(await fail('rewards_link_card', { cardId: card, accountId: eur }),
        `accountId: account "Euro card" (${eur}) is in EUR but the card earns in USD; link an account in USD.`);
      assert.equal(await fail('rewards_link_card', { cardId: card, accountId: otherAccount }),
        `Account not found: accountId "${otherAccount}"`);
      assert.match(await fail('rewards_link_card', { cardId: card, accountId: acc.amex, categoryMap: { Dinning: 'dining' } }),
        /^Category not found: categoryMap "Dinning" matches no expense category \(expense categories: .*"Dining"/);
      assert.equal(await fail('rewards_unlink_card', { cardId: card }), `Card ${card} is not linked to an account.`);
      assert.deepEqual(await ok('rewards_list_links'), { count: 0, links: [] });
      assert.equal(fingerprint(dir.db), before, 'refused links write nothing');

      const linked = (await ok('rewards_link_card', { cardId: card, accountId: acc.amex, categoryMap: { coffee: 'dining' } })).link;
      assert.deepEqual([linked.cardId, linked.accountId, linked.account, linked.categoryMap, linked.autoEarned],
        [card, acc.amex, 'Amex Gold', { Coffee: 'dining' }, 0]);
      assert.equal(await fail('rewards_link_card', { cardId: card, accountId: acc.visa }),
        `Card ${card} is already linked to account ${acc.amex}; unlink it first (rewards_unlink_card).`);
      const second = (await ok('rewards_add_card', { cardKey: 'citi-double-cash' })).id;
      assert.equal(await fail('rewards_link_card', { cardId: second, accountId: acc.amex }),
        `accountId: account "Amex Gold" (${acc.amex}) is already linked to card ${card}.`);
      assert.deepEqual(await ok('rewards_unlink_card', { cardId: card }), { cardId: card, accountId: acc.amex });
      const tx = await spend(ok, acc.amex, 'Dining', '50.00');
      assert.ok(tx);
      assert.equal((await ok('list_cards')).cards.find((c) => c.id === card).currentPoints, 0, 'unlinked: no earn');
    });
    doctor(dir.db);
  } finally {
    dir.cleanup();
  }
});

test('auto-earned points equal a recomputation from the postings, also after voids; served without the rewards tools', async () => {
  const dir = tempDir('tally-earn-');
  try {
    let acc, gold, cash;
    await serve(dir.db, async ({ ok }) => {
      acc = await books(ok);
      gold = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
      cash = (await ok('rewards_add_card', { cardKey: 'citi-double-cash' })).id;
      await ok('rewards_link_card', { cardId: gold, accountId: acc.amex, categoryMap: { Coffee: 'dining' } });
      await ok('rewards_link_card', { cardId: cash, accountId: acc.visa });
    });
    // Only the ledger's tools are served: the card still earns.
    const voided = [];
    await serve(dir.db, async ({ ok }) => {
      const alice = (await ok('ledger_create_person', { name: 'Alice' })).id;
      await spend(ok, acc.amex, 'Dining', '50.00');
      await spend(ok, acc.amex, 'Groceries', '30.10');
      await spend(ok, acc.amex, 'Shopping', '100.00');
      await spend(ok, acc.amex, 'Coffee', '4.75');
      await spend(ok, acc.amex, 'Dining', '90.00', { splits: [{ personId: alice, amount: '30.00' }] });
      voided.push(await spend(ok, acc.amex, 'Dining', '20.00'));
      await spend(ok, acc.visa, 'Groceries', '33.33');
      voided.push(await spend(ok, acc.visa, 'Shopping', '10.00'));
      await spend(ok, acc.bank, 'Dining', '70.00');  // not a linked account
      for (const id of voided) await ok('ledger_void_transaction', { transactionId: id });
    }, ['serve', '--toolsets', 'ledger']);
    await serve(dir.db, async ({ ok }) => {
      const txns = (await ok('ledger_list_transactions', { limit: 500 })).transactions;
      const cards = Object.fromEntries((await ok('list_cards')).cards.map((c) => [c.id, c]));
      // 200 + 120 + 100 + 19 (coffee as dining) + 360 (the whole split bill) = 799
      const goldPoints = recompute(txns, acc.amex, { dining: 400, grocery: 400, travel: 300, other: 100 }, { Coffee: 'dining' });
      assert.equal(goldPoints, 799);
      assert.equal(cards[gold].currentPoints, goldPoints);
      const cashCents = recompute(txns, acc.visa, { other: 200 });
      assert.equal(cashCents, 66);
      assert.equal(cards[cash].currentCashBack, 0.66);
      const links = (await ok('rewards_list_links')).links;
      const g = links.find((l) => l.cardId === gold);
      assert.deepEqual([g.autoEarned, g.reversed, g.unrecovered], [879, 80, 0]);
      const rows = (await ok('list_transactions', { cardId: gold, limit: 500 })).transactions;
      assert.equal(rows.filter((r) => r.type === 'earn').length, 6);
      assert.match(rows.find((r) => r.type === 'redeem').note, new RegExp(`^auto-earn reversed: ${voided[0]} voided by txn_`));
    });
    doctor(dir.db);
  } finally {
    dir.cleanup();
  }
});

test('a void after the points were redeemed takes back what is left and reports the rest; the paywall stops earning', async () => {
  const dir = tempDir('tally-earn-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const acc = await books(ok);
      const gold = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
      await ok('rewards_link_card', { cardId: gold, accountId: acc.amex });
      const dinner = await spend(ok, acc.amex, 'Dining', '50.00');  // 200 points
      await ok('log_transaction', { cardId: gold, type: 'redeem', unit: 'points', amount: 180 });
      await ok('ledger_void_transaction', { transactionId: dinner });
      let link = (await ok('rewards_list_links')).links[0];
      assert.deepEqual([link.autoEarned, link.reversed, link.unrecovered], [200, 20, 180]);
      assert.equal((await ok('list_cards')).cards[0].currentPoints, 0);

      // Trial ended: the posting goes through and earns nothing; linking is refused.
      await ok('rewards_set_billing', { status: 'expired' });
      const late = await spend(ok, acc.amex, 'Dining', '25.00');
      assert.equal((await ok('list_cards')).cards[0].currentPoints, 0);
      assert.equal(await fail('rewards_add_card', { cardKey: 'citi-double-cash' }), 'Trial ended. Please choose a plan to continue.');
      assert.equal(await fail('rewards_link_card', { cardId: gold, accountId: acc.visa }), 'Trial ended. Please choose a plan to continue.');
      await ok('rewards_set_billing', { status: 'active' });
      const paid = await spend(ok, acc.amex, 'Dining', '25.00');  // 100 points
      // Voids reverse what was earned, whatever the billing state; the unpaid one earned nothing.
      await ok('rewards_set_billing', { status: 'expired' });
      await ok('ledger_void_transaction', { transactionId: late });
      await ok('ledger_void_transaction', { transactionId: paid });
      link = (await ok('rewards_list_links')).links[0];
      assert.deepEqual([link.autoEarned, link.reversed, link.unrecovered], [300, 120, 180]);
    });
    doctor(dir.db);
  } finally {
    dir.cleanup();
  }
});

test('rewards_missed: what each category earned against the best card, on a hand-checked ledger', async () => {
  const dir = tempDir('tally-earn-');
  try {
    await serve(dir.db, async ({ ok }) => {
      const acc = await books(ok);
      const gold = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
      const cash = (await ok('rewards_add_card', { cardKey: 'citi-double-cash' })).id;
      await ok('rewards_link_card', { cardId: gold, accountId: acc.amex });
      await spend(ok, acc.amex, 'Dining', '50.00');     // 200 points = $2.00; 2% = $1.00
      await spend(ok, acc.amex, 'Groceries', '30.10');  // 120 points = $1.20; 2% = $0.60
      await spend(ok, acc.amex, 'Shopping', '100.00');  // 100 points = $1.00; 2% = $2.00
      const gone = await spend(ok, acc.amex, 'Dining', '20.00');
      await ok('ledger_void_transaction', { transactionId: gone });
      const m = (amountMinor) => ({ amountMinor, amount: (amountMinor / 100).toFixed(2), currency: 'USD' });
      const goldEarn = (points) => ({ cardId: gold, card: 'Gold Card', rewardType: 'points', points, value: m(points) });
      const r = await ok('rewards_missed', { startDate: '2026-03-01', endDate: '2026-03-31' });
      assert.deepEqual(r.categories, [
        { category: 'dining', currency: 'USD', spend: m(5000), earned: [goldEarn(200)], earnedValue: m(200), best: goldEarn(200), missed: m(0) },
        { category: 'grocery', currency: 'USD', spend: m(3010), earned: [goldEarn(120)], earnedValue: m(120), best: goldEarn(120), missed: m(0) },
        { category: 'retail', currency: 'USD', spend: m(10000), earned: [goldEarn(100)], earnedValue: m(100),
          best: { cardId: cash, card: 'Double Cash', rewardType: 'cashback', points: null, value: m(200) }, missed: m(100) },
      ]);
      assert.deepEqual(r.totals, [{ currency: 'USD', spend: m(18010), earnedValue: m(420), bestValue: m(520), missed: m(100) }]);
      assert.deepEqual((await ok('rewards_missed', { period: '2026-02' })).categories, []);
    });
  } finally {
    dir.cleanup();
  }
});

test('dryRun on the void, the invoicing writes and the payout: the postings, and the files stay byte-identical', async () => {
  const dir = tempDir('tally-earn-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const acc = await books(ok);
      const gold = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
      await ok('rewards_link_card', { cardId: gold, accountId: acc.amex });
      const dinner = await spend(ok, acc.amex, 'Dining', '50.00');
      await ok('invoicing_update_business', { name: 'Blue Fig Catering' });
      const customer = (await ok('invoicing_create_customer', { name: 'Acme' })).id;
      const before = fingerprint(dir.db);

      const v = await ok('ledger_void_transaction', { transactionId: dinner, dryRun: true });
      assert.equal(v.dryRun, true);
      const byAccount = (postings) => Object.fromEntries(postings.map((p) => [p.account, p.amount.amountMinor]));
      assert.deepEqual(byAccount(v.postings), { 'Amex Gold': 5000, 'Expenses:Dining': -5000 });
      assert.equal(v.postings.find((p) => p.account === 'Amex Gold').accountId, acc.amex);
      assert.equal(v.voidedTransactionId, dinner);
      assert.deepEqual(v.lentChanges, []);

      const e = await ok('invoicing_record_expense', { vendor: 'Staples', amount: '12.34', category: 'Shopping', paidFrom: 'credit_card', dryRun: true });
      assert.equal(e.dryRun, true);
      assert.deepEqual(byAccount(e.postings), { 'Expenses:Shopping': 1234, 'Credit Card': -1234 });
      assert.equal(e.postings.find((p) => p.account === 'Credit Card').accountId, null, 'Credit Card would be created');

      const inv = await ok('invoicing_create_invoice', { customerId: customer, lines: [{ itemName: 'Work', rate: '100.00', quantity: '2' }], send: true, dryRun: true });
      assert.equal(inv.dryRun, true);
      assert.equal(inv.postings.reduce((s, p) => s + p.amount.amountMinor, 0), 0);
      assert.ok(inv.postings.length >= 2);
      assert.equal(fingerprint(dir.db), before, 'dry runs wrote nothing');
      // The earn is written in the posting's transaction, so a dry-run post keeps neither.
      const draft = await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Lunch', date: '2026-03-11', accountId: acc.amex, expenseAmount: '15.00', categoryName: 'Dining' });
      const afterDraft = fingerprint(dir.db);
      const p = await ok('extrack_post_transaction_draft', { draftId: draft.id, dryRun: true });
      assert.deepEqual(byAccount(p.postings), { 'Amex Gold': -1500, 'Expenses:Dining': 1500 });
      assert.equal(fingerprint(dir.db), afterDraft);
      assert.equal((await ok('list_cards')).cards[0].currentPoints, 200);
      await ok('extrack_delete_transaction_draft', { draftId: draft.id });
      // A payment and the voids of a payment and an expense, after the real writes they need.
      const sent = await ok('invoicing_create_invoice', { customerId: customer, lines: [{ itemName: 'Work', rate: '100.00', quantity: '1' }], send: true });
      const payment = (await ok('invoicing_record_payment', { invoiceId: sent.id, amount: '40.00' })).payment;
      const expense = await ok('invoicing_record_expense', { vendor: 'Staples', amount: '12.34', category: 'Shopping' });
      const real = fingerprint(dir.db);
      const pay = await ok('invoicing_record_payment', { invoiceId: sent.id, amount: '60.00', dryRun: true });
      assert.deepEqual(byAccount(pay.postings), { Checking: 6000, 'Accounts Receivable': -6000 });
      const vp = await ok('invoicing_void_payment', { paymentId: payment.id, dryRun: true });
      assert.deepEqual(byAccount(vp.postings), { Checking: -4000, 'Accounts Receivable': 4000 });
      const ve = await ok('invoicing_void_expense', { expenseId: expense.id, dryRun: true });
      assert.deepEqual(byAccount(ve.postings), { Checking: 1234, 'Expenses:Shopping': -1234 });
      assert.equal(fingerprint(dir.db), real, 'dry runs wrote nothing');
      // A refused write is an error, dry run or not.
      assert.match(await fail('ledger_void_transaction', { transactionId: 'txn_nope', dryRun: true }), /Transaction not found/);
      assert.equal((await ok('list_cards')).cards[0].currentPoints, 200, 'the earn was not reversed');
      // The real void still works after the dry run.
      await ok('ledger_void_transaction', { transactionId: dinner });
      assert.equal((await ok('list_cards')).cards[0].currentPoints, 0);
    });
    doctor(dir.db);
  } finally {
    dir.cleanup();
  }
});

test('the CLI links, lists and compares like the tools', async () => {
  const dir = tempDir('tally-earn-');
  const run = (args) => spawnSync(TALLY, ['rewards', ...args, '--db', dir.db], { env: { ...process.env, ...ENV }, encoding: 'utf8', timeout: 20000 });
  try {
    let acc, gold;
    await serve(dir.db, async ({ ok }) => {
      acc = await books(ok);
      gold = (await ok('rewards_add_card', { cardKey: 'amex-gold' })).id;
    });
    const linked = run(['link-card', gold, acc.amex]);
    assert.equal(linked.status, 0, linked.stderr);
    assert.equal(JSON.parse(linked.stdout).link.accountId, acc.amex);
    const refused = run(['link-card', gold, acc.bank]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /is not a credit-card account/);
    await serve(dir.db, async ({ ok }) => { await spend(ok, acc.amex, 'Shopping', '100.00'); });
    const links = run(['links']);
    assert.equal(JSON.parse(links.stdout).links[0].autoEarned, 100);
    const missed = JSON.parse(run(['missed', '--period', '2026-03']).stdout);
    assert.deepEqual(missed.totals.map((t) => t.missed.amountMinor), [0], 'the only card is the best card');
    assert.equal(run(['unlink-card', gold]).status, 0);
    assert.equal(JSON.parse(run(['links']).stdout).count, 0);
  } finally {
    dir.cleanup();
  }
});
