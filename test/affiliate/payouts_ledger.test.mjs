// Paid payouts reach the books (issue 17): mark_payout_paid with fromAccountId
// (or the brand's default payout account) posts Expenses:Affiliate commissions
// against the paying account in the same transaction as the cascade;
// unpay_payout posts the reversal and turns the conversions back to approved;
// the ledger's own void refuses and names the remedy; a foreign-currency account
// is refused with nothing written; `tally doctor` stays clean throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliOk, err, ok, world } from './support.mjs';

const balance = async (t, accountId) =>
  (await ok(t, 'ledger_get_balances', { accountIds: [accountId] })).accounts[0].balance.amountMinor;

test('payouts post to the ledger, unpay reverses them, doctor stays clean', async () => {
  const w = await world();
  const { t } = w;
  try {
    const checking = (await ok(t, 'ledger_create_account', { name: 'Business Checking', type: 'asset', subtype: 'bank' })).id;
    const euros = (await ok(t, 'ledger_create_account', { name: 'Euro Account', type: 'asset', subtype: 'bank', currency: 'EUR' })).id;
    for (const params of [{ amount: '200.00' }, { amount: '50.00' }]) {
      const c = w.convert(w.a, params);
      await ok(t, 'approve_conversion', { conversionId: c.conversionId });
    }
    const payout = cliOk(w.db, ['affiliate', 'payouts', 'generate', '--partner', w.a.partnerId, '--through', '2026-03-15']);
    assert.equal(payout.amount.amountMinor, 2500);  // 10% of 250.00

    // Another currency: refused, nothing written.
    assert.match(await err(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', fromAccountId: euros }),
      /is in EUR and the brand pays in USD; pay from an account in USD \(move money into one first with a transfer across currencies/);
    assert.match(await err(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', fromAccountId: 'acc_nosuch' }),
      /Account not found/);
    assert.equal(await balance(t, checking), 0);

    // A dry run answers the postings and keeps nothing (issue 21).
    const dry = await ok(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', fromAccountId: checking, dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.postings.map((p) => [p.account, p.amount.amountMinor]).sort(),
      [['Business Checking', -2500], ['Expenses:Affiliate commissions', 2500]]);
    assert.equal(await balance(t, checking), 0);
    assert.equal((await ok(t, 'get_conversions', { status: 'approved' })).conversions.length, 2);

    const paid = await ok(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'wire', fromAccountId: checking });
    assert.equal(paid.status, 'paid');
    assert.match(paid.ledgerTransactionId, /^txn_/);
    assert.equal(paid.conversionsPaidNow, 2);
    assert.equal(await balance(t, checking), -2500);
    const listed = await ok(t, 'ledger_list_transactions', {});
    const txn = listed.transactions.find((x) => x.id === paid.ledgerTransactionId);
    assert.ok(txn, 'the payment is in the ledger');
    assert.equal(txn.source, 'affiliate');
    assert.match(JSON.stringify(txn), /Expenses:Affiliate commissions/);
    assert.equal(cli(w.db, ['doctor']).status, 0);

    // The ledger's void names the remedy; unpay_payout is it.
    assert.match(await err(t, 'ledger_void_transaction', { transactionId: paid.ledgerTransactionId, reason: 'oops' }),
      /posted by the affiliate toolset.*unpay_payout/);
    const undone = await ok(t, 'unpay_payout', { payoutId: payout.payoutId, reason: 'bounced' });
    assert.equal(undone.status, 'pending');
    assert.equal(undone.conversionsUnpaid, 2);
    assert.match(undone.reversalTransactionId, /^txn_/);
    assert.equal(await balance(t, checking), 0);
    assert.equal((await ok(t, 'get_conversions', { status: 'approved' })).conversions.length, 2);
    assert.match(await err(t, 'unpay_payout', { payoutId: payout.payoutId }), /is not paid/);
    assert.equal(cli(w.db, ['doctor']).status, 0);

    // The brand's default payout account pays when the call names none.
    const refused = cli(w.db, ['affiliate', 'brand', 'set', '--payout-account', euros]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /is in EUR/);
    assert.equal(cliOk(w.db, ['affiliate', 'brand', 'set', '--payout-account', checking]).payoutAccountId, checking);
    const again = await ok(t, 'mark_payout_paid', { payoutId: payout.payoutId, method: 'ach' });
    assert.match(again.ledgerTransactionId, /^txn_/);
    assert.notEqual(again.ledgerTransactionId, paid.ledgerTransactionId);
    assert.equal(await balance(t, checking), -2500);
    const doctor = cli(w.db, ['doctor']);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally {
    await w.close();
  }
});
