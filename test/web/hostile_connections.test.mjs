// Resource bounds of `tally serve --http` under hostile connections (issue 22):
// 10,000 idle connections and slow-loris headers cannot lock a real client out
// (at the 1,024-connection cap the connection idle longest is closed to make
// room), the server's memory stays bounded, and it keeps answering. The count
// is lowered only when this process may not open that many sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { tempDir } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';

const WANTED = 10000;
const MEMORY_BOUND_KIB = 128 * 1024;  // README: "stays under 128 MiB"

function openFilesLimit() {
  return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
}

function connect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});  // evicted or refused ones end; that is the point
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => resolve(socket));
  });
}

function peakKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]);
}

const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } } };
const modernHeaders = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' };

test('10,000 idle connections and slow-loris headers: a real client is still answered; memory bounded', async () => {
  const count = Math.min(WANTED, openFilesLimit() - 256);
  const dir = tempDir('tally-hostile-');
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off', '--tracking-rate-limit', 'off'] });
  const sockets = [];
  try {
    // Slow loris: a request line and one header byte at a time, never finished.
    const loris = [];
    for (let i = 0; i < 50; i++) {
      const s = await connect(server.port);
      s.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      loris.push(s);
    }
    const drip = setInterval(() => { for (const s of loris) if (!s.destroyed) s.write('a'); }, 200);
    try {
      for (let i = 0; i < count; i += 500) {
        sockets.push(...await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => connect(server.port))));
      }
      sockets.push(...loris);
      assert.ok(count >= 1500, `this machine allows ${count} sockets; the test needs more than the 1,024 cap`);

      // A real client gets its answer while the idle ones hold every slot.
      for (let i = 0; i < 5; i++) {
        const r = await post(server.url, listTools, { headers: modernHeaders });
        assert.equal(r.status, 200, `${r.status} ${r.text}`);
        assert.ok(r.body.result.tools.length > 50);
      }
    } finally {
      clearInterval(drip);
    }
    const peak = peakKiB(server.child.pid);
    console.log(`# tally peak memory: ${peak} KiB with ${count} idle connections`);
    assert.ok(peak < MEMORY_BOUND_KIB, `peak memory ${peak} KiB`);
    assert.match(server.stderr, /connections open; closed the one idle longest/);
  } finally {
    for (const s of sockets) s.destroy();
    await server.stop();
    dir.cleanup();
  }
});
