// One keep-alive HTTP/1.1 connection for the load generator: raw bytes out,
// the smallest parse that finds where an answer ends (Content-Length or
// chunked) back in. Node's `http` client costs several times more CPU per
// request, and on a 2-core machine the generator shares the cores with the
// server it measures, so its own cost is kept down.
import net from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');

export class Connection {
  constructor(port) {
    this.port = port;
    this.buf = null;
    this.waiter = null;
    this.closed = false;
    this.socket = net.connect({ host: '127.0.0.1', port });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => {
      this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
      this.parse();
    });
    const fail = (error) => {
      this.closed = true;
      const w = this.waiter;
      this.waiter = null;
      if (w) w.reject(error ?? new Error('connection closed by the server'));
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(null));
  }

  // Sends one request (a Buffer or string holding the whole request) and
  // resolves with {status, body} once its answer is complete.
  request(bytes) {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  parse() {
    const buf = this.buf;
    const headEnd = buf.indexOf(CRLF2);
    if (headEnd < 0) return;
    const head = buf.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const start = headEnd + 4;
    let end, body;
    const length = head.match(/\r\ncontent-length:\s*(\d+)/i);
    if (length) {
      end = start + Number(length[1]);
      if (buf.length < end) return;
      body = buf.toString('utf8', start, end);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts = [];
      let at = start;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
        if (buf.length < lineEnd + 2 + size + 2) return;
        if (size === 0) { end = lineEnd + 4; break; }
        parts.push(buf.toString('utf8', lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = parts.join('');
    } else {
      // No length: the answer ends when the server closes (HTTP/1.0 style); not expected here.
      return;
    }
    this.buf = end < buf.length ? buf.subarray(end) : null;
    if (/\r\nconnection:\s*close/i.test(head)) this.closed = true;
    const w = this.waiter;
    this.waiter = null;
    if (w) w.resolve({ status, body });
  }

  close() {
    this.closed = true;
    this.socket.destroy();
  }
}

// The bytes of one POST /mcp carrying `body` (a JSON-RPC message as text).
export function postBytes(port, body, protocolVersion = '2025-06-18') {
  const payload = Buffer.from(body);
  return Buffer.concat([Buffer.from(
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    `Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: ${protocolVersion}\r\n` +
    `Content-Length: ${payload.length}\r\n\r\n`, 'latin1'), payload]);
}
