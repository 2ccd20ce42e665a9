// Checks every HTTP exchange shown in README.md against a real
// `tally serve --http`. An example is an HTML comment naming the credential
// the request carries, then an ```http block: the request (request line,
// headers, blank line, body) and, after a blank line, the response as the
// test renders it (status line, the headers that matter, the JSON body
// indented). `$KEY` in a request stands for the key the comment names:
//
//   <!-- http-example: key=rw -->      (rw, ro or none)
//
// The server runs on a fresh ledger with a fixed clock and id seed; examples
// run in document order. UPDATE_EXAMPLES=1 rewrites the responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = path.resolve(here, '..', '..', 'README.md');
const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const MARKER = /<!-- http-example: key=(\w+) -->\r?\n```http\r?\n([\s\S]*?)```/g;
const SHOWN = { 'content-type': 'Content-Type', allow: 'Allow', 'www-authenticate': 'WWW-Authenticate', 'retry-after': 'Retry-After' };

function parseRequest(text) {
  const [head, ...rest] = text.split(/\r?\n\r?\n/);
  const [requestLine, ...headerLines] = head.split(/\r?\n/);
  const [method, target] = requestLine.split(' ');
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
  return { method, target, headers, body: rest[0] ?? '' };
}

function render(status, statusText, headers, body) {
  const lines = [`HTTP/1.1 ${status} ${statusText}`];
  for (const [name, shown] of Object.entries(SHOWN)) if (headers.get(name)) lines.push(`${shown}: ${headers.get(name)}`);
  let shownBody = body;
  try { shownBody = JSON.stringify(JSON.parse(body), null, 2); } catch { /* not JSON */ }
  return lines.join('\n') + (shownBody ? `\n\n${shownBody}` : '') + '\n';
}

test('README HTTP exchanges match the real server', async () => {
  const text = readFileSync(readme, 'utf8');
  const examples = [...text.matchAll(MARKER)];
  assert.ok(examples.length >= 3, 'the README shows HTTP exchanges');
  const dir = tempDir('tally-readme-http-');
  const env = { ...process.env, ...ENV };
  execFileSync(TALLY, ['init', '--db', dir.db], { env, stdio: 'ignore' });
  const keys = {
    rw: execFileSync(TALLY, ['keys', 'create', '--name', 'laptop', '--db', dir.db], { env, encoding: 'utf8' }).trim(),
    // A second process with the same fixed clock and seed: a later instant, so its ids differ.
    ro: execFileSync(TALLY, ['keys', 'create', '--name', 'dashboard', '--read-only', '--db', dir.db],
      { env: { ...env, TALLY_NOW: '2026-03-15T12:00:01Z' }, encoding: 'utf8' }).trim(),
  };
  const server = await startHttp({ db: dir.db, env: ENV, args: ['--rate-limit', 'off', '--public-url', 'https://books.example.com'] });
  let updated = text;
  try {
    for (const m of examples) {
      const [requestText, expected = ''] = m[2].split(/\r?\n(?=HTTP\/1\.1 )/);
      const req = parseRequest(requestText.trimEnd());
      const headers = { ...req.headers };
      for (const [k, v] of Object.entries(headers)) headers[k] = v.replace('$KEY', keys[m[1]] ?? '');
      const res = await fetch(server.base + req.target, { method: req.method, headers, body: req.method === 'GET' ? undefined : req.body });
      const actual = render(res.status, res.statusText, res.headers, await res.text());
      if (process.env.UPDATE_EXAMPLES) updated = updated.replace(m[0], m[0].replace(m[2], `${requestText.trimEnd()}\n\n${actual}`));
      else assert.equal(expected, actual, `README example:\n${requestText}\nserver log:\n${server.stderr}`);
    }
  } finally {
    await server.stop();
    dir.cleanup();
  }
  if (process.env.UPDATE_EXAMPLES) writeFileSync(readme, updated);
});
