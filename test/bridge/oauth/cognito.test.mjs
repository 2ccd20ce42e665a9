// tally-bridge against a Cognito-like authorization server (cognito-fixture.mjs): the
// documented flags sign in; without --disable-resource-parameter the bridge notices the
// rejected `resource`, signs in once more without it and remembers that; without
// --assume-pkce-s256 it refuses up front and says which flag to add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startCognitoLike } from './cognito-fixture.mjs';
import { browserVisits, freePort, initializeParams, rawBridge, scratch, startBridge, withTimeout } from './fixtures.mjs';

const CALL = { timeout: 20000 };

function assertNoSecrets(text, fixture, where) {
  for (const secret of fixture.issued) assert.ok(!text.includes(secret), `${where} contains an issued secret`);
}

function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(p, ...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test('documented Cognito flags: one browser visit, no resource anywhere, ID token as bearer', async () => {
  const port = await freePort();
  const fx = await startCognitoLike({ callbackPort: port });
  const s = scratch();
  let bridge;
  try {
    bridge = await startBridge({
      url: fx.url,
      args: [String(port), '--static-oauth-client-info', JSON.stringify({ client_id: fx.clientId }),
        '--disable-resource-parameter', '--assume-pkce-s256', '--use-id-token'],
      env: { TALLY_BRIDGE_DIR: s.state, FAKE_BROWSER_LOG: s.browserLog },
    });
    const result = await withTimeout(bridge.client.callTool({ name: 'whoami', arguments: {} }, undefined, CALL), 25000, 'tools/call');
    assert.match(result.content[0].text, /^subject user-/);
    assert.equal(browserVisits(s.browserLog, '/oauth2/authorize').length, 1);
    assert.equal(fx.seen.resourceParams, 0);
    assert.deepEqual(fx.seen.authorize[0].scopes, ['openid', 'email']);
    assertNoSecrets(bridge.stderr(), fx, 'bridge stderr');
    // Token files: folder 0700, files 0600.
    assert.equal(statSync(s.state).mode & 0o777, 0o700);
    for (const p of filesUnder(s.state)) {
      const mode = statSync(p).mode & 0o777;
      if (statSync(p).isDirectory()) assert.equal(mode, 0o700, p);
      else if (p.endsWith('.json')) assert.equal(mode, 0o600, p);
    }
  } finally {
    await bridge?.close();
    await fx.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('without --disable-resource-parameter: one extra browser trip, then remembered for the issuer', async () => {
  const port = await freePort();
  const fx = await startCognitoLike({ callbackPort: port });
  const s = scratch();
  const args = [String(port), '--static-oauth-client-info', JSON.stringify({ client_id: fx.clientId }),
    '--assume-pkce-s256', '--use-id-token'];
  const env = { TALLY_BRIDGE_DIR: s.state, FAKE_BROWSER_LOG: s.browserLog };
  let bridge;
  try {
    bridge = await startBridge({ url: fx.url, args, env });
    const result = await withTimeout(bridge.client.callTool({ name: 'whoami', arguments: {} }, undefined, CALL), 25000, 'tools/call');
    assert.match(result.content[0].text, /^subject user-/);
    assert.equal(browserVisits(s.browserLog, '/oauth2/authorize').length, 2, 'exactly one extra trip');
    assert.equal(fx.seen.authorize[0].resource, fx.url);
    assert.equal(fx.seen.authorize[1].resource, undefined);
    assert.match(bridge.stderr(), /rejected the RFC 8707 resource parameter \(.*invalid_grant/);
    assert.match(bridge.stderr(), /remembered: no resource parameter for /);
    assertNoSecrets(bridge.stderr(), fx, 'bridge stderr');
    await bridge.close();
    bridge = undefined;

    // Signed out, a new bridge signs in again without `resource`: one trip.
    rmSync(s.browserLog, { force: true });
    for (const e of readdirSync(s.state)) if (e.length === 32) rmSync(join(s.state, e), { recursive: true });
    rmSync(join(s.state, 'servers'), { recursive: true, force: true });
    const before = fx.seen.authorize.length;
    bridge = await startBridge({ url: fx.url, args, env });
    await withTimeout(bridge.client.callTool({ name: 'whoami', arguments: {} }, undefined, CALL), 25000, 'tools/call');
    assert.equal(browserVisits(s.browserLog, '/oauth2/authorize').length, 1);
    assert.equal(fx.seen.authorize.length, before + 1);
    assert.equal(fx.seen.authorize.at(-1).resource, undefined);
  } finally {
    await bridge?.close();
    await fx.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('without --assume-pkce-s256 the bridge refuses before opening a browser, naming the flag', async () => {
  const port = await freePort();
  const fx = await startCognitoLike({ callbackPort: port });
  const s = scratch();
  let bridge;
  try {
    bridge = await startBridge({
      url: fx.url,
      args: [String(port), '--static-oauth-client-info', JSON.stringify({ client_id: fx.clientId }),
        '--disable-resource-parameter', '--use-id-token'],
      env: { TALLY_BRIDGE_DIR: s.state, FAKE_BROWSER_LOG: s.browserLog },
    }).catch((e) => ({ error: e }));
    const err = bridge.error;
    assert.ok(err, 'initialize should fail with a JSON-RPC error');
    assert.match(String(err.message), /code_challenge_methods_supported.*--assume-pkce-s256/);
    assert.equal(browserVisits(s.browserLog).length, 0);
    assert.equal(fx.seen.authorize.length, 0);
  } finally {
    if (!bridge?.error) await bridge?.close();
    await fx.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('a token the server rejects right after sign-in ends it: errors with the next step, no second tab', async () => {
  const port = await freePort();
  const fx = await startCognitoLike({ callbackPort: port });
  const s = scratch();
  // No --use-id-token: the bridge sends the access token, which this server refuses.
  const bridge = rawBridge({
    url: fx.url,
    args: [String(port), '--static-oauth-client-info', JSON.stringify({ client_id: fx.clientId }),
      '--disable-resource-parameter', '--assume-pkce-s256'],
    env: { TALLY_BRIDGE_DIR: s.state, FAKE_BROWSER_LOG: s.browserLog },
  });
  try {
    const first = await bridge.request('initialize', initializeParams, 25000);
    assert.ok(first.error, 'initialize should fail');
    assert.match(first.error.message, /401.*tally-bridge login/s);
    // The host tries again and again. The relay retries each request once and does not
    // report that retry's 401, so the bridge may spend one refresh finding out; after that
    // every attempt fails at once with the reason, and no browser tab ever opens again.
    let last;
    for (let i = 0; i < 3; i++) {
      last = await bridge.request('initialize', initializeParams, 10000);
      assert.ok(last.error);
      assert.match(last.error.message, /tally-bridge login/);
    }
    assert.match(last.error.message, /rejected the token .* just issued.*--use-id-token.*tally-bridge login/s);
    assert.ok(fx.seen.token.filter((t) => t.grant === 'refresh_token').length <= 1, 'at most one refresh');
    assert.equal(browserVisits(s.browserLog, '/oauth2/authorize').length, 1);
    assertNoSecrets(bridge.stderr(), fx, 'bridge stderr');
  } finally {
    await bridge.close();
    await fx.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});
