// Shared pieces of the sign-in end-to-end tests: an MCP server protected by bearer tokens
// (the TypeScript SDK's server and requireBearerAuth), a way to run tally-bridge as a host
// would (SDK Client over stdio), and bounded waits. Everything listens on 127.0.0.1 on
// ephemeral ports and is stopped by the test that started it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const here = dirname(fileURLToPath(import.meta.url));
export const bridgeBinary = process.env.TALLY_BRIDGE;
if (!bridgeBinary) throw new Error('set TALLY_BRIDGE to the tally-bridge binary');

/** A port that was free a moment ago (for redirect URIs that must be known in advance). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/** Starts an express app on 127.0.0.1:port (0 = any); returns { url, close }. */
export function listen(app, port = 0) {
  return new Promise((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => {
      const url = `http://localhost:${server.address().port}`;
      resolve({ url, port: server.address().port, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) });
    });
  });
}

/**
 * An MCP server at <origin>/mcp whose tools need a bearer token. `verify(token)` returns
 * AuthInfo or throws InvalidTokenError. `prm` is served at the path-aware well-known URL.
 */
export function mcpApp({ verify, prm }) {
  const app = express();
  app.use(express.json());
  let origin = '';
  app.get('/.well-known/oauth-protected-resource/mcp', (req, res) => res.json(prm(origin)));
  app.post('/mcp', (req, res, next) => {
    const guard = requireBearerAuth({
      verifier: { verifyAccessToken: verify },
      resourceMetadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
    });
    guard(req, res, async (err) => {
      if (err) return next(err);
      const server = new McpServer({ name: 'oauth-fixture', version: '1.0.0' });
      server.registerTool('whoami', { description: 'Who the token says you are' }, async (extra) => ({
        content: [{ type: 'text', text: `subject ${req.auth?.extra?.subject ?? 'unknown'}` }],
      }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => { transport.close(); server.close(); });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
  });
  return { app, setOrigin: (o) => { origin = o; } };
}

/** A private token store folder and browser log for one test. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'tally-oauth-e2e-'));
  return { dir, state: join(dir, 'state'), browserLog: join(dir, 'browser.log') };
}

export function browserVisits(logFile, pathPart) {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8').split('\n').filter((l) => l && (!pathPart || l.includes(pathPart)));
}

/**
 * Runs tally-bridge as a host does and connects an SDK client to it.
 * Returns { client, stderr(), close() }.
 */
export async function startBridge({ url, args = [], env = {}, timeoutMs = 20000 }) {
  const transport = new StdioClientTransport({
    command: bridgeBinary,
    args: [url, ...args],
    stderr: 'pipe',
    env: { ...process.env, BROWSER: join(here, 'fake-browser.sh'), ...env },
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  const close = async () => {
    const child = transport._process;
    await Promise.race([transport.close().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs + 1000, 'bridge initialize');
  } catch (e) {
    await close();
    e.message += `\n--- bridge stderr ---\n${stderr}`;
    throw e;
  }
  return { client, stderr: () => stderr, close };
}

/**
 * tally-bridge with raw JSON-RPC over its stdio, for tests that keep sending after an
 * error (the SDK client closes on a failed initialize). request() resolves with the reply.
 */
export function rawBridge({ url, args = [], env = {} }) {
  const child = spawn(bridgeBinary, [url, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: join(here, 'fake-browser.sh'), ...env },
  });
  let stderr = '';
  let buffer = '';
  const waiting = new Map();
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const msg = JSON.parse(line);
      waiting.get(msg.id)?.(msg);
      waiting.delete(msg.id);
    }
  });
  let next = 1;
  return {
    stderr: () => stderr,
    request(method, params = {}, ms = 20000) {
      const id = next++;
      const reply = new Promise((resolve) => waiting.set(id, resolve));
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
      return withTimeout(reply, ms, `${method} reply`);
    },
    async close() {
      child.stdin.end();
      const exited = new Promise((r) => child.once('exit', r));
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export const initializeParams = {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'oauth-e2e-raw', version: '1.0.0' },
};
