// Starts the real `tally serve --http` on 127.0.0.1 with a port the system
// picks (--http 127.0.0.1:0) and reads the bound port from its first stderr
// line. Every wait is bounded; stop() sends SIGTERM and awaits the exit.
import { spawn } from 'node:child_process';
import { TALLY } from './tally.mjs';

export async function startHttp({ db, args = [], env = {}, timeoutMs = 10000 } = {}) {
  const fullEnv = { ...process.env, TALLY_NOW: '', TALLY_SEED: '', ...env };
  const child = spawn(TALLY, ['serve', '--http', '127.0.0.1:0', '--db', db, ...args], {
    env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (c) => { stdout += c.toString('utf8'); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tally serve --http did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stderr.on('data', (c) => {
      stderr += c.toString('utf8');
      const m = stderr.match(/serving MCP at https?:\/\/[^\s]*:(\d+)\/mcp/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`tally exited with ${code} before listening:\n${stderr}`)); });
  });
  const server = {
    child, port, exited,
    url: `http://127.0.0.1:${port}/mcp`,
    base: `http://127.0.0.1:${port}`,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    async stop(timeout = 15000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  return server;
}

/** A JSON-RPC POST to the MCP endpoint; resolves with {status, headers, body, text}. */
export async function post(url, message, { headers = {}, version } = {}) {
  const h = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers };
  if (version) h['mcp-protocol-version'] = version;
  const res = await fetch(url, { method: 'POST', headers: h, body: typeof message === 'string' ? message : JSON.stringify(message) });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, headers: res.headers, text, body };
}

/** The JSON messages of an SSE body, in order. */
export function sseMessages(text) {
  return text.split('\n\n').flatMap((event) => {
    const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
    return data ? [JSON.parse(data)] : [];
  });
}

export const MODERN = '2026-07-28';
/** A 2026-07-28 request: envelope in _meta and the matching headers. */
export function modern(method, params = {}, id = 1) {
  const body = {
    jsonrpc: '2.0', id, method,
    params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN,
      'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'test', version: '1' } } },
  };
  const headers = { 'mcp-protocol-version': MODERN, 'mcp-method': method };
  if (params.name) headers['mcp-name'] = params.name;
  return { body, headers };
}
