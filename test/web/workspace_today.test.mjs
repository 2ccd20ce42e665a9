// "Today" is the workspace's: two keys for workspaces in time zones 25 hours
// apart, one server, one instant (TALLY_NOW), and each call's default dates
// follow its own workspace's zone, not the server's TZ. The CLI agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp, post } from '../support/http_server.mjs';

const NOW = '2026-03-01T11:00:00Z';  // 01:00 on 2 March in Kiritimati (UTC+14), midnight 1 March in Pago Pago (UTC-11)
const run = (args, env = {}) => execFileSync(TALLY, args, { env: { ...process.env, TALLY_NOW: NOW, ...env } }).toString().trim();

test('each workspace gets its own today over HTTP and on the command line', async () => {
  const dir = tempDir();
  const east = run(['keys', 'create', '--name', 'east', '--workspace', 'east', '--timezone', 'Pacific/Kiritimati', '--db', dir.db]);
  const west = run(['keys', 'create', '--name', 'west', '--workspace', 'west', '--timezone', 'Pacific/Pago_Pago', '--db', dir.db]);
  const server = await startHttp({ db: dir.db, args: ['--rate-limit', 'off'], env: { TALLY_NOW: NOW, TZ: 'UTC' } });
  const asOf = async (key) => {
    const r = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_financial_summary', arguments: {} } },
      { version: '2025-11-25', headers: { authorization: `Bearer ${key}` } });
    assert.equal(r.status, 200, r.text);
    return r.body.result.structuredContent;
  };
  try {
    const e = await asOf(east);
    const w = await asOf(west);
    assert.equal(e.asOf, '2026-03-02');
    assert.equal(e.startDate, '2026-01-01');
    assert.equal(w.asOf, '2026-03-01');
  } finally {
    await server.stop();
  }
  for (const tz of ['UTC', 'America/New_York']) {
    const cli = JSON.parse(run(['call', 'get_financial_summary', '{}', '--db', dir.db, '--workspace', 'east'], { TZ: tz }));
    assert.equal(cli.asOf, '2026-03-02', `TZ=${tz}`);
  }
  // Changing a workspace's zone moves its today at once.
  run(['init', '--workspace', 'west', '--timezone', 'Asia/Tokyo', '--db', dir.db]);
  assert.equal(JSON.parse(run(['call', 'get_financial_summary', '{}', '--db', dir.db, '--workspace', 'west'])).asOf, '2026-03-01');
  run(['init', '--workspace', 'west', '--timezone', 'Pacific/Kiritimati', '--db', dir.db]);
  assert.equal(JSON.parse(run(['call', 'get_financial_summary', '{}', '--db', dir.db, '--workspace', 'west'])).asOf, '2026-03-02');
  dir.cleanup();
});
