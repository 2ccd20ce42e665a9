// Issue 22: "a refused write leaves the ledger byte-identical". Every write tool
// is called through `tally serve` with arguments that are refused at each layer
// (the schema, the tool's own checks against the ledger, SQL constraints, JSON-RPC
// errors). After each call a second process (python3's sqlite3, reading through
// the WAL) hashes every table's rows and the schema: a refused call must leave
// that hash unchanged. Then a fresh server replays only refusals and exits, and
// the ledger file itself (checkpointed at close) must have the same sha256.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TallyProcess, TALLY, tempDir } from '../support/tally.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOOLS = JSON.parse(readFileSync(path.join(here, '../mcp/tools_list.json'), 'utf8')).tools;
const WRITE_TOOLS = TOOLS.filter((t) => !t.annotations?.readOnlyHint);
const NOW = '2026-01-15T12:00:00Z';
const walSize = (db) => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A python3 process that answers each line with a hash of every table's rows and the schema. */
function contentHasher(db) {
  const script = `
import hashlib, sqlite3, sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True, isolation_level=None)
for _ in sys.stdin:
    h = hashlib.sha256()
    c.execute('BEGIN')
    tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for row in c.execute('SELECT type, name, sql FROM sqlite_master ORDER BY name'):
        h.update(repr(row).encode())
    for t in tables:
        h.update(t.encode())
        for row in sorted(repr(r) for r in c.execute('SELECT * FROM "%s"' % t.replace('"', '""'))):
            h.update(row.encode())
    c.execute('COMMIT')
    print(h.hexdigest(), flush=True)
`;
  const child = spawn('python3', ['-c', script, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiting = [];
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()(line);
    }
  });
  return {
    hash: () => new Promise((resolve) => { waiting.push(resolve); child.stdin.write('\n'); }),
    close: () => new Promise((resolve) => { child.on('exit', resolve); child.stdin.end(); }),
  };
}

/** A value of the schema's type that is well-formed but names nothing in the ledger. */
function sample(schema, name = '') {
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((x) => x !== 'null');
  if (type === 'string') {
    if (/date$/i.test(name) || name === 'deadline') return '2026-03-01';
    if (schema.pattern?.includes('0-9')) return '12.50';
    if (name.endsWith('Id')) return `${name.slice(0, 3).toLowerCase()}_01JD4X7M2QF8K3NZPA`;
    if (/currency/i.test(name)) return 'USD';
    if (/url/i.test(name)) return 'https://shop.example.com/p';
    return 'Nothing ' + name;
  }
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [sample(schema.items ?? {}, name)];
  if (type === 'object' || schema.properties) {
    const out = {};
    for (const k of schema.required ?? []) out[k] = sample(schema.properties?.[k] ?? {}, k);
    return out;
  }
  return 'x';
}

/** Calls meant to be refused: [tool, arguments] or [tool, raw params JSON text] for a JSON-RPC error. */
function refusals() {
  const calls = [];
  for (const tool of WRITE_TOOLS) {
    const required = tool.inputSchema.required ?? [];
    if (required.length > 0) calls.push([tool.name, {}]);                 // the schema refuses a missing field
    calls.push([tool.name, { ...sample(tool.inputSchema), unexpected: 1 }]);  // an unknown field
    calls.push([tool.name, sample(tool.inputSchema)]);                    // names nothing that exists
  }
  // The tools' own checks and the SQL behind them, against what the ledger holds.
  calls.push(['ledger_create_account', { name: 'Checking', type: 'asset' }]);           // a duplicate name
  calls.push(['ledger_create_account', { name: 'Red\u001b[31m', type: 'asset' }]);      // a control character
  calls.push(['ledger_create_account', { name: 'Far', type: 'asset', currency: 'XYZ' }]);
  calls.push(['ledger_create_category', { name: 'refusals', kind: 'expense' }]);         // a duplicate, in another case
  calls.push(['ledger_set_budget', { categoryName: 'Refusals', amount: '1.001' }]);      // more decimals than USD has
  calls.push(['ledger_set_budget', { categoryName: 'Refusals', amount: '400', fromMonth: '9999-12' }]);
  calls.push(['ledger_set_budget', { categoryName: 'Refusals', amount: '99999999999999999999' }]);
  // JSON-RPC errors: a number beyond a double, arguments that are not an object.
  calls.push(['ledger_set_budget', '{"categoryName":"Refusals","amount":1e400}']);
  calls.push(['ledger_create_account', '"not an object"']);
  return calls;
}

/** Sends one call; true when it was refused (isError or a JSON-RPC error). */
async function refused(t, [name, args]) {
  const id = t.nextId++;
  const from = t.messages.length;
  const params = typeof args === 'string' ? `{"name":${JSON.stringify(name)},"arguments":${args}}` : JSON.stringify({ name, arguments: args });
  t.write(`{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":${params}}`);
  const r = await t.response(id, 10000, from);
  return Boolean(r.error || r.result?.isError);
}

test('a refused write leaves every table unchanged, and a session of refusals leaves the file byte-identical', async () => {
  const dir = tempDir();
  const env = { TALLY_NOW: NOW, TZ: 'UTC' };
  try {
    execFileSync(TALLY, ['init', '--db', dir.db], { env: { ...process.env, ...env, TALLY_SEED: '' } });
    const calls = refusals();
    const stable = [];  // the calls refused here, replayed below
    const hasher = contentHasher(dir.db);
    const t = new TallyProcess({ db: dir.db, env });
    try {
      await t.initialize();
      // Something for the refusals to collide with.
      assert.ok(!(await t.call('ledger_create_category', { name: 'Refusals', kind: 'expense' })).isError);
      let before = await hasher.hash();
      let refusedCount = 0;
      for (const call of calls) {
        const walBefore = walSize(dir.db);
        const wasRefused = await refused(t, call);
        const after = await hasher.hash();
        if (wasRefused) {
          assert.equal(after, before, `${call[0]} ${JSON.stringify(call[1])} was refused but changed the ledger`);
          // Nothing committed at all, not even rows put back as they were: the WAL did not grow.
          assert.equal(walSize(dir.db), walBefore, `${call[0]} ${JSON.stringify(call[1])} was refused but committed a transaction`);
          refusedCount++;
          stable.push(call);
        }
        before = after;  // a call that succeeded (a sample that happened to be valid) moves the baseline
      }
      console.log(`${refusedCount} of ${calls.length} calls to ${WRITE_TOOLS.length} write tools refused, each leaving the ledger unchanged`);
      // Nearly every call is a refusal; the few samples that are valid writes are not counted.
      assert.ok(refusedCount >= calls.length - 15, `only ${refusedCount} of ${calls.length} calls were refused`);
    } finally {
      await hasher.close();  // first: the server, the last connection, then checkpoints the WAL into the file
      await t.close();
    }

    // The file itself: a server that only refuses writes leaves its bytes as they were.
    const fileBefore = sha(dir.db);
    const again = new TallyProcess({ db: dir.db, env });
    try {
      await again.initialize();
      for (const call of stable) assert.ok(await refused(again, call), `${call[0]} was refused once, then accepted`);
    } finally {
      assert.equal((await again.close()).code, 0);
    }
    assert.equal(sha(dir.db), fileBefore, 'the ledger file changed although every write was refused');
  } finally {
    dir.cleanup();
  }
});
