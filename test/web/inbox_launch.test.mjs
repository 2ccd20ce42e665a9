// `tally inbox` (issue 18): serves the inbox on a free loopback port, prints a
// one-time sign-in link (or hands it to $BROWSER), writes a private port file
// beside the ledger that a second `tally inbox` reuses, and removes it on Ctrl-C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { TALLY, tempDir } from '../support/tally.mjs';

const baseEnv = () => {
  const env = { ...process.env, TALLY_NOW: '', TALLY_SEED: '' };
  delete env.BROWSER;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
};

/** Starts `tally inbox` and resolves once it printed its link. */
function startInbox(db, env) {
  const child = spawn(TALLY, ['inbox', '--db', db], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const link = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no link in 15 s:\n${stdout}\n${stderr}`)), 15000);
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = stdout.match(/tally inbox: (http:\/\/127\.0\.0\.1:(\d+)\/inbox\/open\?token=[0-9a-f]{64})\n/);
      if (m) { clearTimeout(timer); resolve({ url: m[1], port: Number(m[2]) }); }
    });
    child.stderr.on('data', (c) => { stderr += c; });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`tally inbox exited with ${code}:\n${stderr}`)); });
  });
  return { child, exited, link, get stderr() { return stderr; } };
}

async function open(url, cookie) {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), cookie: res.headers.get('set-cookie'), text: await res.text() };
}

test('tally inbox: a one-time link, a private port file reused by a second run, removed on Ctrl-C', async () => {
  const dir = tempDir('tally-inbox-launch-');
  execFileSync(TALLY, ['init', '--db', dir.db], { env: baseEnv() });
  const first = startInbox(dir.db, baseEnv());
  try {
    const { url, port } = await first.link;
    // stderr and stdout are separate pipes: wait (bounded) for the advice.
    for (let i = 0; i < 250 && !/open the link above in a browser/.test(first.stderr); i++) await new Promise((res) => setTimeout(res, 20));
    assert.match(first.stderr, /open the link above in a browser/, 'no display: it says to open the link');
    const portFile = `${dir.db}.inbox-port`;
    assert.ok(existsSync(portFile));
    assert.equal(statSync(portFile).mode & 0o777, 0o600, 'private');
    assert.equal(readFileSync(portFile, 'utf8').trim(), `${port} ${first.child.pid}`);

    let r = await open(url);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inbox');
    assert.match(r.cookie, /HttpOnly/);
    assert.match(r.cookie, /SameSite=Strict/);
    const cookie = r.cookie.split(';')[0];
    r = await open(`http://127.0.0.1:${port}/inbox`, cookie);
    assert.equal(r.status, 200);
    assert.match(r.text, /<h1>Inbox<\/h1>/);
    r = await open(url);
    assert.equal(r.status, 401, 'the link signs in once');
    r = await open(`http://127.0.0.1:${port}/inbox/open?token=${'0'.repeat(64)}`);
    assert.equal(r.status, 401);

    // A second run finds the server through the port file; its link (minted by
    // another process) works there. $BROWSER gets the link.
    const seen = path.join(dir.dir, 'browser-saw');
    const fakeBrowser = path.join(dir.dir, 'fake-browser');
    writeFileSync(fakeBrowser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
    chmodSync(fakeBrowser, 0o700);
    const second = spawnSync(TALLY, ['inbox', '--db', dir.db], { env: { ...baseEnv(), BROWSER: fakeBrowser }, encoding: 'utf8', timeout: 15000 });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`already served for this ledger on port ${port}`));
    const again = second.stdout.match(/(http:\/\/127\.0\.0\.1:\d+\/inbox\/open\?token=[0-9a-f]{64})/)[1];
    assert.notEqual(again, url);
    // The browser runs on its own; wait for what it was given (bounded).
    for (let i = 0; i < 100 && !existsSync(seen); i++) await new Promise((res) => setTimeout(res, 50));
    assert.equal(readFileSync(seen, 'utf8'), again);
    r = await open(again);
    assert.equal(r.status, 303);

    first.child.kill('SIGINT');
    const { code } = await first.exited;
    assert.equal(code, 0);
    assert.ok(!existsSync(portFile), 'the port file is removed on exit');
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await first.exited;
    dir.cleanup();
  }
});
