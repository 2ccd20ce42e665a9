// A number no double can carry (valid JSON, e.g. 1e400) is answered under the
// request's id with a message that says how to send amounts, over stdio and
// over HTTP, so the client is never left waiting; nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TallyProcess, tempDir } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';

const line = '{"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"ledger_create_account","arguments":{"name":"Big","type":"asset","openingBalance":1e400}}}';

test('1e400 over stdio is answered under its id', async () => {
  const dir = tempDir();
  const t = new TallyProcess({ db: dir.db });
  try {
    await t.initialize();
    t.write(line);
    const answer = await t.waitFor((m) => m.id === 41, 5000, 'the answer to id 41');
    assert.equal(answer.error.code, -32602);
    assert.match(answer.error.message, /too large to read; send amounts as decimal strings/);
  } finally {
    await t.close();
    dir.cleanup();
  }
});

test('1e400 over HTTP is answered under its id with 400', async () => {
  const dir = tempDir();
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'] });
  try {
    const res = await post(server.url, line, { version: '2025-11-25' });
    assert.equal(res.status, 400);
    assert.equal(res.body.id, 41);
    assert.equal(res.body.error.code, -32602);
  } finally {
    await server.stop();
    dir.cleanup();
  }
});
