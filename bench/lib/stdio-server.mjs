// A spawned stdio MCP server with a line reader: `request(line, id)` resolves
// with the answer to that id; `onLine`, when set, sees every raw line instead.
import { spawn } from 'node:child_process';

export class Server {
  constructor(argv, env = process.env) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'ignore'], env });
    this.pending = new Map();
    this.onLine = null; // raw lines, unparsed: the pipelined phase must not be driver-bound
    this.buffer = '';
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.child.on('error', (e) => { for (const p of this.pending.values()) p.reject(e); });
    this.child.stdin.on('error', () => {});
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk) => {
      this.buffer += chunk;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (this.onLine) this.onLine(line);
        else if (line.trim()) this.answer(line);
      }
    });
  }
  answer(line) {
    let msg;
    try { msg = JSON.parse(line); } catch { return; }
    if (msg.id === undefined || msg.method) return; // notifications and server requests
    const p = this.pending.get(msg.id);
    if (p) { this.pending.delete(msg.id); p.resolve(msg); }
  }
  request(line, id) {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(line);
    });
  }
  write(line) { return this.child.stdin.write(line); }
  drain() { return new Promise((resolve) => this.child.stdin.once('drain', resolve)); }
  get pid() { return this.child.pid; }
  async close(force) {
    if (force) this.child.kill('SIGKILL');
    else this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
    await this.exited;
    clearTimeout(timer);
  }
}


/// Spawns a server and completes the initialize handshake.
export async function startServer(argv, { env, protocolVersion = '2025-06-18' } = {}) {
  const server = new Server(argv, env);
  const init = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'tally-bench', version: '1' } } }) + '\n';
  const answer = await server.request(init, 0);
  if (answer.error) throw new Error(`initialize failed: ${JSON.stringify(answer.error)}`);
  server.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  return server;
}

/// Calls tools one after another on a server, several in flight: resolves
/// with each call's parsed result (isError results and JSON-RPC errors throw).
export async function callAll(server, calls, firstId, window = 256) {
  const results = new Array(calls.length);
  let next = 0;
  async function lane() {
    while (next < calls.length) {
      const i = next++, id = firstId + i;
      const line = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: calls[i] }) + '\n';
      const answer = await server.request(line, id);
      const text = answer.result?.content?.[0]?.text;
      if (answer.error || answer.result?.isError) {
        throw new Error(`${calls[i].name} ${JSON.stringify(calls[i].arguments)}: ${answer.error?.message ?? text}`);
      }
      results[i] = answer.result.structuredContent ?? JSON.parse(text);
    }
  }
  await Promise.all(Array.from({ length: Math.min(window, calls.length) }, lane));
  return results;
}
