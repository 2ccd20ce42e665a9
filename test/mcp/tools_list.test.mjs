// The product's tools/list is a golden snapshot: any change to a tool's name,
// texts, schemas or annotations shows up here as a diff (UPDATE_GOLDEN=1
// rewrites tools_list.json). Also checks the rules every tool must follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TallyProcess, tempDir } from '../support/tally.mjs';

const golden = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tools_list.json');

async function listTools(args) {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db, args });
  try {
    await t.initialize('2025-11-25');
    const first = await t.request('tools/list');
    const second = await t.request('tools/list');
    assert.equal(JSON.stringify(first.result), JSON.stringify(second.result), 'repeats are byte-identical');
    return { result: first.result, line: t.lines.find((l) => l.includes('"tools"')) };
  } finally {
    await t.close();
    dir.cleanup();
  }
}

test('tools/list matches the golden snapshot and has no test tools', async () => {
  const { result } = await listTools(['serve']);
  const text = JSON.stringify(result, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, text);
  assert.equal(text, readFileSync(golden, 'utf8'), 'tools/list changed: review, then UPDATE_GOLDEN=1');
  assert.ok(result.tools.every((t) => !t.name.startsWith('test_')));
});

test('every tool: valid unique name, description, object schemas, explicit annotations', async () => {
  const { result } = await listTools(['serve', '--test-tools']);
  const names = new Set();
  for (const tool of result.tools) {
    assert.match(tool.name, /^[A-Za-z0-9_.-]{1,128}$/);
    assert.ok(!names.has(tool.name), `duplicate ${tool.name}`);
    names.add(tool.name);
    assert.ok(tool.description && tool.description.length > 0, `${tool.name}: description`);
    assert.equal(tool.inputSchema.type, 'object', `${tool.name}: inputSchema`);
    if (tool.outputSchema) assert.equal(tool.outputSchema.type, 'object', `${tool.name}: outputSchema`);
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'])
      assert.equal(typeof tool.annotations[hint], 'boolean', `${tool.name}: ${hint} must be explicit`);
    assert.equal(tool.annotations.openWorldHint, false, `${tool.name}: the ledger is a closed world`);
  }
});
