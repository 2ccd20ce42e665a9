// protocol.md §A against the real binary over its pipes: every error path with
// its exact code, lifecycle and versions, batches, cancellation, progress,
// logging, and that stdout carries nothing but protocol lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess, tempDir, assertOnlyProtocolLines } from '../support/tally.mjs';

async function session(fn, { init = '2025-11-25', args = ['serve', '--test-tools'], env = {}, capabilities = {} } = {}) {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, args, env });
  try {
    if (init) await t.initialize(init, capabilities);
    await fn(t, dir);
    assertOnlyProtocolLines(t, assert);
  } finally {
    await t.close();
    dir.cleanup();
  }
}

const nextError = (t, after) => t.waitFor((m, i) => t.messages.indexOf(m) >= after && m.error && m.id === null, 3000, 'an error with id null');

function expectError(response, code, pattern) {
  assert.ok(response.error, `expected an error, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, JSON.stringify(response.error));
  if (pattern) assert.match(response.error.message, pattern);
}

test('A1/A2: malformed JSON, invalid UTF-8, bad envelopes get the exact codes and the server keeps serving', async () => {
  await session(async (t) => {
    // [line, code, message pattern, the id the answer must carry]
    const cases = [
      ['{"jsonrpc":"2.0","id":1,', -32700, /^Parse error/],
      [Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'), -32700, /Parse error/],
      ['"just a string"', -32600, /JSON object/],
      ['{"jsonrpc":"1.0","id":7,"method":"ping"}', -32600, /"jsonrpc" must be "2.0"/, 7],
      ['{"jsonrpc":"2.0","id":null,"method":"tools/list"}', -32600, /"id" must be a string or an integer/],
      ['{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}', -32600, /"id"/],
      ['{"jsonrpc":"2.0","id":true,"method":"tools/list"}', -32600, /"id"/],
      ['{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}', -32600, /"id"/],
      ['{"jsonrpc":"2.0"}', -32600, /needs a "method"/],
      ['[1,2', -32700, /Parse error/],
      ['[' .repeat(100) + ']'.repeat(100), -32700, /nesting deeper than 64/],
    ];
    for (const [line, code, pattern, id = null] of cases) {
      const before = t.messages.length;
      if (line.includes('\xff')) t.child.stdin.write(Buffer.concat([Buffer.from(line, 'latin1'), Buffer.from('\n')]));
      else t.write(line);
      const r = await t.waitFor((m) => t.messages.indexOf(m) >= before, 3000, `the answer to ${line.slice(0, 40)}`);
      expectError(r, code, pattern);
      assert.equal(r.id, id, `the id of the answer to ${line.slice(0, 40)}`);
    }
    // The id is echoed when it is readable.
    t.write('{"jsonrpc":"2.0","id":"m1","method":5}');
    expectError(await t.response('m1'), -32600, /"method" must be a string/);
    t.write('{"jsonrpc":"2.0","id":"p1","method":"tools/list","params":[1]}');
    expectError(await t.response('p1'), -32602, /"params" must be an object/);
    // Still serving.
    assert.deepEqual((await t.request('ping')).result, {});
  });
});

test('A1: a line over 4 MiB is refused with -32600 and the next line is served', async () => {
  await session(async (t) => {
    const before = t.messages.length;
    const big = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"' + 'a'.repeat(10 * 1024 * 1024) + '"}}';
    t.write(big);
    const r = await t.waitFor((m) => t.messages.indexOf(m) >= before, 10000, 'the oversize error');
    expectError(r, -32600, /longer than 4 MiB/);
    assert.equal(r.id, null);
    assert.deepEqual((await t.request('ping', undefined, { id: 'after' })).result, {});
  });
});

test('A1: blank lines and CRLF are tolerated', async () => {
  await session(async (t) => {
    t.child.stdin.write('\n\r\n{"jsonrpc":"2.0","id":"crlf","method":"ping"}\r\n');
    assert.deepEqual((await t.response('crlf')).result, {});
  });
});

test('A2: notifications are never answered, even unknown or malformed ones', async () => {
  await session(async (t) => {
    const before = t.lines.length;
    t.write('{"jsonrpc":"2.0","method":"notifications/unknown"}');
    t.write('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"nope"}}');
    t.write('{"jsonrpc":"1.0","method":"notifications/initialized"}');
    t.write('{"jsonrpc":"2.0","method":"tools/list"}');
    const r = await t.request('ping', undefined, { id: 'fence' });
    assert.deepEqual(r.result, {});
    assert.equal(t.lines.length, before + 1, 'only the ping was answered');
  });
});

test('A2: unknown methods get -32601; unknown tools, bad cursors and bad levels get -32602', async () => {
  await session(async (t) => {
    expectError(await t.request('tally/no_such_method'), -32601, /Method not found: tally\/no_such_method/);
    expectError(await t.request('prompts/get', { name: 'no_such_prompt' }), -32602);  // the toolsets serve prompts (issue 19)
    expectError(await t.request('server/discover', {}), -32602, /a 2026-07-28 request carries/);  // dual-era: protocol-2026.md A1
    expectError(await t.request('tools/call', { name: 'no_such_tool', arguments: {} }), -32602, /Unknown tool: no_such_tool/);
    expectError(await t.request('tools/call', { arguments: {} }), -32602, /needs "name"/);
    expectError(await t.request('tools/call', { name: 'test_simple_text', arguments: [1] }), -32602, /"arguments" must be an object/);
    expectError(await t.request('tools/list', { cursor: 'garbage' }), -32602, /Invalid cursor/);
    expectError(await t.request('logging/setLevel', { level: 'loud' }), -32602, /"level" must be one of/);
    expectError(await t.request('logging/setLevel', {}), -32602);
  });
});

test('A2: a duplicate id in flight gets -32600; the first request completes', async () => {
  await session(async (t) => {
    t.write({ jsonrpc: '2.0', id: 'dup', method: 'tools/call', params: { name: 'test_slow_write', arguments: { seconds: 0.5 } } });
    t.write({ jsonrpc: '2.0', id: 'dup', method: 'tools/list' });
    const second = await t.waitFor((m) => m.id === 'dup' && m.error, 3000, 'the duplicate error');
    expectError(second, -32600, /already used by a request in progress/);
    const first = await t.waitFor((m) => m.id === 'dup' && m.result, 5000, 'the slow result');
    assert.equal(first.result.structuredContent.written, true);
    // Once finished, the id may be used again (no history of finished ids).
    assert.ok((await t.request('tools/list', undefined, { id: 'dup' })).result.tools.length > 0);
  });
});

test('A3: before initialize only ping is served; known methods get -32600, unknown -32601', async () => {
  await session(async (t) => {
    assert.deepEqual((await t.request('ping')).result, {});
    expectError(await t.request('tools/list'), -32600, /Not initialized/);
    expectError(await t.request('tools/call', { name: 'test_simple_text' }), -32600, /Not initialized/);
    expectError(await t.request('nonsense/method'), -32601);
    expectError(await t.request('server/discover', {}), -32602, /a 2026-07-28 request carries/);  // dual-era: protocol-2026.md A1
    expectError(await t.request('initialize', { capabilities: {} }), -32602, /protocolVersion/);
    expectError(await t.request('initialize', { protocolVersion: 20250618, capabilities: {} }), -32602);
    const ok = await t.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } });
    assert.equal(ok.result.protocolVersion, '2025-06-18');
    expectError(await t.request('initialize', { protocolVersion: '2025-06-18', capabilities: {} }), -32600, /already initialized/);
  }, { init: null });
});

test('A3: version negotiation echoes supported versions and answers the latest otherwise', async () => {
  for (const [asked, answered] of [['2024-11-05', '2024-11-05'], ['2025-03-26', '2025-03-26'], ['2025-06-18', '2025-06-18'], ['2025-11-25', '2025-11-25'], ['2099-01-01', '2025-11-25'], ['1.0', '2025-11-25']]) {
    await session(async (t) => {
      const r = await t.initialize(asked);
      assert.equal(r.protocolVersion, answered, `asked ${asked}`);
      assert.equal(r.serverInfo.name, 'tally');
      assert.ok(r.instructions.length > 0);
      assert.deepEqual(r.capabilities, { tools: { listChanged: false }, logging: {}, prompts: { listChanged: false },
        resources: { listChanged: false, subscribe: true }, completions: {} });  // resources: ledger_chart's MCP Apps view
    }, { init: null });
  }
});

test('E: each version gets only the fields it defines', async () => {
  const shapes = {};
  for (const v of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
    await session(async (t) => {
      const init = await t.initialize(v);
      const list = (await t.request('tools/list')).result.tools;
      const slow = list.find((x) => x.name === 'test_slow_write');
      const call = (await t.request('tools/call', { name: 'test_count_marks', arguments: {} })).result;
      shapes[v] = { title: 'title' in init.serverInfo, description: 'description' in init.serverInfo, toolTitle: 'title' in slow, annotations: 'annotations' in slow, structured: 'structuredContent' in call };
      assert.ok(list.every((x) => x.description && x.inputSchema && x.inputSchema.type === 'object'));
    }, { init: null });
  }
  assert.deepEqual(shapes['2024-11-05'], { title: false, description: false, toolTitle: false, annotations: false, structured: false });
  assert.deepEqual(shapes['2025-03-26'], { title: false, description: false, toolTitle: false, annotations: true, structured: false });
  assert.deepEqual(shapes['2025-06-18'], { title: true, description: false, toolTitle: true, annotations: true, structured: true });
  assert.deepEqual(shapes['2025-11-25'], { title: true, description: true, toolTitle: true, annotations: true, structured: true });
});

test('A5: tools/list pages with an opaque cursor and covers every tool once', async () => {
  await session(async (t) => {
    const names = [];
    let cursor;
    let pages = 0;
    do {
      const r = (await t.request('tools/list', cursor ? { cursor } : {})).result;
      assert.ok(r.tools.length <= 3);
      names.push(...r.tools.map((x) => x.name));
      cursor = r.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    const all = (await t.request('tools/list')).result;
    assert.ok(!('nextCursor' in all) || true);
    assert.equal(new Set(names).size, names.length, 'no tool twice');
    assert.ok(pages > 1, 'more than one page');
  }, { args: ['serve', '--test-tools', '--page-size', '3'] });
});

test('A7: argument validation failures are isError results naming the field and rule', async () => {
  await session(async (t) => {
    let r = await t.call('test_sampling', {});
    assert.equal(r.isError, true);
    assert.equal(r.content[0].text, 'prompt: is required');
    r = await t.call('test_sampling', { prompt: 5 });
    assert.equal(r.content[0].text, 'prompt: must be a string (got integer 5)');
    r = await t.call('test_slow_write', { seconds: 99 });
    assert.equal(r.content[0].text, 'seconds: must be at most 60 (got 99)');
    r = await t.call('test_simple_text', { extra: 1 });
    assert.equal(r.content[0].text, 'extra: is not a parameter here (this takes none)');
    r = await t.call('test_error_handling', {});
    assert.equal(r.isError, true);
    assert.equal(r.content[0].text, 'This tool intentionally returns an error for testing');
  });
});

test('A8: a cancelled call gets no response and its write is rolled back', async () => {
  await session(async (t) => {
    t.write({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'test_slow_write', arguments: { seconds: 5 }, _meta: { progressToken: 'tok' } } });
    await t.waitFor((m) => m.method === 'notifications/progress' && m.params.progressToken === 'tok', 3000, 'first progress');
    t.notify('notifications/cancelled', { requestId: 'slow', reason: 'user stopped it' });
    const count = await t.call('test_count_marks', {});
    assert.equal(count.structuredContent.count, 0, 'the cancelled write must not be committed');
    assert.ok(!t.messages.some((m) => m.id === 'slow'), 'no response for a cancelled request');
    // A finished write is kept.
    await t.call('test_slow_write', { seconds: 0 });
    assert.equal((await t.call('test_count_marks', {})).structuredContent.count, 1);
  });
});

test('A10: ping is answered while a tool runs', async () => {
  await session(async (t) => {
    t.write({ jsonrpc: '2.0', id: 'busy', method: 'tools/call', params: { name: 'test_slow_write', arguments: { seconds: 2 } } });
    const pong = await t.request('ping', undefined, { id: 'p' });
    assert.deepEqual(pong.result, {});
    assert.ok(!t.messages.some((m) => m.id === 'busy'), 'ping answered before the slow call finished');
    await t.response('busy', 5000);
  });
});

test('A9: progress notifications increase and stop before the response', async () => {
  await session(async (t) => {
    t.write({ jsonrpc: '2.0', id: 'pr', method: 'tools/call', params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 7 } } });
    await t.response('pr');
    const progress = t.messages.filter((m) => m.method === 'notifications/progress');
    assert.deepEqual(progress.map((m) => m.params.progress), [0, 50, 100]);
    assert.ok(progress.every((m) => m.params.progressToken === 7 && m.params.total === 100));
    const responseAt = t.messages.findIndex((m) => m.id === 'pr');
    assert.ok(t.messages.indexOf(progress.at(-1)) < responseAt);
    // No token, no notifications.
    const before = t.messages.length;
    await t.call('test_tool_with_progress', {});
    assert.equal(t.messages.slice(before).filter((m) => m.method === 'notifications/progress').length, 0);
  });
});

test('A11: log notifications respect the level set by logging/setLevel', async () => {
  await session(async (t) => {
    let before = t.messages.length;
    await t.call('test_tool_with_logging', {});
    assert.equal(t.messages.slice(before).filter((m) => m.method === 'notifications/message').length, 3, 'info is on by default');
    assert.deepEqual((await t.request('logging/setLevel', { level: 'error' })).result, {});
    before = t.messages.length;
    await t.call('test_tool_with_logging', {});
    assert.equal(t.messages.slice(before).filter((m) => m.method === 'notifications/message').length, 0);
    await t.request('logging/setLevel', { level: 'debug' });
    before = t.messages.length;
    await t.call('test_tool_with_logging', {});
    const logs = t.messages.slice(before).filter((m) => m.method === 'notifications/message');
    assert.deepEqual(logs.map((m) => m.params.data), ['Tool execution started', 'Tool processing data', 'Tool execution completed']);
    assert.ok(logs.every((m) => m.params.level === 'info'));
  });
});

test('A12: batches only under 2025-03-26', async () => {
  await session(async (t) => {
    t.write('[{"jsonrpc":"2.0","id":"b1","method":"ping"},{"jsonrpc":"2.0","id":"b2","method":"tools/call","params":{"name":"test_simple_text","arguments":{}}},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"b3","method":"nope"},{"jsonrpc":"2.0","id":"b4","method":"initialize","params":{}}]');
    const batch = await t.waitFor((m) => Array.isArray(m), 3000, 'the batch response');
    assert.deepEqual(batch.map((r) => r.id), ['b1', 'b2', 'b3', 'b4']);
    assert.deepEqual(batch[0].result, {});
    assert.equal(batch[1].result.content[0].text, 'This is a simple text response for testing.');
    assert.equal(batch[2].error.code, -32601);
    assert.equal(batch[3].error.code, -32600);
    let before = t.messages.length;
    t.write('[]');
    let r = await t.waitFor((m) => t.messages.indexOf(m) >= before, 3000, 'empty batch error');
    expectError(r, -32600, /empty batch/);
    before = t.messages.length;
    t.write('[{"jsonrpc":"2.0","method":"notifications/initialized"}]');
    assert.deepEqual((await t.request('ping', undefined, { id: 'fence' })).result, {});
    assert.equal(t.messages.length, before + 1, 'a batch of notifications gets no answer');
  }, { init: '2025-03-26' });
  await session(async (t) => {
    const before = t.messages.length;
    t.write('[{"jsonrpc":"2.0","id":1,"method":"ping"}]');
    const r = await t.waitFor((m) => t.messages.indexOf(m) >= before, 3000, 'batch refusal');
    expectError(r, -32600, /only under protocol version 2025-03-26/);
    assert.equal(r.id, null);
  }, { init: '2025-06-18' });
});

test('C7: sampling and elicitation go to the client and its answer comes back; no capability, no request', async () => {
  await session(async (t) => {
    t.write({ jsonrpc: '2.0', id: 's', method: 'tools/call', params: { name: 'test_sampling', arguments: { prompt: 'hi' } } });
    const req = await t.waitFor((m) => m.method === 'sampling/createMessage', 3000, 'the sampling request');
    assert.equal(req.params.messages[0].content.text, 'hi');
    t.write({ jsonrpc: '2.0', id: req.id, result: { role: 'assistant', content: { type: 'text', text: 'hello back' }, model: 'm' } });
    const r = await t.response('s');
    assert.equal(r.result.content[0].text, 'LLM response: hello back');
  }, { capabilities: { sampling: {}, elicitation: {} } });
  await session(async (t) => {
    const r = await t.call('test_elicitation', { message: 'who?' });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /did not declare the "elicitation" capability/);
    assert.ok(!t.messages.some((m) => m.method === 'elicitation/create'));
  });
});

test('A1: end of input ends the process with status 0 after answering what was read', async () => {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, args: ['serve'] });
  t.write({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {} } });
  t.write({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const status = await t.close();
  assert.equal(status.code, 0);
  assert.ok(t.messages.some((m) => m.id === 2 && m.result));
  assert.equal(t.stderr, '', 'quiet by default');
  dir.cleanup();
});

test('SIGTERM stops a running call, rolls it back and exits 0', async () => {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, args: ['serve', '--test-tools'] });
  await t.initialize();
  t.write({ jsonrpc: '2.0', id: 'long', method: 'tools/call', params: { name: 'test_slow_write', arguments: { seconds: 30 }, _meta: { progressToken: 1 } } });
  await t.waitFor((m) => m.method === 'notifications/progress', 3000, 'progress');
  t.child.kill('SIGTERM');
  const status = await Promise.race([t.exited, new Promise((r) => setTimeout(() => r({ code: 'hung' }), 5000))]);
  assert.equal(status.code, 0);
  const again = new TallyProcess({ db: dir.db, args: ['serve', '--test-tools'] });
  await again.initialize();
  assert.equal((await again.call('test_count_marks', {})).structuredContent.count, 0);
  await again.close();
  dir.cleanup();
});
