// Checks every tool output shown in README.md and docs/*.md against the real
// binary. An example is an HTML comment naming the group, tool and arguments,
// followed by a ```json block holding the tool's text output:
//
//   <!-- example: group=ledger tool=extrack_get_context args={} -->
//
// Each group runs on a fresh ledger with a fixed clock and id seed, after
// test/readme/setups/<group>.mjs has created its data (its `before` runs
// before the server opens the file, its `setup` through the server); examples
// run in document order. UPDATE_EXAMPLES=1 rewrites the blocks from the real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TallyProcess, tempDir } from '../support/tally.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
export const EXAMPLE_ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };

const MARKER = /<!-- example: group=(\S+) tool=(\S+) args=(.*?) -->\r?\n```json\r?\n([\s\S]*?)```/g;

function documents() {
  const docs = [path.join(root, 'README.md')];
  const dir = path.join(root, 'docs');
  if (existsSync(dir))
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.md')) docs.push(path.join(dir, f));
  return docs.filter(existsSync);
}

function examplesIn(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(MARKER)) {
    out.push({ file, group: m[1], tool: m[2], args: JSON.parse(m[3]), expected: m[4], index: m.index, length: m[0].length, header: m[0].slice(0, m[0].indexOf('```json')) });
  }
  return out;
}

// The text block is compact JSON; the README shows it indented.
function outputText(result) {
  const block = (result.content || []).find((c) => c.type === 'text');
  if (!block) return JSON.stringify(result.content);
  try { return JSON.stringify(JSON.parse(block.text), null, 2); } catch { return block.text; }
}

const all = documents().flatMap(examplesIn);
const groups = [...new Set(all.map((e) => e.group))];
const actual = new Map();  // example → real output

for (const group of groups) {
  test(`README examples: ${group}`, async () => {
    const dir = tempDir('tally-readme-');
    const setupFile = path.join(here, 'setups', `${group}.mjs`);
    const setups = existsSync(setupFile) ? await import(pathToFileURL(setupFile).href) : {};
    // `before` prepares the file before the server opens it (e.g. `tally demo`).
    if (setups.before) await setups.before({ db: dir.db, env: EXAMPLE_ENV });
    const t = new TallyProcess({ db: dir.db, env: EXAMPLE_ENV });
    try {
      await t.initialize();
      if (setups.setup) await setups.setup(t, { db: dir.db, env: EXAMPLE_ENV });
      for (const ex of all.filter((e) => e.group === group)) {
        const result = await t.call(ex.tool, ex.args);
        const text = outputText(result) + '\n';
        actual.set(ex, text);
        if (!process.env.UPDATE_EXAMPLES)
          assert.equal(text, ex.expected, `${path.relative(root, ex.file)}: ${ex.tool} ${JSON.stringify(ex.args)} printed something else`);
      }
    } finally {
      await t.close();
      dir.cleanup();
    }
  });
}

test('README examples exist', () => {
  assert.ok(all.length > 0, 'no checked examples found in README.md or docs/*.md');
});

if (process.env.UPDATE_EXAMPLES) {
  test('rewrite example blocks', () => {
    for (const file of new Set(all.map((e) => e.file))) {
      let text = readFileSync(file, 'utf8');
      const mine = all.filter((e) => e.file === file && actual.has(e)).sort((a, b) => b.index - a.index);
      for (const ex of mine)
        text = text.slice(0, ex.index) + ex.header + '```json\n' + actual.get(ex) + '```' + text.slice(ex.index + ex.length);
      writeFileSync(file, text);
    }
  });
}
