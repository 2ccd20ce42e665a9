// `tally serve --http --oauth-proxy` in front of a Cognito-like issuer
// (cognito_issuer.mjs, seed 000): Tally publishes itself as the authorization
// server, redirects /oauth2/authorize and forwards /oauth2/token to the issuer
// with `resource` removed, so a client that always sends `resource` (as MCP
// clients do) signs in, and the token it gets works on /mcp. No code or token
// reaches Tally's log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';
import { startCognitoIssuer } from './cognito_issuer.mjs';

const CLIENT = 'tally-public-client';
const REDIRECT = 'http://localhost:33418/oauth/callback';
const form = (o) => new URLSearchParams(o).toString();

test('--oauth-proxy: a client that sends resource signs in through Tally and its token works', async () => {
  const fx = await startCognitoIssuer({ clientId: CLIENT, redirectUri: REDIRECT });
  const dir = tempDir();
  execFileSync(TALLY, ['oauth', 'map', 'acme', '--workspace', 'acme', '--db', dir.db], { stdio: 'ignore' });
  const server = await startHttp({ db: dir.db, args: ['--oauth-issuer', fx.issuer, '--oauth-client-id', CLIENT,
    '--workspace-claim', 'cognito:groups', '--oauth-proxy', '--rate-limit', 'off'] });
  try {
    // 1. Discovery: the resource names Tally as its authorization server, and Tally's metadata
    //    points at its own endpoints while keeping the issuer's keys.
    const challenge401 = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    assert.equal(challenge401.status, 401);
    assert.match(challenge401.headers.get('www-authenticate'), /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
    const prm = await fetch(`${server.base}/.well-known/oauth-protected-resource/mcp`).then((r) => r.json());
    assert.deepEqual(prm.authorization_servers, [server.base]);
    const meta = await fetch(`${server.base}/.well-known/oauth-authorization-server`).then((r) => r.json());
    assert.equal(meta.issuer, server.base);
    assert.equal(meta.authorization_endpoint, `${server.base}/oauth2/authorize`);
    assert.equal(meta.token_endpoint, `${server.base}/oauth2/token`);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.equal(meta.jwks_uri, `${fx.issuer}/.well-known/jwks.json`);

    // 2. Authorize: Tally redirects to the issuer with everything but resource.
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = { response_type: 'code', client_id: CLIENT, redirect_uri: REDIRECT, code_challenge: challenge,
      code_challenge_method: 'S256', state: 'st4te', scope: 'openid tally.read tally.write', resource: `${server.base}/mcp` };
    const hop = await fetch(`${server.base}/oauth2/authorize?${form(query)}`, { redirect: 'manual' });
    assert.equal(hop.status, 302);
    assert.equal(hop.headers.get('cache-control'), 'no-store');
    const upstream = new URL(hop.headers.get('location'));
    assert.equal(`${upstream.origin}${upstream.pathname}`, `${fx.origin}/oauth2/authorize`);
    assert.equal(upstream.searchParams.has('resource'), false);
    const { resource, ...kept } = query;
    assert.deepEqual(Object.fromEntries(upstream.searchParams), kept);
    const back = await fetch(upstream, { redirect: 'manual' });  // the "browser" at the issuer
    assert.equal(back.status, 302);
    const callback = new URL(back.headers.get('location'));
    assert.equal(callback.searchParams.get('state'), 'st4te');
    const code = callback.searchParams.get('code');

    // 3. Token: forwarded without resource; the issuer's answer comes back as it is.
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT,
      code_verifier: verifier, resource: `${server.base}/mcp` };
    const res = await fetch(`${server.base}/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(exchange) });
    const tokens = await res.json();
    assert.equal(res.status, 200, JSON.stringify(tokens));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(fx.seen.resourceParams, 0, 'the issuer never saw resource');

    // 4. The access token works on /mcp, in the workspace its group maps to.
    const auth = { version: '2025-11-25', headers: { authorization: `Bearer ${tokens.access_token}` } };
    const created = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/call',
      params: { name: 'ledger_create_account', arguments: { name: 'Proxy Checking', type: 'asset', subtype: 'bank' } } }, auth);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.result.isError, undefined, created.text);
    const listed = execFileSync(TALLY, ['call', 'ledger_get_balances', '{}', '--db', dir.db, '--workspace', 'acme']).toString();
    assert.match(listed, /Proxy Checking/);

    // 5. Refresh passes through; the issuer's refusals pass through with their status.
    const refreshed = await fetch(`${server.base}/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: CLIENT, resource: `${server.base}/mcp` }) });
    assert.equal(refreshed.status, 200);
    const reused = await fetch(`${server.base}/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(exchange) });
    assert.equal(reused.status, 400);
    assert.equal((await reused.json()).error, 'invalid_grant');
    assert.equal(fx.seen.resourceParams, 0);

    // 6. Wrong method and wrong body type are refused without reaching the issuer.
    const before = fx.seen.token.length;
    assert.equal((await fetch(`${server.base}/oauth2/token`)).status, 405);
    const asJson = await fetch(`${server.base}/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(exchange) });
    assert.equal(asJson.status, 400);
    assert.equal((await asJson.json()).error, 'invalid_request');
    assert.equal(fx.seen.token.length, before);

    for (const secret of [code, verifier, ...fx.issued]) assert.ok(!server.stderr.includes(secret), 'a secret reached the log');
  } finally {
    await server.stop();
    await fx.close();
    dir.cleanup?.();
  }
});

test('--oauth-proxy: an unreachable issuer is a 502 with a reason, and Tally keeps serving', async () => {
  const fx = await startCognitoIssuer({ clientId: CLIENT, redirectUri: REDIRECT });
  const issuer = fx.issuer;
  await fx.close();  // nothing listens there now
  const dir = tempDir();
  const server = await startHttp({ db: dir.db, args: ['--oauth-issuer', issuer, '--oauth-client-id', CLIENT, '--oauth-proxy'] });
  try {
    const res = await fetch(`${server.base}/.well-known/oauth-authorization-server`);
    assert.equal(res.status, 502);
    const body = await res.json();
    assert.equal(body.error, 'temporarily_unavailable');
    assert.match(body.error_description, /could not be reached/);
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  } finally {
    await server.stop();
    dir.cleanup?.();
  }
});

test('without --oauth-proxy Tally is no authorization server; --oauth-proxy needs --oauth-issuer', async () => {
  const dir = tempDir();
  const server = await startHttp({ db: dir.db });
  try {
    assert.equal((await fetch(`${server.base}/.well-known/oauth-authorization-server`)).status, 404);
    assert.equal((await fetch(`${server.base}/oauth2/token`, { method: 'POST' })).status, 404);
  } finally {
    await server.stop();
  }
  const refused = spawnSync(TALLY, ['serve', '--http', '127.0.0.1:0', '--db', dir.db, '--oauth-proxy'], { timeout: 10000 });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr.toString(), /--oauth-proxy needs --oauth-issuer/);
  dir.cleanup?.();
});
