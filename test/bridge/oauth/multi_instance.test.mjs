// Three bridges started at once for one server (as Claude Desktop does) share one sign-in:
// one browser visit, one registration, all three authorized. After the access tokens
// expire, the rotating refresh token is spent exactly once and all three keep working.
// Also: `status` and `logout` on the shared store, and no token in any output or log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startRotating } from './rotating-fixture.mjs';
import { bridgeBinary, browserVisits, here, scratch, startBridge, withTimeout } from './fixtures.mjs';

const CALL = { timeout: 20000 };

test('three bridges, one sign-in; after expiry one refresh; all keep working', async () => {
  const fx = await startRotating();
  const s = scratch();
  const env = { TALLY_BRIDGE_DIR: s.state, FAKE_BROWSER_LOG: s.browserLog };
  const debugLog = join(s.dir, 'bridge-debug.log');
  let bridges = [];
  try {
    const started = await Promise.allSettled([
      startBridge({ url: fx.url, env, args: ['--log-file', debugLog] }),
      startBridge({ url: fx.url, env }),
      startBridge({ url: fx.url, env }),
    ]);
    bridges = started.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;

    const lists = await withTimeout(Promise.all(bridges.map((b) => b.client.listTools(undefined, CALL))), 25000, 'tools/list');
    for (const l of lists) assert.deepEqual(l.tools.map((t) => t.name), ['whoami']);
    assert.equal(browserVisits(s.browserLog, '/authorize').length, 1, 'one browser visit');
    assert.equal(fx.counts.registrations, 1, 'one registration');
    assert.equal(fx.counts.codeExchanges, 1, 'one code exchange');

    fx.expireAll();
    const calls = await withTimeout(Promise.all(bridges.map((b) =>
      b.client.callTool({ name: 'whoami', arguments: {} }, undefined, CALL))), 25000, 'tools/call after expiry');
    for (const c of calls) assert.equal(c.content[0].text, 'subject user-1');
    assert.equal(fx.counts.refreshes, 1, 'the refresh token is spent once for the host');
    assert.equal(fx.counts.refreshReuse, 0, 'no bridge presents a spent refresh token');
    assert.equal(browserVisits(s.browserLog, '/authorize').length, 1, 'still one browser visit');

    // No token, code or refresh token in any output or log.
    const logs = bridges.map((b) => b.stderr()).join('\n') + readFileSync(debugLog, 'utf8');
    for (const secret of fx.issued) assert.ok(!logs.includes(secret), 'a secret reached a log');

    const status = spawnSync(bridgeBinary, ['status'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^${fx.url.replace(/[/.]/g, '\\$&')}$`, 'm'));
    assert.match(status.stdout, /token: expires in (\d+h)?\d+m(\d+s)? \(.*\); refresh: yes/);
    for (const secret of fx.issued) assert.ok(!status.stdout.includes(secret), 'status shows a token');

    // Housekeeping commands on the shared store: logout, then login from a terminal.
    await Promise.all(bridges.map((b) => b.close()));
    bridges = [];
    const run = (...args) => spawnSync(bridgeBinary, args, { env: { ...process.env, ...env,
      BROWSER: join(here, 'fake-browser.sh') }, encoding: 'utf8', timeout: 30000 });
    const logout = run('logout', fx.url);
    assert.equal(logout.status, 0);
    assert.match(logout.stderr, /forgot 1 sign-in/);
    assert.match(run('status').stdout, /^no sign-ins stored in /);
    // Asynchronously: the fixture lives in this process and must keep answering.
    const login = await withTimeout(new Promise((resolve) => {
      const child = spawn(bridgeBinary, ['login', fx.url], { env: { ...process.env, ...env,
        BROWSER: join(here, 'fake-browser.sh') } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stderr }));
    }), 30000, 'tally-bridge login');
    assert.equal(login.status, 0, login.stderr);
    assert.match(login.stderr, /signed in; tokens kept in /);
    assert.equal(browserVisits(s.browserLog, '/authorize').length, 2);
    assert.match(run('status').stdout, /refresh: yes/);
    assert.equal(fx.counts.registrations, 2, 'logout forgot the registration too');
  } finally {
    await Promise.all(bridges.map((b) => b.close()));
    await fx.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});
