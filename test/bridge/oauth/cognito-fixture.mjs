// An authorization server that behaves like Amazon Cognito where it matters to a client,
// built on the TypeScript SDK's server auth handlers:
//  - the issuer has a path (/us-east-1_TallyPool) and only
//    <issuer>/.well-known/openid-configuration exists (no RFC 8414 document);
//  - the metadata omits code_challenge_methods_supported (S256 works anyway);
//  - no dynamic registration: one pre-registered public client;
//  - the redirect URI must match exactly, and only http://localhost is allowed over http;
//  - RFC 8707 `resource` is not supported: an authorize that carried it yields a code whose
//    exchange fails with invalid_grant (the code is spent), and any token request carrying
//    it fails the same way (seed 000's "Cognito invalid_grant");
//  - a scope is required; the ID token is what the resource server accepts (AgentCore style).
// The MCP server in front (fixtures.mjs mcpApp) lists this issuer in its PRM.
import { randomBytes } from 'node:crypto';
import express from 'express';
import { authorizationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import { tokenHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/token.js';
import { InvalidGrantError, InvalidScopeError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { listen, mcpApp } from './fixtures.mjs';

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

export async function startCognitoLike({ callbackPort, clientId = 'tally-public-client' }) {
  const pool = '/us-east-1_TallyPool';
  const redirect = `http://localhost:${callbackPort}/oauth/callback`;
  const seen = { authorize: [], token: [], resourceParams: 0, codesIssued: 0 };
  const codes = new Map();
  const idTokens = new Map();
  const issued = [];  // every secret handed out, so tests can prove none is logged
  let issuer = '';

  const client = { client_id: clientId, redirect_uris: [redirect], token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
  const provider = {
    clientsStore: { getClient: async (id) => (id === clientId ? client : undefined) },
    async authorize(c, params, res) {
      seen.authorize.push({ scopes: params.scopes, resource: params.resource?.href });
      if (params.redirectUri !== redirect) {  // Cognito: exact match, no loopback port leeway
        res.status(400).send('redirect_mismatch');
        return;
      }
      if (!params.scopes?.length) throw new InvalidScopeError('a scope is required');
      if (params.resource) seen.resourceParams++;
      const code = randomBytes(16).toString('hex');
      seen.codesIssued++;
      issued.push(code);
      codes.set(code, { challenge: params.codeChallenge, tainted: !!params.resource, scopes: params.scopes });
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state) target.searchParams.set('state', params.state);
      res.redirect(302, target.href);
    },
    async challengeForAuthorizationCode(c, code) {
      const entry = codes.get(code);
      if (!entry) throw new InvalidGrantError('unknown code');
      return entry.challenge;
    },
    async exchangeAuthorizationCode(c, code, verifier, redirectUri, resource) {
      const entry = codes.get(code);
      codes.delete(code);  // single use, even when the exchange fails
      seen.token.push({ grant: 'authorization_code', resource: resource?.href });
      if (resource) seen.resourceParams++;
      if (!entry || entry.tainted || resource) throw new InvalidGrantError('invalid_grant');
      return mint(entry.scopes);
    },
    async exchangeRefreshToken(c, refresh, scopes, resource) {
      seen.token.push({ grant: 'refresh_token', resource: resource?.href });
      if (resource) throw new InvalidGrantError('invalid_grant');
      return mint(['openid']);
    },
    async verifyAccessToken() {
      throw new InvalidTokenError('not used');
    },
  };
  function mint(scopes) {
    const now = Math.floor(Date.now() / 1000);
    const sub = 'user-' + randomBytes(4).toString('hex');
    const idToken = `${b64({ alg: 'RS256', kid: 'fixture' })}.${b64({ sub, iss: issuer, aud: clientId, token_use: 'id', iat: now, exp: now + 3600 })}.${randomBytes(32).toString('base64url')}`;
    const access = 'cognito-access-' + randomBytes(16).toString('hex');
    const refresh = 'cognito-refresh-' + randomBytes(16).toString('hex');
    idTokens.set(idToken, sub);
    issued.push(idToken, access, refresh);
    return { access_token: access, id_token: idToken, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') };
  }

  const as = express();
  as.get(`${pool}/.well-known/openid-configuration`, (req, res) => res.json({
    issuer,
    authorization_endpoint: `${origin(asServer)}/oauth2/authorize`,
    token_endpoint: `${origin(asServer)}/oauth2/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  }));
  as.use('/oauth2/authorize', authorizationHandler({ provider, rateLimit: false }));
  as.use('/oauth2/token', tokenHandler({ provider, rateLimit: false }));
  const asServer = await listen(as);
  issuer = `${asServer.url}${pool}`;

  const { app, setOrigin } = mcpApp({
    verify: async (token) => {
      const sub = idTokens.get(token);
      if (!sub) throw new InvalidTokenError('this server takes Cognito ID tokens');
      return { token, clientId, scopes: ['openid'], expiresAt: Math.floor(Date.now() / 1000) + 3600, extra: { subject: sub } };
    },
    prm: (o) => ({ resource: `${o}/mcp`, authorization_servers: [issuer], scopes_supported: ['openid', 'email'] }),
  });
  const mcp = await listen(app);
  setOrigin(mcp.url);

  return {
    url: `${mcp.url}/mcp`, issuer, clientId, redirect, seen, issued,
    close: async () => { await mcp.close(); await asServer.close(); },
  };
}

function origin(server) {
  return server ? server.url : '';
}
