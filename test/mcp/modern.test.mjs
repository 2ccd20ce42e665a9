// MCP 2026-07-28 ("modern") beside the legacy versions, against the real `tally`
// over its pipes (protocol-2026.md §A). The TypeScript SDK 1.x speaks only the
// legacy versions, so the modern client here is raw JSON-RPC: every request
// carries its envelope in params._meta. The 16 probes of §E2 each start a fresh
// process and assert the exact response; the rest cover real tools, the ledger,
// cancellation and the README's example.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, TallyProcess, tempDir, assertOnlyProtocolLines } from '../support/tally.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const P = 'io.modelcontextprotocol/';
/** The envelope of §E2: version and (empty) client capabilities. */
const M = { [`${P}protocolVersion`]: '2026-07-28', [`${P}clientCapabilities`]: {} };
const TTL_MS = 3600000;

let SERVER_INFO;    // what every modern result carries in _meta
let INSTRUCTIONS;   // the legacy initialize's text, which discover repeats
let LEGACY_INIT;    // a fresh process's initialize result at 2025-06-18

/** params with the envelope (plus extra _meta keys). */
const modern = (params = {}, meta = {}) => ({ ...params, _meta: { ...M, ...meta } });
const req = (id, method, params) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
const meta = (extra = {}) => ({ [`${P}serverInfo`]: SERVER_INFO, ...extra });
const result = (id, body) => ({ jsonrpc: '2.0', id, result: { ...body, resultType: 'complete', _meta: meta(body._meta) } });
const error = (id, code, message, data) => ({ jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } });

const MISSING_ENVELOPE = 'Invalid params: a 2026-07-28 request carries "params": {"_meta": '
  + '{"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {...}}}; '
  + 'legacy clients send initialize first instead';
const UNSUPPORTED = 'Unsupported protocol version: requests with "_meta" speak 2026-07-28; '
  + '2024-11-05 to 2025-11-25 are negotiated with initialize';
const NOT_INITIALIZED = 'Not initialized: send initialize first (only ping may come before it), '
  + 'or send 2026-07-28 requests, each with "params._meta" naming its version';

/** Sends `message` and resolves with its response (bounded wait). */
function send(t, message, timeoutMs = 5000) {
  const from = t.messages.length;
  t.write(message);
  return t.response(message.id, timeoutMs, from);
}

/** A fresh `tally serve --test-tools` on a fresh ledger; always closed, and every run
 *  checks stdout held only protocol lines and no server→client request (§E2.16). */
async function fresh(fn, { args = ['serve', '--test-tools'], dir = tempDir() } = {}) {
  const t = new TallyProcess({ db: dir.db, args });
  try {
    await fn(t, dir);
    assertOnlyProtocolLines(t, assert);
    assertNoServerRequests(t);
  } finally {
    if (t.child.exitCode === null && t.child.signalCode === null) await t.close();
    dir.cleanup();
  }
}

function assertNoServerRequests(t) {
  const requests = t.messages.filter((m) => 'method' in m && 'id' in m);
  assert.deepEqual(requests, [], 'a modern server sends no requests on stdout (A7)');
}

/** Ends the process with SIGTERM and resolves with its exit status once its stdout is
 *  read to the end ('exit' can come before the last lines; 'close' cannot). Bounded. */
async function terminate(t) {
  const closed = new Promise((resolve) => t.child.once('close', resolve));
  t.child.kill('SIGTERM');
  const timer = setTimeout(() => t.child.kill('SIGKILL'), 5000);
  const status = await t.exited;
  await closed;
  clearTimeout(timer);
  return status;
}

const fileHash = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

before(async () => {
  const version = execFileSync(TALLY, ['--version'], { encoding: 'utf8' }).trim().replace(/^tally /, '');
  SERVER_INFO = { name: 'tally', title: 'Tally', version };
  await fresh(async (t) => {
    LEGACY_INIT = await t.initialize('2025-06-18');
    INSTRUCTIONS = LEGACY_INIT.instructions;
  });
  assert.ok(INSTRUCTIONS.length > 0);
});

// ---------------------------------------------------------------------------
// §E2: the raw stdio probes, one fresh process each.

test('E2.1 server/discover answers the discover result', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'server/discover', modern())), result(1, {
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: false }, prompts: { listChanged: false }, resources: { listChanged: false }, completions: {} },
      instructions: INSTRUCTIONS,
      ttlMs: TTL_MS,
      cacheScope: 'public',
    }));
  });
});

test('E2.2 discover without the envelope, or without clientCapabilities, is -32602', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'server/discover', {})), error(1, -32602, MISSING_ENVELOPE));
  });
  await fresh(async (t) => {
    const params = { _meta: { [`${P}protocolVersion`]: '2026-07-28' } };
    assert.deepEqual(await send(t, req(1, 'server/discover', params)), error(1, -32602,
      'Invalid params: "_meta" needs "io.modelcontextprotocol/clientCapabilities" (an object; {} declares none)'));
  });
});

test('E2.3 an unsupported version is -32022 with supported and requested; a non-string one is -32602', async () => {
  for (const requested of ['2099-01-01', '2025-11-25']) {
    await fresh(async (t) => {
      const r = await send(t, req(1, 'server/discover', modern({}, { [`${P}protocolVersion`]: requested })));
      assert.deepEqual(r, error(1, -32022, UNSUPPORTED, { supported: ['2026-07-28'], requested }));
    });
  }
  await fresh(async (t) => {
    const r = await send(t, req(1, 'server/discover', modern({}, { [`${P}protocolVersion`]: 20260728 })));
    assert.deepEqual(r, error(1, -32602, 'Invalid params: "io.modelcontextprotocol/protocolVersion" must be a string such as "2026-07-28"'));
  });
});

test('E2.4 tools/list repeats byte-identical, with resultType, ttlMs, cacheScope and serverInfo', async () => {
  const golden = JSON.parse(readFileSync(path.join(here, 'tools_list.json'), 'utf8'));
  await fresh(async (t) => {
    const first = await send(t, req(4, 'tools/list', modern()));
    const firstLine = t.lines.at(-1);
    const second = await send(t, req(4, 'tools/list', modern()));
    assert.equal(t.lines.at(-1), firstLine, 'the same request gets the same bytes');
    assert.deepEqual(second, first);
    // The same set and order as the legacy golden file (the product's tools, A5).
    assert.deepEqual(first, result(4, { tools: golden.tools, ttlMs: TTL_MS, cacheScope: 'public' }));
  }, { args: ['serve'] });
});

test('E2.4 paged tools/list: every page has the same ttlMs and cacheScope; a bad cursor is -32602', async () => {
  await fresh(async (t) => {
    const all = JSON.parse(readFileSync(path.join(here, 'tools_list.json'), 'utf8')).tools;
    const pages = [];
    let cursor;
    for (let i = 0; i < 100; i++) {
      const r = (await send(t, req('p', 'tools/list', modern(cursor ? { cursor } : {})))).result;
      const line = t.lines.at(-1);
      await send(t, req('p', 'tools/list', modern(cursor ? { cursor } : {})));
      assert.equal(t.lines.at(-1), line, 'a repeated page is the same bytes');
      pages.push(r);
      assert.deepEqual([r.ttlMs, r.cacheScope, r.resultType], [TTL_MS, 'public', 'complete']);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    assert.ok(pages.length > 1, 'more than one page');
    assert.deepEqual(pages.flatMap((p) => p.tools), all);
    assert.deepEqual(await send(t, req('bad', 'tools/list', modern({ cursor: 'garbage' }))),
      error('bad', -32602, 'Invalid cursor: pass back a nextCursor from an earlier tools/list, or none'));
  }, { args: ['serve', '--page-size', '5'] });
});

test('E2.5 tools/call: an unknown tool is -32602; a bad argument is an isError result', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(5, 'tools/call', modern({ name: 'no_such_tool', arguments: {} }))),
      error(5, -32602, 'Unknown tool: no_such_tool (tools/list names the tools)'));
    assert.deepEqual(await send(t, req(6, 'tools/call', modern({ name: 'test_slow_write', arguments: { seconds: 100 } }))),
      result(6, { content: [{ type: 'text', text: 'seconds: must be at most 60 (got 100)' }], isError: true }));
    // Business failures are isError results too.
    const failed = await send(t, req(7, 'tools/call', modern({ name: 'test_error_handling', arguments: {} })));
    assert.equal(failed.result.isError, true);
    assert.equal(failed.result.resultType, 'complete');
  });
});

test('E2.6 ping, logging/setLevel, initialize and resources/subscribe with the envelope are -32601', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'ping', modern())), error(1, -32601, 'Method not found: ping was removed in 2026-07-28'));
    assert.deepEqual(await send(t, req(2, 'logging/setLevel', modern({ level: 'debug' }))),
      error(2, -32601, 'Method not found: logging/setLevel was removed in 2026-07-28'));
    assert.deepEqual(await send(t, req(3, 'initialize', modern({ protocolVersion: '2025-11-25', capabilities: {} }))),
      error(3, -32601, 'Method not found: 2026-07-28 has no initialize; to negotiate a legacy version, send initialize without "_meta"'));
    assert.deepEqual(await send(t, req(4, 'resources/subscribe', modern({ uri: 'file:///x' }))),
      error(4, -32601, 'Method not found: resources/subscribe was removed in 2026-07-28'));
    // resources/list itself is served: the ledger lists ledger_chart's MCP Apps view.
    assert.deepEqual((await send(t, req(5, 'resources/list', modern()))).result.resources.map((r) => r.uri), ['ui://tally/chart']);
    // The -32601 to initialize opened no legacy session.
    assert.deepEqual(await send(t, req(6, 'tools/list', {})), error(6, -32600, NOT_INITIALIZED));
  });
});

test('E2.7 a bad logLevel is -32602; no log notifications reach a modern caller', async () => {
  await fresh(async (t) => {
    const call = (id, metaExtra) => req(id, 'tools/call', modern({ name: 'test_tool_with_logging', arguments: {} }, metaExtra));
    assert.deepEqual(await send(t, call(1, { [`${P}logLevel`]: 'loud' })), error(1, -32602,
      'Invalid params: "io.modelcontextprotocol/logLevel" must be one of debug, info, notice, warning, error, critical, alert, emergency'));
    assert.equal((await send(t, call(2, {}))).result.resultType, 'complete');
    // Tally does not adopt modern logging (A6, ours): not even with a level.
    assert.equal((await send(t, call(3, { [`${P}logLevel`]: 'debug' }))).result.resultType, 'complete');
    assert.deepEqual(t.messages.filter((m) => m.method === 'notifications/message'), []);
    // The same tool does log to a legacy caller, so the silence above is the era's doing.
    await t.initialize('2025-11-25');
    await t.call('test_tool_with_logging', {});
    assert.equal(t.messages.filter((m) => m.method === 'notifications/message').length, 3);
  });
});

test('E2.8 subscriptions/listen is acknowledged, held without a response, and ends silently when cancelled', async () => {
  await fresh(async (t) => {
    t.write(req(9, 'subscriptions/listen', modern({ notifications: { toolsListChanged: true } })));
    const ack = await t.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged', 5000, 'the acknowledgement');
    assert.deepEqual(ack, { jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged',
      params: { _meta: { [`${P}subscriptionId`]: 9 }, notifications: {} } });
    // Still open: its id is in flight, and later requests are served meanwhile.
    assert.deepEqual(await send(t, req(9, 'tools/list', modern())), error(9, -32600, 'Invalid Request: id 9 is already used by a request in progress'));
    assert.equal((await send(t, req(10, 'tools/list', modern()))).result.resultType, 'complete');
    t.notify('notifications/cancelled', { requestId: 9 });
    // Once cancelled the id is free again, and shutting down says nothing more about it.
    assert.equal((await send(t, req(9, 'tools/list', modern()))).result.resultType, 'complete');
    assert.equal((await terminate(t)).code, 0);
    assert.deepEqual(t.messages.filter((m) => m.id === 9 && !m.result?.tools), [t.messages.find((m) => m.error)]);
  });
});

test('E2.8 an open listen gets its completion result on SIGTERM', async () => {
  await fresh(async (t) => {
    t.write(req('sub', 'subscriptions/listen', modern({ notifications: {} })));
    await t.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged', 5000, 'the acknowledgement');
    assert.equal((await terminate(t)).code, 0);
    assert.deepEqual(t.messages.filter((m) => m.id === 'sub'), [result('sub', { _meta: { [`${P}subscriptionId`]: 'sub' } })]);
  });
});

test('E2.8 listen needs a notifications object and the envelope', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'subscriptions/listen', modern({ notifications: [] }))), error(1, -32602,
      'Invalid params: subscriptions/listen needs "notifications" (an object naming the notifications wanted)'));
    assert.deepEqual(await send(t, req(2, 'subscriptions/listen', { notifications: {} })), error(2, -32602, MISSING_ENVELOPE));
    assert.equal(t.messages.filter((m) => m.method === 'notifications/subscriptions/acknowledged').length, 0);
  });
});

test('E2.9 progress increases and ends before the response', async () => {
  await fresh(async (t) => {
    const r = await send(t, req(1, 'tools/call', modern({ name: 'test_tool_with_progress', arguments: {} }, { progressToken: 'p' })));
    const at = t.messages.indexOf(r);
    const progress = t.messages.filter((m) => m.method === 'notifications/progress');
    assert.deepEqual(progress.map((m) => m.params), [0, 50, 100].map((n) => ({ progressToken: 'p', progress: n, total: 100 })));
    assert.ok(progress.every((m) => t.messages.indexOf(m) < at));
    assert.deepEqual(r, result(1, { content: [{ type: 'text', text: 'Tool with progress executed successfully' }] }));
  });
});

test('E2.10 discover then initialize 2025-06-18: the legacy result, unchanged', async () => {
  await fresh(async (t) => {
    assert.equal((await send(t, req(1, 'server/discover', modern()))).result.resultType, 'complete');
    const init = await send(t, req(2, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tally-tests', version: '1.0.0' } }));
    assert.deepEqual(init, { jsonrpc: '2.0', id: 2, result: LEGACY_INIT });
    assert.equal('resultType' in init.result, false);
  });
});

test('E2.11 discover at 2099 gets -32022, then initialize is served', async () => {
  await fresh(async (t) => {
    const r = await send(t, req(1, 'server/discover', modern({}, { [`${P}protocolVersion`]: '2099-01-01' })));
    assert.equal(r.error.code, -32022);
    const init = await send(t, req(2, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tally-tests', version: '1.0.0' } }));
    assert.deepEqual(init.result, LEGACY_INIT);
  });
});

test('E2.12 after initialize, claim-less requests are legacy and claimed ones modern', async () => {
  await fresh(async (t) => {
    await t.initialize('2025-11-25');
    const legacy = await send(t, req(2, 'tools/list'));
    assert.deepEqual(Object.keys(legacy.result), ['tools']);
    const mod = await send(t, req(3, 'tools/list', modern()));
    assert.deepEqual(mod, result(3, { tools: legacy.result.tools, ttlMs: TTL_MS, cacheScope: 'public' }));
    // Legacy keeps what 2026-07-28 removed.
    assert.deepEqual(await send(t, req(4, 'ping')), { jsonrpc: '2.0', id: 4, result: {} });
    assert.deepEqual(await send(t, req(5, 'logging/setLevel', { level: 'error' })), { jsonrpc: '2.0', id: 5, result: {} });
    const call = await send(t, req(6, 'tools/call', { name: 'test_simple_text', arguments: {} }));
    assert.deepEqual(call.result, { content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
  });
});

test('E2.13 a claim-less initialize after modern traffic is served', async () => {
  await fresh(async (t) => {
    assert.equal((await send(t, req(1, 'tools/list', modern()))).result.cacheScope, 'public');
    const init = await send(t, req(2, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tally-tests', version: '1.0.0' } }));
    assert.deepEqual(init.result, LEGACY_INIT);
    assert.ok((await send(t, req(3, 'tools/list'))).result.tools.length > 0);
  });
});

test('E2.14 claim-less tools/list first is -32600 naming both ways in; claim-less ping first is {}', async () => {
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'tools/list')), error(1, -32600, NOT_INITIALIZED));
  });
  await fresh(async (t) => {
    assert.deepEqual(await send(t, req(1, 'ping')), { jsonrpc: '2.0', id: 1, result: {} });
  });
});

test('E2.15 discover then end of input: exit 0, ledger untouched', async () => {
  const dir = tempDir();
  try {
    await fresh(async (t) => {  // make the ledger, with one committed write
      await send(t, req(1, 'tools/call', modern({ name: 'test_slow_write', arguments: { seconds: 0 } })));
    }, { dir: { ...dir, cleanup() {} } });
    const before = fileHash(dir.db);
    await fresh(async (t) => {
      assert.equal((await send(t, req(1, 'server/discover', modern()))).result.resultType, 'complete');
      assert.equal((await t.close()).code, 0);
      assert.equal(t.stderr, '', 'quiet by default');
    }, { dir: { ...dir, cleanup() {} } });
    assert.equal(fileHash(dir.db), before, 'discover wrote nothing');
  } finally {
    dir.cleanup();
  }
});

// E2.16 (no server→client request on stdout) is asserted by fresh() after every test;
// a tool that would ask the client instead fails as a tool error:
test('E2.16 a tool that needs a server→client request fails as a tool error, sending none', async () => {
  await fresh(async (t) => {
    const caps = { elicitation: {} };
    const r = await send(t, req(1, 'tools/call', modern({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }, { [`${P}clientCapabilities`]: caps })));
    assert.deepEqual(r, result(1, { content: [{ type: 'text',
      text: 'This client speaks MCP 2026-07-28, where servers send no requests to clients, so elicitation/create cannot be sent to it.' }], isError: true }));
  });
});

// ---------------------------------------------------------------------------
// Real tools, the ledger, notifications and cancellation.

test('modern tools/call of real toolset tools: one write changes the ledger once; a bad envelope changes nothing', async () => {
  await fresh(async (t) => {
    const cards = async (id) => (await send(t, req(id, 'tools/call', modern({ name: 'list_cards', arguments: {} })))).result;
    const empty = await cards('l0');
    assert.equal(empty.resultType, 'complete');
    assert.deepEqual(empty.structuredContent.cards, []);
    const add = await send(t, req('w1', 'tools/call', modern({ name: 'rewards_add_card', arguments: { cardKey: 'capital-one-savor' } })));
    assert.equal(add.result.isError, undefined, JSON.stringify(add));
    assert.equal(add.result.resultType, 'complete');
    assert.equal(add.result.structuredContent.cardKey, 'capital-one-savor');
    assert.deepEqual((await cards('l1')).structuredContent.cards.map((c) => c.id), [add.result.structuredContent.id]);
    // The same write with a bad envelope is refused before it runs.
    const badVersion = await send(t, req('w2', 'tools/call', modern({ name: 'rewards_add_card', arguments: { cardKey: 'capital-one-savor' } }, { [`${P}protocolVersion`]: '2099-01-01' })));
    assert.equal(badVersion.error.code, -32022);
    const noCaps = await send(t, req('w3', 'tools/call', { name: 'rewards_add_card', arguments: { cardKey: 'capital-one-savor' }, _meta: { [`${P}protocolVersion`]: '2026-07-28' } }));
    assert.equal(noCaps.error.code, -32602);
    assert.equal((await cards('l2')).structuredContent.cards.length, 1, 'refused calls wrote nothing');
  }, { args: ['serve'] });
});

test('cancelling a modern call in flight: no response, the write rolled back; notifications need no envelope', async () => {
  await fresh(async (t) => {
    t.notify('notifications/initialized');  // no envelope, no session: accepted silently
    t.write(req('slow', 'tools/call', modern({ name: 'test_slow_write', arguments: { seconds: 5 } }, { progressToken: 'tok' })));
    await t.waitFor((m) => m.method === 'notifications/progress' && m.params.progressToken === 'tok', 5000, 'first progress');
    t.notify('notifications/cancelled', { requestId: 'slow', reason: 'user stopped it' });
    const count = await send(t, req('c', 'tools/call', modern({ name: 'test_count_marks', arguments: {} })));
    // The text block repeats structuredContent; its layout is the registry's business.
    assert.deepEqual(JSON.parse(count.result.content[0].text), { count: 0 });
    assert.deepEqual(count, result('c', { content: [{ type: 'text', text: count.result.content[0].text }], structuredContent: { count: 0 } }));
    const progressAfter = t.messages.slice(t.messages.indexOf(count)).filter((m) => m.method === 'notifications/progress');
    assert.deepEqual(progressAfter, [], 'nothing more for a cancelled id');
    assert.ok(!t.messages.some((m) => m.id === 'slow'), 'no response for a cancelled request');
    assert.ok(!t.messages.some((m) => m.id === null), 'the notifications were not answered');
  });
});

test('both eras share one process: legacy session traffic and modern requests interleave', async () => {
  await fresh(async (t) => {
    assert.equal((await send(t, req(1, 'tools/call', modern({ name: 'test_slow_write', arguments: { seconds: 0, note: 'modern' } })))).result.resultType, 'complete');
    await t.initialize('2025-03-26');
    const legacy = await t.call('test_count_marks', {});
    assert.deepEqual(Object.keys(legacy), ['content'], '2025-03-26 has no structuredContent');
    assert.deepEqual(JSON.parse(legacy.content[0].text), { count: 1 });
    const mod = await send(t, req(3, 'tools/call', modern({ name: 'test_count_marks', arguments: {} })));
    assert.deepEqual(mod.result.structuredContent, { count: 1 }, 'modern shapes do not follow the legacy session');
    // A second initialize is still refused: one legacy session per process.
    assert.equal((await send(t, req(4, 'initialize', { protocolVersion: '2025-11-25', capabilities: {} }))).error.code, -32600);
  });
});

// ---------------------------------------------------------------------------
// The README's raw example is this exchange, run for real.

test('README: the 2026-07-28 example exchange is what tally answers', async () => {
  const readme = readFileSync(path.join(here, '..', '..', 'README.md'), 'utf8');
  const block = readme.match(/<!-- modern-example -->\r?\n```json\r?\n([\s\S]*?)```/);
  assert.ok(block, 'README.md has a <!-- modern-example --> block');
  const lines = block[1].trim().split('\n');
  await fresh(async (t) => {
    for (let i = 0; i < lines.length; i += 2) {
      const [sent, answer] = [JSON.parse(lines[i]), JSON.parse(lines[i + 1])];
      const got = await send(t, sent);
      // The README shows serverInfo.version as the release; compare everything else exactly.
      if (got.result?._meta) got.result._meta[`${P}serverInfo`].version = answer.result._meta[`${P}serverInfo`].version;
      assert.deepEqual(got, answer, `README line ${i + 2}`);
    }
  }, { args: ['serve'] });
});
