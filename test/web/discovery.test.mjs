// The discovery documents of `tally serve --http` (issue 17): each validates
// against its schema (the server-card draft's ServerCard, Tally's own for the
// seed paths and the catalogs, linkset JSON for RFC 9727), names URLs from
// --public-url, is public with CORS *, and a second GET with its ETag is 304.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const schema = (name) => JSON.parse(readFileSync(new URL(`./schemas/${name}`, import.meta.url)));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = {
  card: ajv.compile(schema('server-card.schema.json')),
  seed: ajv.compile(schema('seed-server-card.schema.json')),
  catalog: ajv.compile(schema('catalog.schema.json')),
  linkset: ajv.compile(schema('linkset.schema.json')),
};
const PUBLIC = 'https://books.example.com';

test('discovery documents validate, use --public-url, are public and cacheable', async () => {
  const dir = tempDir();
  const key = execFileSync(TALLY, ['keys', 'create', '--name', 'k', '--db', dir.db], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const server = await startHttp({ db: dir.db, args: ['--public-url', PUBLIC] });
  // From a page on another site: discovery documents are public (CORS *).
  const get = (path, headers = {}) => fetch(`${server.base}${path}`, { headers: { origin: 'https://agent.example.net', ...headers } });
  try {
    const cases = [
      ['/mcp/server-card', 'card', /^application\/mcp-server-card\+json/],
      ['/.well-known/mcp/server-card.json', 'seed', /^application\/json/],
      ['/.well-known/mcp-manifest', 'seed', /^application\/json/],
      ['/.well-known/mcp/catalog.json', 'catalog', /^application\/json/],
      ['/.well-known/ai-catalog.json', 'catalog', /^application\/json/],
      ['/.well-known/api-catalog', 'linkset', /^application\/linkset\+json; profile="https:\/\/www\.rfc-editor\.org\/info\/rfc9727"/],
    ];
    const docs = {};
    for (const [path, kind, type] of cases) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type'), type, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
      assert.match(res.headers.get('cache-control'), /max-age=\d+/, path);
      const body = await res.json();
      assert.ok(validators[kind](body), `${path}: ${JSON.stringify(validators[kind].errors)}`);
      docs[path] = body;
      const etag = res.headers.get('etag');
      assert.match(etag, /^"[0-9a-f]{16}"$/);
      const again = await get(path, { 'if-none-match': etag });
      assert.equal(again.status, 304, path);
      assert.equal(await again.text(), '');
      assert.equal((await get(path, { 'if-none-match': `W/${etag}, "other"` })).status, 304, path);
      assert.equal((await get(path, { 'if-none-match': '"0000000000000000"' })).status, 200, path);
    }
    const card = docs['/mcp/server-card'];
    assert.equal(card.name, 'com.example.books/tally');
    assert.deepEqual(card.remotes.map((r) => [r.type, r.url]), [['streamable-http', `${PUBLIC}/mcp`]]);
    assert.ok(card.remotes[0].supportedProtocolVersions.includes('2026-07-28'));
    assert.equal(card.remotes[0].headers[0].name, 'Authorization');  // a key exists: auth is on
    const seed = docs['/.well-known/mcp/server-card.json'];
    assert.deepEqual(seed, docs['/.well-known/mcp-manifest']);
    assert.equal(seed.transport.url, `${PUBLIC}/mcp`);
    assert.equal(seed.authentication.required, true);
    const listed = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json',
      accept: 'application/json', authorization: `Bearer ${key}`, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) }).then((r) => r.json());
    assert.deepEqual(seed.tools.map((t) => t.name).sort(), listed.result.tools.map((t) => t.name).sort(), 'the live tool list');
    assert.equal(docs['/.well-known/mcp/catalog.json'].entries[0].url, `${PUBLIC}/mcp/server-card`);
    assert.equal(docs['/.well-known/mcp/catalog.json'].entries[0].identifier, 'urn:air:books.example.com:tally');
    const links = docs['/.well-known/api-catalog'].linkset[0];
    assert.equal(links.anchor, `${PUBLIC}/mcp`);
    assert.equal(links['service-meta'][0].href, `${PUBLIC}/mcp/server-card`);
    assert.equal(links.status[0].href, `${PUBLIC}/healthz`);

    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.headers.get('link'), /<https:\/\/books\.example\.com\/\.well-known\/api-catalog>; rel="api-catalog"/);
    assert.match(home.headers.get('link'), /rel="service-meta"; type="application\/mcp-server-card\+json"/);
    assert.match(await home.text(), /https:\/\/books\.example\.com\/mcp/);

    // Still guarded: a foreign Host is refused; only GET; and the MCP endpoint itself still needs the key.
    // (fetch cannot set Host; node:http can)
    const foreign = await new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: '/mcp/server-card', headers: { host: 'evil.example' } },
        (res) => { res.resume(); resolve(res.statusCode); });
      req.on('error', reject);
    });
    assert.equal(foreign, 403);
    assert.equal((await fetch(`${server.base}/mcp/server-card`, { method: 'POST' })).status, 405);
    const mcp = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    assert.equal(mcp.status, 401);
  } finally {
    await server.stop();
    dir.cleanup();
  }
});
