// An authorization server that behaves like Amazon Cognito where --oauth-proxy
// cares (seed 000): only <issuer>/.well-known/openid-configuration exists, the
// issuer has a path (the user pool), one pre-registered client with an exact
// redirect URI, PKCE S256, and RFC 8707 `resource` refused: an authorize that
// carried it yields a code whose exchange fails with invalid_grant, and so does
// any token request carrying it. Access tokens are Cognito-shaped JWTs
// (client_id, token_use=access, cognito:groups, no aud) signed with a key made here.
import http from 'node:http';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export async function startCognitoIssuer({ clientId, redirectUri, groups = ['acme'], scope = 'tally.read tally.write' }) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'pool-key', alg: 'RS256', use: 'sig' };
  const pool = '/eu-west-2_TallyPool';
  const seen = { authorize: [], token: [], resourceParams: 0 };
  const codes = new Map();
  const issued = [];
  let origin = '';
  const issuer = () => `${origin}${pool}`;

  function accessToken() {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer(), client_id: clientId, token_use: 'access', scope, sub: 'user-1',
      'cognito:groups': groups, iat: now, exp: now + 3600 };
    const input = `${b64({ alg: 'RS256', kid: 'pool-key' })}.${b64(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }
  function tokens() {
    const t = { access_token: accessToken(), id_token: 'id-' + randomBytes(12).toString('hex'),
      refresh_token: 'refresh-' + randomBytes(12).toString('hex'), token_type: 'Bearer', expires_in: 3600 };
    issued.push(t.access_token, t.id_token, t.refresh_token);
    return t;
  }
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, origin);
    if (req.method === 'GET' && url.pathname === `${pool}/.well-known/openid-configuration`) {
      return json(res, 200, {
        issuer: issuer(), authorization_endpoint: `${origin}/oauth2/authorize`, token_endpoint: `${origin}/oauth2/token`,
        jwks_uri: `${issuer()}/.well-known/jwks.json`, response_types_supported: ['code', 'token'],
        scopes_supported: ['openid', 'email', 'tally.read', 'tally.write'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (req.method === 'GET' && url.pathname === `${pool}/.well-known/jwks.json`) return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const q = url.searchParams;
      seen.authorize.push(Object.fromEntries(q));
      if (q.has('resource')) seen.resourceParams++;
      if (q.get('client_id') !== clientId || q.get('redirect_uri') !== redirectUri) {
        res.writeHead(400); return res.end('redirect_mismatch');
      }
      const code = randomBytes(16).toString('hex');
      issued.push(code);
      codes.set(code, { challenge: q.get('code_challenge'), tainted: q.has('resource') });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (q.get('state')) target.searchParams.set('state', q.get('state'));
      res.writeHead(302, { location: target.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const f = new URLSearchParams(body);
        seen.token.push({ grant: f.get('grant_type'), resource: f.get('resource'), contentType: req.headers['content-type'] });
        if (f.has('resource')) { seen.resourceParams++; return json(res, 400, { error: 'invalid_grant' }); }
        if (f.get('grant_type') === 'refresh_token') {
          return issued.includes(f.get('refresh_token')) ? json(res, 200, tokens()) : json(res, 400, { error: 'invalid_grant' });
        }
        const entry = codes.get(f.get('code'));
        codes.delete(f.get('code'));  // single use, even when the exchange fails
        const verifier = f.get('code_verifier') ?? '';
        if (!entry || entry.tainted || createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) {
          return json(res, 400, { error: 'invalid_grant' });
        }
        return json(res, 200, tokens());
      });
      return undefined;
    }
    res.writeHead(404); return res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { issuer: issuer(), origin, seen, issued, close: () => new Promise((r) => server.close(r)) };
}
