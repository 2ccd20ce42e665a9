// Runs the README's shell walk-throughs against the real binaries and checks
// every output shown. A walk-through is the text between
//
//   <!-- walkthrough: NAME -->   and   <!-- /walkthrough -->
//
// whose ```console blocks hold `$ command` lines (a trailing `\` continues one)
// each followed by the output it prints. All commands of a walk-through run in
// order in one bash, in a fresh folder, with `tally` on PATH, a fixed clock and
// id seed, and TALLY_DB set; background jobs (`&`) are stopped at the end. Ports
// 8765 and 9000 in commands are replaced by free ones, and mapped back in the
// outputs, and the ledger's folder is dropped from paths. A polling step
// (`until …`, `while …`) runs without the id seed: each seeded
// process claims an id stream, so a varying number of polls would shift every
// later id. UPDATE_EXAMPLES=1 rewrites the outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../support/tally.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = path.resolve(here, '..', '..', 'README.md');
const REGION = /<!-- walkthrough: ([\w-]+) -->([\s\S]*?)<!-- \/walkthrough -->/g;
const BLOCK = /```console\r?\n([\s\S]*?)```/g;
const MARK = '@@walkthrough-step@@';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** [{command, output}] of one ```console block. */
function steps(block) {
  const out = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ ')) {
      if (out.length) out[out.length - 1].output.push(lines[i]);
      continue;
    }
    let command = lines[i].slice(2);
    while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;  // bash joins them
    out.push({ command, output: [] });
  }
  return out.map((s) => ({ command: s.command, output: s.output.join('\n').replace(/\n+$/, '') }));
}

function runScript(script, cwd, env) {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { cwd, env, timeout: 60000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && error.killed) reject(new Error(`walk-through timed out:\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr, code: error ? error.code : 0 });
    });
  });
}

test('README walk-throughs print what the README shows', async () => {
  const text = readFileSync(readme, 'utf8');
  const regions = [...text.matchAll(REGION)];
  assert.ok(regions.length >= 1, 'the README has a walk-through');
  let updated = text;
  for (const region of regions) {
    const blocks = [...region[2].matchAll(BLOCK)].map((m) => ({ raw: m[0], body: m[1], steps: steps(m[1]) }));
    const all = blocks.flatMap((b) => b.steps);
    assert.ok(all.length > 0, `walk-through ${region[1]} has commands`);
    const [web, adv] = [await freePort(), await freePort()];
    const toLocal = (s) => s.replace(/\b8765\b/g, String(web)).replace(/\b9000\b/g, String(adv));
    const toShown = (s) => s.replaceAll(`:${web}`, ':8765').replaceAll(`:${adv}`, ':9000');
    const script = ["trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null' EXIT"]
      .concat(all.map((s, i) => {
        const command = /^(until|while) /.test(s.command) ? `(unset TALLY_SEED; ${toLocal(s.command)}\n)` : toLocal(s.command);
        return `echo '${MARK}${i}'\n{ ${command}\n} 2>&1`;
      })).join('\n');
    const dir = tempDir(`tally-walkthrough-${region[1]}-`);
    try {
      const env = { ...process.env, PATH: `${path.dirname(TALLY)}:${process.env.PATH}`, TALLY_DB: dir.db,
        TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
      const { stdout, stderr, code } = await runScript(script, dir.dir, env);
      assert.equal(code, 0, `walk-through ${region[1]} exited ${code}:\n${stdout}\n${stderr}`);
      const outputs = stdout.split(new RegExp(`${MARK}\\d+\\n`)).slice(1)
        .map((o) => toShown(o).replaceAll(`${dir.dir}/`, '').replace(/\n+$/, ''));
      assert.equal(outputs.length, all.length, stdout);
      let k = 0;
      for (const block of blocks) {
        const rendered = block.steps.map((s) => {
          const actual = outputs[k++];
          if (!process.env.UPDATE_EXAMPLES) assert.equal(actual, s.output, `walk-through ${region[1]}: $ ${s.command}`);
          return `$ ${s.command}${actual ? `\n${actual}` : ''}`;
        }).join('\n');
        if (process.env.UPDATE_EXAMPLES) updated = updated.replace(block.raw, `\`\`\`console\n${rendered}\n\`\`\``);
      }
    } finally {
      dir.cleanup();
    }
  }
  if (process.env.UPDATE_EXAMPLES) writeFileSync(readme, updated);
});
