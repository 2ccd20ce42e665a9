// An OAuth 2.1 authorization server plus MCP server in one origin, on the TypeScript SDK's
// mcpAuthRouter: dynamic registration, PKCE, and refresh tokens that rotate on every use;
// a refresh token presented twice is refused (invalid_grant) and counted, as a strict AS
// does. expireAll() makes the MCP server treat every access token issued so far as expired.
import { randomBytes } from 'node:crypto';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { listen, mcpApp } from './fixtures.mjs';

export async function startRotating() {
  const counts = { registrations: 0, authorizations: 0, codeExchanges: 0, refreshes: 0, refreshReuse: 0 };
  const clients = new Map();
  const codes = new Map();
  const access = new Map();   // token -> { expired, subject }
  const refresh = new Map();  // token -> 'live' | 'used'
  const issued = [];

  const mint = (subject) => {
    const a = 'rot-access-' + randomBytes(16).toString('hex');
    const r = 'rot-refresh-' + randomBytes(16).toString('hex');
    access.set(a, { expired: false, subject });
    refresh.set(r, { state: 'live', subject });
    issued.push(a, r);
    return { access_token: a, refresh_token: r, token_type: 'Bearer', expires_in: 3600, scope: 'mcp' };
  };

  const provider = {
    clientsStore: {
      getClient: async (id) => clients.get(id),
      registerClient: async (client) => {
        counts.registrations++;
        clients.set(client.client_id, client);
        return client;
      },
    },
    async authorize(client, params, res) {
      counts.authorizations++;
      const code = randomBytes(16).toString('hex');
      issued.push(code);
      codes.set(code, { challenge: params.codeChallenge, subject: 'user-' + counts.authorizations });
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state) target.searchParams.set('state', params.state);
      res.redirect(302, target.href);
    },
    async challengeForAuthorizationCode(client, code) {
      if (!codes.has(code)) throw new InvalidGrantError('unknown code');
      return codes.get(code).challenge;
    },
    async exchangeAuthorizationCode(client, code) {
      const entry = codes.get(code);
      codes.delete(code);
      if (!entry) throw new InvalidGrantError('unknown code');
      counts.codeExchanges++;
      return mint(entry.subject);
    },
    async exchangeRefreshToken(client, token) {
      const entry = refresh.get(token);
      if (!entry) throw new InvalidGrantError('unknown refresh token');
      if (entry.state === 'used') {
        counts.refreshReuse++;
        throw new InvalidGrantError('refresh token already used');
      }
      entry.state = 'used';
      counts.refreshes++;
      return mint(entry.subject);
    },
    async verifyAccessToken(token) {
      const entry = access.get(token);
      if (!entry || entry.expired) throw new InvalidTokenError('expired or unknown token');
      return { token, clientId: 'any', scopes: ['mcp'], expiresAt: Math.floor(Date.now() / 1000) + 3600,
        extra: { subject: entry.subject } };
    },
  };

  let origin = '';
  const { app, setOrigin } = mcpApp({
    verify: (t) => provider.verifyAccessToken(t),
    prm: (o) => ({ resource: `${o}/mcp`, authorization_servers: [o], scopes_supported: ['mcp'] }),
  });
  const server = await listen(app);
  origin = server.url;
  setOrigin(origin);
  app.use(mcpAuthRouter({
    provider,
    issuerUrl: new URL(origin),
    scopesSupported: ['mcp'],
    authorizationOptions: { rateLimit: false },
    tokenOptions: { rateLimit: false },
    clientRegistrationOptions: { rateLimit: false },
  }));

  return {
    url: `${origin}/mcp`, counts, issued,
    expireAll: () => { for (const entry of access.values()) entry.expired = true; },
    close: () => server.close(),
  };
}
