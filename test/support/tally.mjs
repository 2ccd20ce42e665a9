// Drives the real `tally` binary over its stdio pipes with raw JSON-RPC lines.
// Every wait is bounded; close() ends the process and reports what it wrote.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TALLY = process.env.TALLY_BIN;
if (!TALLY) throw new Error('TALLY_BIN is not set (meson passes the built binary)');

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(prefix = 'tally-test-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, db: path.join(dir, 'ledger.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export class TallyProcess {
  constructor({ args = ['serve'], env = {}, db } = {}) {
    const fullEnv = { ...process.env, TALLY_NOW: '', TALLY_SEED: '', ...env };
    if (db) fullEnv.TALLY_DB = db;
    this.child = spawn(TALLY, args, { env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = [];        // every stdout line, raw
    this.messages = [];     // every parsed stdout message
    this.stderr = '';
    this.waiters = [];
    this.nextId = 1;
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    let buffer = '';
    this.child.stdout.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.lines.push(line);
        let msg;
        try { msg = JSON.parse(line); } catch { msg = { unparsable: line }; }
        this.messages.push(msg);
        this.#wake();
      }
    });
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk.toString('utf8'); });
  }

  #wake() {
    for (const w of [...this.waiters]) {
      const found = this.messages.find(w.predicate);
      if (found) { this.waiters.splice(this.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(found); }
    }
  }

  /** Writes a raw line (a string is sent as is; anything else as JSON). */
  write(message) {
    this.child.stdin.write((typeof message === 'string' ? message : JSON.stringify(message)) + '\n');
  }

  /** Resolves with the first message (already received or future) that matches;
   *  with `from`, only messages received at or after that index count. */
  waitFor(predicate, timeoutMs = 5000, what = 'a message', from = 0) {
    if (from > 0) {
      const inner = predicate;
      predicate = (m) => this.messages.indexOf(m) >= from && inner(m);
    }
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { predicate, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stdout so far:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Sends a request and resolves with its response (result or error). */
  request(method, params, { id, timeoutMs = 5000 } = {}) {
    const reqId = id ?? this.nextId++;
    const msg = { jsonrpc: '2.0', id: reqId, method };
    if (params !== undefined) msg.params = params;
    const from = this.messages.length;
    this.write(msg);
    return this.response(reqId, timeoutMs, from);
  }

  /** The response to `id` (received at or after index `from`). */
  response(id, timeoutMs = 5000, from = 0) {
    return this.waitFor((m) => m.id === id && ('result' in m || 'error' in m), timeoutMs, `the response to id ${JSON.stringify(id)}`, from);
  }

  notify(method, params) {
    const msg = { jsonrpc: '2.0', method };
    if (params !== undefined) msg.params = params;
    this.write(msg);
  }

  /** initialize + notifications/initialized; returns the initialize result. */
  async initialize(protocolVersion = '2025-11-25', capabilities = {}) {
    const r = await this.request('initialize', {
      protocolVersion, capabilities, clientInfo: { name: 'tally-tests', version: '1.0.0' },
    });
    if (r.error) throw new Error('initialize failed: ' + JSON.stringify(r.error));
    this.notify('notifications/initialized');
    return r.result;
  }

  /** tools/call; returns the CallToolResult (throws on a JSON-RPC error). */
  async call(name, args = {}, opts = {}) {
    const r = await this.request('tools/call', { name, arguments: args }, opts);
    if (r.error) throw new Error(`${name}: JSON-RPC error ${r.error.code} ${r.error.message}`);
    return r.result;
  }

  /** Closes stdin and waits for the exit (bounded); kills on timeout. */
  async close(timeoutMs = 5000) {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }
}

/** Starts tally on `db`, initializes, runs `fn(t)`, and always closes. */
export async function withTally(opts, fn) {
  const t = new TallyProcess(opts);
  try {
    await t.initialize(opts.protocolVersion);
    return await fn(t);
  } finally {
    await t.close();
  }
}

/** Asserts every stdout line is one JSON-RPC 2.0 message (stdout is the protocol). */
export function assertOnlyProtocolLines(t, assert) {
  for (const line of t.lines) {
    const parsed = JSON.parse(line);
    for (const m of Array.isArray(parsed) ? parsed : [parsed])  // a batch answer is an array
      assert.equal(m.jsonrpc, '2.0', `not a JSON-RPC line: ${line}`);
  }
}

/**
 * Serves `db` with `tally ARGS` over stdio (initialized) and runs
 * `fn({ t, ok, fail })`: `ok` returns a tool's structuredContent and fails the
 * test on an error result, `fail` returns an error result's text and fails the
 * test on success. Afterwards every stdout line must be JSON-RPC; the process is
 * closed whatever happens.
 */
export async function withServe({ db, env = {}, args = ['serve'] }, fn) {
  const t = new TallyProcess({ db, env, args });
  try {
    await t.initialize();
    const ok = async (name, a = {}) => {
      const r = await t.call(name, a);
      assert.ok(!r.isError, `${name} failed: ${r.content?.[0]?.text}`);
      return r.structuredContent;
    };
    const fail = async (name, a = {}) => {
      const r = await t.call(name, a);
      assert.equal(r.isError, true, `${name} should fail but returned ${JSON.stringify(r.structuredContent)}`);
      return r.content[0].text;
    };
    await fn({ t, ok, fail });
    assertOnlyProtocolLines(t, assert);
  } finally {
    await t.close();
  }
}

/** The bytes of a ledger and its WAL, hashed: equal before and after means nothing was written. */
export function ledgerFingerprint(db) {
  const h = createHash('sha256');
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) h.update(readFileSync(f));
  return h.digest('hex');
}

/** `tally doctor` on `db` must find every invariant holding. */
export function assertDoctorClean(db, env = {}) {
  const r = spawnSync(TALLY, ['doctor', '--db', db], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
}
