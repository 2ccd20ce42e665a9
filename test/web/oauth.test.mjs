// `tally serve --http --oauth-issuer` against a local issuer fixture: JWKS
// served over 127.0.0.1, keys generated here, tokens signed here. A valid
// token is accepted; every forged or misdirected one is 401; a token without
// the write scope may read but gets 403 insufficient_scope for a write; an
// unmapped user gets 403 naming the value to map. No token reaches the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { generateKeyPairSync, sign, createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function issuerFixture() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    } else if (req.url === '/jwks') {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else { res.statusCode = 404; res.end(); }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server, publicKey, privateKey, issuer: `http://127.0.0.1:${server.address().port}`, fetches: () => fetches,
  })));
}

function token(fixture, claims, { alg = 'RS256', kid = 'k1', key = fixture.privateKey, tamper = false } = {}) {
  const header = b64({ alg, typ: 'at+jwt', kid });
  let payload = b64(claims);
  const input = `${header}.${payload}`;
  let signature = '';
  if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), key).toString('base64url');
  if (alg === 'HS256') signature = createHmac('sha256', key).update(input).digest('base64url');
  if (tamper) payload = b64({ ...claims, sub: 'someone-else' });
  return `${header}.${payload}.${signature}`;
}

test('OAuth resource server: valid tokens in, forged and misdirected ones out', async () => {
  const fixture = await issuerFixture();
  const dir = tempDir();
  const resource = 'https://books.example.com/mcp';
  execFileSync(TALLY, ['oauth', 'map', 'user-1', '--workspace', 'alice', '--db', dir.db], { stdio: 'ignore' });
  const server = await startHttp({ db: dir.db, args: ['--oauth-issuer', fixture.issuer, '--public-url', 'https://books.example.com', '--rate-limit', 'off'] });
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: fixture.issuer, aud: resource, sub: 'user-1', exp: now + 600, iat: now, scope: 'tally.read tally.write' };
  const listCall = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ledger_get_balances', arguments: {} } };
  const writeCall = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ledger_create_account', arguments: { name: 'Checking', type: 'asset', subtype: 'bank' } } };
  const as = (t) => ({ version: '2025-11-25', headers: { authorization: `Bearer ${t}` } });
  try {
    const meta = await fetch(`${server.base}/.well-known/oauth-protected-resource/mcp`).then((r) => r.json());
    assert.equal(meta.resource, resource);
    assert.deepEqual(meta.authorization_servers, [fixture.issuer]);

    const ok = await post(server.url, listCall, as(token(fixture, good)));
    assert.equal(ok.status, 200, ok.text);
    const wrote = await post(server.url, writeCall, as(token(fixture, good)));
    assert.equal(wrote.status, 200, wrote.text);
    assert.equal(wrote.body.result.isError, undefined, wrote.text);

    const { publicKey } = fixture;
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const forged = {
      'wrong issuer': token(fixture, { ...good, iss: 'https://evil.example.com' }),
      'wrong audience': token(fixture, { ...good, aud: 'https://other.example.com/mcp' }),
      expired: token(fixture, { ...good, exp: now - 3600 }),
      'unknown kid': token(fixture, good, { kid: 'k2' }),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(good)}.`,
      'HS256 with the public key': token(fixture, good, { alg: 'HS256', key: pem }),
      'tampered payload': token(fixture, good, { tamper: true }),
    };
    for (const [what, t] of Object.entries(forged)) {
      const res = await post(server.url, listCall, as(t));
      assert.equal(res.status, 401, `${what}: ${res.text}`);
      assert.match(res.headers.get('www-authenticate'), /invalid_token/, what);
    }

    const readOnly = token(fixture, { ...good, scope: 'tally.read' });
    assert.equal((await post(server.url, listCall, as(readOnly))).status, 200);
    const denied = await post(server.url, writeCall, as(readOnly));
    assert.equal(denied.status, 403);
    assert.match(denied.headers.get('www-authenticate'), /insufficient_scope/);

    const stranger = await post(server.url, listCall, as(token(fixture, { ...good, sub: 'user-2' })));
    assert.equal(stranger.status, 403);
    assert.match(stranger.text, /user-2/, 'the 403 names the value to map');

    assert.ok(!server.stderr.includes(token(fixture, good).split('.')[2]), 'no token in the log');
  } finally {
    await server.stop();
    fixture.server.close();
    dir.cleanup();
  }
});
