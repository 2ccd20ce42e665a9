// domain.md §4 test 9: the postback secret is shown once, signatures are checked
// against the current secret, and get_offer_config is byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { world, ok, err, cli, cliOk, sign, postbackUrl } from './support.mjs';

test('get_offer_config is byte-identical, and postbackSecretSet goes false → true', async () => {
  const w = await world();
  try {
    const { t } = w;
    const offer = await ok(t, 'create_offer', {
      name: 'Trial', destinationUrl: 'https://acme.test/trial', payoutType: 'fixed', payout: '4.5',
      allowedPostbackIps: ['203.0.113.5'], geoTargeting: ['us', 'DE'], deviceTargeting: ['mobile'],
    });
    assert.equal(offer.postbackSecretSet, false);
    const first = await t.call('get_offer_config', { offerId: offer.offerId });
    const second = await t.call('get_offer_config', { offerId: offer.offerId });
    assert.equal(first.content[0].text, second.content[0].text);
    const config = first.structuredContent;
    assert.equal(config.postbackUrl,
      `http://127.0.0.1:8765/api/postback/acme/${offer.offerId}?click_id={CLICK_ID}&txn_id={TXN_ID}&amount={AMOUNT}&event={EVENT_TYPE}`);
    assert.deepEqual(config.payout, { type: 'fixed', amount: { amountMinor: 450, amount: '4.50', currency: 'USD' } });
    assert.deepEqual(config.targeting, { geo: ['DE', 'US'], devices: ['mobile'] });
    assert.deepEqual(config.allowedPostbackIps, ['203.0.113.5']);
    assert.deepEqual(config.caps, { daily: null, weekly: null, monthly: null });
    assert.equal(config.postbackUrlTemplate, null);
    assert.deepEqual(Object.keys(JSON.parse(first.content[0].text)), Object.keys(config).sort());

    await ok(t, 'rotate_offer_postback_secret', { offerId: offer.offerId });
    const after = await t.call('get_offer_config', { offerId: offer.offerId });
    assert.equal(after.structuredContent.postbackSecretSet, true);
    assert.equal(after.content[0].text, (await t.call('get_offer_config', { offerId: offer.offerId })).content[0].text);
  } finally {
    await w.close();
  }
});

test('the secret appears only in the rotate reply; old signatures then fail', async () => {
  const w = await world({ serveArgs: ['--log-level', 'trace'] });
  try {
    const { t, offer } = w;
    const clickId = w.click();
    const old = w.secret;
    assert.equal(w.postback({ click_id: clickId, txn_id: 'OLD-1' }).status, 0, 'the first secret works');

    const linesBefore = t.lines.length;
    const rotated = await ok(t, 'rotate_offer_postback_secret', { offerId: offer.offerId });
    const secret = rotated.postbackSecret;
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.notEqual(secret, old);
    assert.equal(rotated.postbackSecretSet, true);
    const rotateLine = t.lines.slice(linesBefore).filter((l) => l.includes(secret));
    assert.equal(rotateLine.length, 1, 'the reply carries it once');
    const afterRotate = t.lines.length;

    // The old secret now fails, signed or sent in the URL; nothing is recorded.
    const stale = w.postback({ click_id: clickId, txn_id: 'OLD-2' }, { key: old });
    assert.equal(stale.status, 1);
    assert.equal(stale.stderr, "tally affiliate postback: postback refused: the signature does not match the offer's current secret\n");
    const plainOld = cli(w.db, ['affiliate', 'postback', postbackUrl('acme', offer.offerId, { click_id: clickId, txn_id: 'OLD-3', secret: old })]);
    assert.equal(plainOld.stderr, "tally affiliate postback: postback refused: the secret does not match the offer's current secret\n");
    const unsigned = cli(w.db, ['affiliate', 'postback', postbackUrl('acme', offer.offerId, { click_id: clickId, txn_id: 'OLD-4' })]);
    assert.match(unsigned.stderr, /postback refused: unsigned/);
    // A signature over other parameters fails too (the amount was changed after signing).
    const signed = sign(postbackUrl('acme', offer.offerId, { click_id: clickId, txn_id: 'OLD-5', amount: '1.00' }), secret);
    const tampered = cli(w.db, ['affiliate', 'postback', signed.replace('amount=1.00', 'amount=900.00')]);
    assert.match(tampered.stderr, /signature does not match/);

    // The new one works, signed (any parameter order) or as secret=.
    const fresh = w.postback({ click_id: clickId, txn_id: 'NEW-1' }, { key: secret });
    assert.equal(fresh.status, 0, fresh.stderr);
    const bySecret = cli(w.db, ['affiliate', 'postback',
      postbackUrl('acme', offer.offerId, { secret, amount: '3.00', txn_id: 'NEW-2', click_id: clickId })]);
    assert.equal(bySecret.status, 0, bySecret.stderr);
    assert.equal(bySecret.json.conversion.sale.amount, '3.00');
    assert.equal((await ok(t, 'get_conversions', {})).count, 3, 'OLD-1, NEW-1 and NEW-2 only');

    // Every later output: tool results, the audit log, an export, CLI errors, the server's stderr.
    const outputs = [];
    for (const [name, args] of [
      ['get_offer_config', { offerId: offer.offerId }], ['get_conversions', {}], ['get_fraud_settings', {}],
      ['get_offer_stats', {}], ['list_pending_conversions', {}], ['update_offer', { offerId: offer.offerId, name: 'Shoes 2' }],
    ]) outputs.push((await t.call(name, args)).content[0].text);
    const audit = cliOk(w.db, ['affiliate', 'audit']);
    const rotations = audit.filter((r) => r.tool === 'rotate_offer_postback_secret');
    assert.equal(rotations.length, 2);
    assert.deepEqual(rotations[1].after, { postbackSecretSet: true, secretRotated: true });
    const exported = cli(w.db, ['affiliate', 'export']);
    assert.equal(exported.status, 0);
    assert.equal(exported.json.offers[0].postbackSecretSet, true);
    const haystack = [
      ...t.lines.slice(afterRotate), ...outputs, JSON.stringify(audit), exported.stdout, stale.stderr, plainOld.stderr,
      tampered.stderr, fresh.stdout, bySecret.stdout, t.stderr,
    ].join('\n');
    for (const s of [secret, old]) assert.equal(haystack.includes(s), false, 'a secret leaked into a later output');
    // The raw audit table never holds it; tr_offer keeps the current one (the verifier needs the key).
    const db = new DatabaseSync(w.db, { readOnly: true });
    const rawAudit = JSON.stringify(db.prepare('SELECT * FROM tr_audit_event').all());
    assert.ok(rawAudit.includes('rotate_offer_postback_secret'));
    for (const s of [secret, old]) assert.equal(rawAudit.includes(s), false);
    assert.equal(db.prepare('SELECT postback_secret FROM tr_offer WHERE id = ?').get(offer.offerId).postback_secret, secret);
    db.close();
  } finally {
    await w.close();
  }
});

test('postbacks from an address outside allowedPostbackIps are refused', async () => {
  const w = await world();
  try {
    const { t, offer } = w;
    await ok(t, 'update_offer', { offerId: offer.offerId, allowedPostbackIps: ['203.0.113.5', '2001:db8::1'] });
    const clickId = w.click();
    const wrong = w.postback({ click_id: clickId }, { extra: ['--ip', '198.51.100.7'] });
    assert.equal(wrong.stderr, "tally affiliate postback: postback refused: IP 198.51.100.7 is not one of the offer's allowed postback IPs\n");
    const none = w.postback({ click_id: clickId });
    assert.match(none.stderr, /accepts postbacks only from its allowed IPs/);
    const right = w.postback({ click_id: clickId }, { extra: ['--ip', '203.0.113.5'] });
    assert.equal(right.status, 0, right.stderr);
    assert.equal(await err(t, 'update_offer', { offerId: offer.offerId, allowedPostbackIps: ['localhost'] }),
      'allowedPostbackIps: "localhost" is not an IPv4 or IPv6 address');
  } finally {
    await w.close();
  }
});

test('an offer without a secret refuses postbacks until one is rotated', async () => {
  const w = await world();
  try {
    const offer = await ok(w.t, 'create_offer', { name: 'New', destinationUrl: 'http://acme.test/', payoutType: 'fixed', payout: 1 });
    const clickId = w.click(w.a, { offerId: offer.offerId });
    const r = w.postback({ click_id: clickId }, { offerId: offer.offerId, key: 'anything' });
    assert.equal(r.stderr,
      'tally affiliate postback: postback refused: the offer has no postback secret yet (rotate_offer_postback_secret makes one)\n');
  } finally {
    await w.close();
  }
});
