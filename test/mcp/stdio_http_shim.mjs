// Serves a stdio MCP server as Streamable HTTP on 127.0.0.1 so the official
// conformance suite (HTTP only) can test `tally`:
//   node stdio_http_shim.mjs <port|0> <command> [args…]   → prints the URL on stdout
// One child process per MCP session; JSON-RPC frames pass through unchanged.
// What the child sends on its own (progress, logs, sampling and elicitation
// requests) rides the stream of the request it belongs to: the progress
// token's request, else the newest request still in flight.
// A 2026-07-28 request (params._meta names its version) needs no session: it
// goes to one shared child under an id of the shim's own, and its answer comes
// back as application/json, or as an SSE stream once a notification of it
// arrives. Header rules, Host checks and the like are the real HTTP server's:
// the shim does not enforce them.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const [portArg, command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: stdio_http_shim.mjs <port> <command> [args…]');
  process.exit(2);
}
const sessions = new Map();
const children = new Set();

function startSession() {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  const inFlight = [];            // request ids, oldest first
  const byProgressToken = new Map();
  const front = new StreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    onsessioninitialized: (id) => sessions.set(id, front),
  });
  front.onmessage = (message) => {
    if (message.method && message.id !== undefined) {
      inFlight.push(message.id);
      const token = message.params?._meta?.progressToken;
      if (token !== undefined) byProgressToken.set(token, message.id);
    }
    child.stdin.write(JSON.stringify(message) + '\n');
  };
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let message;
      try { message = JSON.parse(line); } catch { console.error('shim: child wrote a non-JSON line'); continue; }
      let related;
      if (message.method) {
        const token = message.params?.progressToken;
        const owner = token !== undefined ? byProgressToken.get(token) : undefined;
        related = owner ?? inFlight.at(-1);
      } else {
        const i = inFlight.indexOf(message.id);
        if (i >= 0) inFlight.splice(i, 1);
      }
      front.send(message, related !== undefined ? { relatedRequestId: related } : undefined)
        .catch((e) => console.error('shim: to client:', e.message));
    }
  });
  child.on('exit', () => { children.delete(child); front.close().catch(() => {}); });
  front.onclose = () => { if (front.sessionId) sessions.delete(front.sessionId); child.stdin.end(); };
  return front;
}

let statelessChild;
const statelessPending = new Map();  // shim id → { res, id, token, sse }
let statelessNext = 1;

function stateless() {
  if (statelessChild) return statelessChild;
  statelessChild = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(statelessChild);
  let buffer = '';
  statelessChild.stdout.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let message;
      try { message = JSON.parse(line); } catch { continue; }
      if (message.method) {  // a notification: the stream of its progress token, else the newest call
        const token = message.params?.progressToken;
        let owner;
        for (const p of statelessPending.values()) if (token === undefined ? true : p.token === token) owner = p;
        if (!owner) continue;
        if (!owner.sse) {
          owner.sse = true;
          owner.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        }
        owner.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
        continue;
      }
      const pending = statelessPending.get(message.id);
      if (!pending) continue;
      statelessPending.delete(message.id);
      message.id = pending.id;
      if (pending.sse) {
        pending.res.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
      } else {
        const status = message.error?.code === -32601 ? 404 : 200;
        pending.res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(message));
      }
    }
  });
  statelessChild.on('exit', () => { children.delete(statelessChild); statelessChild = undefined; });
  return statelessChild;
}

function serveStateless(body, res) {
  if (body.id === undefined) {  // a notification
    stateless().stdin.write(JSON.stringify(body) + '\n');
    return res.writeHead(202).end();
  }
  const id = `shim-${statelessNext++}`;
  statelessPending.set(id, { res, id: body.id, token: body.params?._meta?.progressToken, sse: false });
  res.on('close', () => {
    if (statelessPending.delete(id))  // the client went away: cancel the call (2026-07-28)
      statelessChild?.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled',
        params: { requestId: id, _meta: body.params?._meta } }) + '\n');
  });
  stateless().stdin.write(JSON.stringify({ ...body, id }) + '\n');
}

function reject(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

const server = http.createServer(async (req, res) => {
  try {
    let body;
    if (req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return reject(res, 400, 'Parse error'); }
    }
    const sid = req.headers['mcp-session-id'];
    if (req.method === 'POST' && !sid && body?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== undefined)
      return serveStateless(body, res);
    let transport = sid ? sessions.get(sid) : undefined;
    if (!transport && !sid && req.method === 'POST' && isInitializeRequest(body)) transport = startSession();
    if (!transport) return reject(res, sid ? 404 : 400, 'No valid session');
    await transport.handleRequest(req, res, body);
  } catch (e) {
    console.error('shim:', e);
    if (!res.headersSent) reject(res, 500, String(e));
  }
});

server.listen(Number(portArg), '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/mcp\n`);
});

function stop() {
  for (const child of children) child.kill('SIGTERM');
  server.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);  // the test closes our stdin to stop us
process.stdin.resume();
