// Recurring transactions (issue 20 item 1) through the real binary: creation
// and its checks (the template checked by its own tool), the next due days and
// upcoming bills, month ends, catch-up at start (late marking, at most 12 at
// once, autoPost posting balanced transactions), --read-only writing nothing,
// two processes racing, a 10-year simulation in a DST time zone with processes
// started at successive days, and the CLI twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const NOW = '2026-01-15T12:00:00Z';
const ENV = { TALLY_NOW: NOW, TALLY_SEED: '11', TZ: 'UTC' };

function run(db, env, ...args) {
  return spawnSync(TALLY, [...args, '--db', db], { env: { ...process.env, ...ENV, ...env }, encoding: 'utf8', timeout: 60000 });
}
/** `tally call` at `now`; returns its stderr (the catch-up's lines) after checking it succeeded. */
function callAt(db, now, tool = 'ledger_list_schedules', args = {}) {
  const r = run(db, { TALLY_NOW: now }, 'call', tool, JSON.stringify(args));
  assert.equal(r.status, 0, r.stderr);
  return { out: JSON.parse(r.stdout), err: r.stderr };
}
const serve = (db, fn, { now = NOW, args = ['serve'] } = {}) => withServe({ db, env: { ...ENV, TALLY_NOW: now }, args }, fn);
const rows = (db, sql, ...params) => {
  const d = new Database(db, { readonly: true });
  try { return d.prepare(sql).all(...params); } finally { d.close(); }
};

async function bankAndRent(ok) {
  const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  await ok('ledger_create_category', { name: 'Housing', kind: 'expense' });
  return bank;
}
const expense = (bank, title, amount, extra = {}) => ({
  tool: 'extrack_create_transaction_draft',
  arguments: { type: 'expense', title, accountId: bank, expenseAmount: amount, categoryName: 'Housing', ...extra },
});

test('schedules: create, list with the next due day, upcoming bills per account, month ends; bad input writes nothing', async () => {
  const dir = tempDir('tally-sched-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const bank = await bankAndRent(ok);
      const rent = await ok('ledger_create_schedule', { template: expense(bank, 'Rent', '1650.00'), every: 'month', startDate: '2026-01-31' });
      assert.match(rent.id, /^sch_/);
      assert.equal(rent.name, 'Rent');
      assert.equal(rent.nextDue, '2026-01-31');
      assert.equal(rent.dueNow, 0);
      assert.equal(rent.interval, 1);
      assert.equal(rent.autoPost, false);
      // A fraction sent as a JSON number is kept as the exact text it was sent as.
      const coffee = await ok('ledger_create_schedule', {
        template: expense(bank, 'Coffee', 12.5), every: 'week', interval: 2, startDate: '2026-01-20', count: 3 });
      assert.equal(coffee.template.arguments.expenseAmount, '12.5');
      const leap = await ok('ledger_create_schedule', {
        name: 'Leap-day fee', template: expense(bank, 'Fee', '1.00'), every: 'year', startDate: '2026-02-15', dayOfMonth: 29 });
      assert.equal(leap.nextDue, '2026-02-28');

      const up = await ok('ledger_upcoming', { days: 60 });
      assert.equal(up.today, '2026-01-15');
      assert.equal(up.through, '2026-03-16');
      assert.deepEqual(up.occurrences.map((o) => [o.name, o.date]),
        [['Coffee', '2026-01-20'], ['Rent', '2026-01-31'], ['Coffee', '2026-02-03'], ['Coffee', '2026-02-17'],
          ['Rent', '2026-02-28'], ['Leap-day fee', '2026-02-28']]);
      assert.deepEqual(up.occurrences[1].amounts, [{ accountId: bank, accountName: 'Checking',
        amount: { amountMinor: -165000, amount: '-1650.00', currency: 'USD' } }]);
      assert.equal(up.accounts.length, 1);
      assert.equal(up.accounts[0].outflow.amount, '3338.50');
      assert.equal(up.accounts[0].net.amountMinor, -333850);
      assert.equal((await ok('ledger_upcoming', {})).occurrences.length, 3);  // 30 days by default

      const before = await ok('ledger_list_schedules');
      const bad = [
        [{ endDate: '2026-01-01' }, /^endDate: 2026-01-01 is before startDate 2026-01-31; the schedule would never fire\. Nothing was written\.$/],
        [{ count: 0 }, /^count: must be at least 1 \(got 0\)$/],
        [{ every: 'second' }, /^every: must be one of/],
        [{ interval: 5000 }, /^interval: must be at most 1000 \(got 5000\)$/],
        [{ startDate: '2026-01-15', dayOfMonth: 1, endDate: '2026-01-31' }, /^the schedule never fires: its first occurrence would be after endDate 2026-01-31\. Nothing was written\.$/],
        [{ endDate: '2026-12-31', count: 3 }, /^endDate and count: give one of them/],
        [{ template: { tool: 'extrack_post_transaction_draft', arguments: {} } }, /^template\.tool: must be one of/],
        [{ template: expense('acc_nope', 'Rent', '1650.00') }, /^template \(extrack_create_transaction_draft\): Account not found: accountId "acc_nope"$/],
        [{ template: expense(bank, 'Rent', '10.005') }, /^template \(extrack_create_transaction_draft\): expenseAmount: .*3 decimals/],
        [{ template: expense(bank, 'Rent', '10.00', { categoryName: 'Nope' }) }, /^template \(extrack_create_transaction_draft\): .*Nope/],
        [{ template: expense(bank, 'Rent', '10.00', { date: '2026-01-31' }) }, /^template\.arguments\.date: leave it out; each occurrence is dated by the schedule$/],
        [{ template: expense(bank, 'Rent', '10.00', { colour: 'red' }) }, /^template \(extrack_create_transaction_draft\): colour: is not a parameter here/],
      ];
      for (const [change, message] of bad)
        assert.match(await fail('ledger_create_schedule', {
          template: expense(bank, 'Rent', '1650.00'), every: 'month', startDate: '2026-01-31', ...change }), message);
      assert.deepEqual(await ok('ledger_list_schedules'), before);
      assert.equal((await ok('extrack_list_transaction_drafts')).total, 0);

      // Update: checked like creation; skip: the next due or a given occurrence.
      assert.match(await fail('ledger_update_schedule', { scheduleId: rent.id, count: 2, endDate: '2027-01-01' }), /^endDate and count/);
      const changed = await ok('ledger_update_schedule', { scheduleId: rent.id, dayOfMonth: 1, startDate: '2026-02-01', autoPost: true });
      assert.equal(changed.nextDue, '2026-02-01');
      assert.equal(changed.autoPost, true);
      assert.match(await fail('ledger_skip_occurrence', { scheduleId: rent.id, date: '2026-02-02' }),
        /^date: 2026-02-02 is not an occurrence of schedule "Rent" \(the next one after it is 2026-03-01\)\. Nothing was written\.$/);
      assert.deepEqual(await ok('ledger_skip_occurrence', { scheduleId: rent.id }), { scheduleId: rent.id, skipped: '2026-02-01', nextDue: '2026-03-01' });
      assert.equal((await ok('ledger_skip_occurrence', { scheduleId: rent.id, date: '2026-04-01' })).nextDue, '2026-03-01');
      assert.match(await fail('ledger_skip_occurrence', { scheduleId: rent.id, date: '2026-04-01' }), /^date: the occurrence of 2026-04-01 was already skipped/);
      assert.deepEqual(await ok('ledger_delete_schedule', { scheduleId: leap.id }), { deleted: true, scheduleId: leap.id, occurrencesCreated: 0 });
      assert.match(await fail('ledger_delete_schedule', { scheduleId: leap.id }), /^Schedule not found: scheduleId "sch_/);
    });
  } finally { dir.cleanup(); }
});

test('schedules: due occurrences are created at start, late ones marked, at most 12 at once; autoPost posts balanced transactions', async () => {
  const dir = tempDir('tally-sched-');
  try {
    let coffee, gym;
    await serve(dir.db, async ({ ok }) => {
      const bank = await bankAndRent(ok);
      coffee = (await ok('ledger_create_schedule', { template: expense(bank, 'Coffee', '3.20'), every: 'day', startDate: '2025-12-15' })).id;
      gym = (await ok('ledger_create_schedule', { template: expense(bank, 'Gym', '40.00'), every: 'month', startDate: '2025-12-01', autoPost: true })).id;
      // A write in this process does not create them: only a start or the timer does.
      const list = await ok('ledger_list_schedules');
      assert.deepEqual(list.schedules.map((s) => s.dueNow), [32, 2]);
    });
    const first = callAt(dir.db, NOW);
    assert.match(first.err, /schedule "Coffee" \(sch_\S+\): 2025-12-15 drafted as drf_\S+ \(late\)/);
    assert.match(first.err, /schedule "Coffee" \(sch_\S+\): 20 more due occurrences \(2025-12-27 to 2026-01-15\) wait: at most 12 are created at once/);
    assert.match(first.err, /schedule "Gym" \(sch_\S+\): 2026-01-01 posted as txn_\S+ \(late\)/);
    // The list answered after the catch-up.
    assert.deepEqual(first.out.schedules.map((s) => [s.dueNow, s.occurrencesCreated]), [[20, 12], [0, 2]]);
    callAt(dir.db, NOW);
    const third = callAt(dir.db, NOW);
    assert.doesNotMatch(third.err, /more due/);
    assert.equal(third.out.schedules[0].dueNow, 0);
    assert.deepEqual(third.out.schedules[0].lastOccurrence, { date: '2026-01-15', status: 'drafted', late: false,
      draftId: third.out.schedules[0].lastOccurrence.draftId });
    assert.equal(callAt(dir.db, NOW).err, '');  // nothing due: nothing said, nothing written

    const occ = rows(dir.db, 'SELECT date, status, late, draft_id FROM schedule_occurrence WHERE schedule_id = ? ORDER BY date', coffee);
    assert.equal(occ.length, 32);
    assert.deepEqual(occ.filter((o) => !o.late).map((o) => o.date), ['2026-01-15']);
    const drafts = rows(dir.db, "SELECT date, source, title, expense_minor FROM txn_draft WHERE source = 'schedule' ORDER BY date");
    assert.equal(drafts.length, 32);
    assert.deepEqual(new Set(drafts.map((d) => d.date)).size, 32);
    assert.ok(drafts.every((d) => d.title === 'Coffee' && d.expense_minor === 320));

    const posted = rows(dir.db, 'SELECT o.date, o.transaction_id, (SELECT sum(p.amount_minor) FROM posting p JOIN txn t ON t.seq = p.txn_seq WHERE t.id = o.transaction_id) AS total, '
      + '(SELECT count(*) FROM posting p JOIN txn t ON t.seq = p.txn_seq WHERE t.id = o.transaction_id) AS postings '
      + 'FROM schedule_occurrence o WHERE o.schedule_id = ? ORDER BY o.date', gym);
    assert.deepEqual(posted.map((p) => [p.date, p.total, p.postings]), [['2025-12-01', 0, 2], ['2026-01-01', 0, 2]]);
    assert.equal(rows(dir.db, "SELECT count(*) AS n FROM txn_draft WHERE title = 'Gym'")[0].n, 0);
    const doctor = run(dir.db, {}, 'doctor');
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  } finally { dir.cleanup(); }
});

test('schedules: a --read-only server writes nothing; two processes racing create each occurrence once', async () => {
  const dir = tempDir('tally-sched-');
  try {
    await serve(dir.db, async ({ ok }) => {
      const bank = await bankAndRent(ok);
      for (let i = 0; i < 5; ++i)
        await ok('ledger_create_schedule', { template: expense(bank, `Bill ${i}`, `${i + 1}.00`), every: 'day', startDate: '2026-01-05' });
    });
    await serve(dir.db, async ({ ok, t }) => {
      const list = await ok('ledger_list_schedules');
      assert.deepEqual(list.schedules.map((s) => [s.dueNow, s.occurrencesCreated]), Array(5).fill([11, 0]));
      assert.equal(t.stderr.includes('drafted'), false);
    }, { args: ['serve', '--read-only'] });
    assert.equal(rows(dir.db, 'SELECT count(*) AS n FROM schedule_occurrence')[0].n, 0);

    const start = () => new Promise((resolve) => {
      const child = spawn(TALLY, ['call', 'ledger_list_schedules', '{}', '--db', dir.db], { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c) => { err += c; });
      const timer = setTimeout(() => child.kill(), 60000);
      child.on('exit', (code) => { clearTimeout(timer); resolve({ code, err }); });
    });
    const [a, b] = await Promise.all([start(), start()]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    const occ = rows(dir.db, 'SELECT schedule_id, date, draft_id FROM schedule_occurrence');
    assert.equal(occ.length, 55);
    const drafts = rows(dir.db, "SELECT id, title, date FROM txn_draft WHERE source = 'schedule'");
    assert.equal(drafts.length, 55);
    assert.equal(new Set(drafts.map((d) => `${d.title}|${d.date}`)).size, 55);
    // Each occurrence was reported by exactly one of the two.
    const said = (a.err + b.err).match(/drafted as/g) ?? [];
    assert.equal(said.length, 55);
  } finally { dir.cleanup(); }
});

test('schedules: serve (stdio) and serve --http create what is due before they answer; --read-only over HTTP writes nothing', async () => {
  const dir = tempDir('tally-sched-');
  try {
    await serve(dir.db, async ({ ok }) => {
      const bank = await bankAndRent(ok);
      await ok('ledger_create_schedule', { template: expense(bank, 'Rent', '900.00'), every: 'month', startDate: '2026-01-01' });
    }, { now: '2025-12-20T12:00:00Z' });
    const count = () => rows(dir.db, 'SELECT count(*) AS n FROM schedule_occurrence')[0].n;
    // Due on 2026-01-01: a stdio server started on the 2nd has created it before its first answer.
    await serve(dir.db, async ({ ok }) => {
      const list = await ok('ledger_list_schedules');
      assert.deepEqual([list.schedules[0].dueNow, list.schedules[0].occurrencesCreated], [0, 1]);
      assert.equal(list.schedules[0].lastOccurrence.late, true);
    }, { now: '2026-01-02T12:00:00Z' });
    // Due on 2026-02-01: a read-only HTTP server leaves it; a writing one creates it before it listens.
    const readOnly = await startHttp({ db: dir.db, args: ['--read-only'], env: { ...ENV, TALLY_NOW: '2026-02-01T12:00:00Z' } });
    assert.equal((await readOnly.stop()).code, 0);
    assert.equal(count(), 1);
    const server = await startHttp({ db: dir.db, env: { ...ENV, TALLY_NOW: '2026-02-01T12:00:00Z' } });
    assert.equal(count(), 2);
    assert.equal((await server.stop()).code, 0);
    assert.deepEqual(rows(dir.db, 'SELECT date, late FROM schedule_occurrence ORDER BY date'),
      [{ date: '2026-01-01', late: 1 }, { date: '2026-02-01', late: 0 }]);
  } finally { dir.cleanup(); }
});

/** The rule's days through `last`, enumerated day by day (the oracle, independent of Tally's arithmetic). */
function expectedDays({ every, interval = 1, startDate, dayOfMonth }, last) {
  const out = [];
  const start = new Date(`${startDate}T00:00:00Z`);
  for (let d = new Date(start); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (every === 'day' || every === 'week') {
      const diff = Math.round((d - start) / 86400000);
      if (diff % (interval * (every === 'week' ? 7 : 1)) === 0) out.push(day);
      continue;
    }
    const months = (d.getUTCFullYear() - start.getUTCFullYear()) * 12 + d.getUTCMonth() - start.getUTCMonth();
    if (months % (interval * (every === 'year' ? 12 : 1)) !== 0) continue;
    const lastOfMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    if (d.getUTCDate() === Math.min(dayOfMonth ?? start.getUTCDate(), lastOfMonth)) out.push(day);
  }
  return out;
}
const newYorkDay = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

test('schedules: 10 simulated years in New York, processes started at successive days, create each occurrence exactly once', async () => {
  const dir = tempDir('tally-sched-');
  try {
    const init = run(dir.db, { TALLY_NOW: '2024-01-01T12:00:00Z' }, 'init', '--timezone', 'America/New_York');
    assert.equal(init.status, 0, init.stderr);
    const rules = [
      { every: 'month', startDate: '2024-01-31' },
      { every: 'year', startDate: '2024-02-29' },
      { every: 'week', startDate: '2024-03-09' },
      { every: 'day', interval: 10, startDate: '2024-01-05' },
      { every: 'month', interval: 2, startDate: '2024-01-15', dayOfMonth: 30 },
    ];
    await serve(dir.db, async ({ ok }) => {
      const bank = (await ok('ledger_create_account', { name: 'Simulation', type: 'asset', subtype: 'bank' })).id;
      await ok('ledger_create_category', { name: 'Bills', kind: 'expense' });
      for (const [i, rule] of rules.entries())
        await ok('ledger_create_schedule', { template: expense(bank, `Rule ${i}`, '10.00', { categoryName: 'Bills' }), ...rule });
    }, { now: '2024-01-01T12:00:00Z' });

    // Starts at 03:30 UTC (the evening before in New York) every 45 days, plus the DST changes.
    const instants = ['2024-03-10T06:59:00Z', '2024-03-10T07:01:00Z', '2024-11-03T05:30:00Z', '2024-11-03T06:30:00Z',
      '2031-03-09T07:30:00Z', '2031-11-02T05:59:00Z'];
    for (let d = new Date('2024-01-01T03:30:00Z'); d < new Date('2034-01-01T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 45))
      instants.push(d.toISOString());
    instants.sort();
    const final = '2034-01-01T04:59:00Z';  // 23:59 on 2033-12-31 in New York
    instants.push(final, final);
    let lastList;
    for (const now of instants) lastList = callAt(dir.db, now).out;
    assert.deepEqual(lastList.schedules.map((s) => s.dueNow), [0, 0, 0, 0, 0]);
    assert.equal(lastList.today, '2033-12-31');

    const schedules = rows(dir.db, 'SELECT id FROM schedule ORDER BY id');
    for (const [i, rule] of rules.entries()) {
      const want = expectedDays(rule, newYorkDay(final));
      const occ = rows(dir.db, 'SELECT date FROM schedule_occurrence WHERE schedule_id = ? ORDER BY date', schedules[i].id).map((o) => o.date);
      assert.deepEqual(occ, want, `rule ${i}`);
      const drafts = rows(dir.db, "SELECT date FROM txn_draft WHERE source = 'schedule' AND title = ? ORDER BY date", `Rule ${i}`).map((d) => d.date);
      assert.deepEqual(drafts, want, `rule ${i} drafts`);
    }
    // The leap day and the 31st in short months, as the workspace saw them.
    const yearly = rows(dir.db, 'SELECT date FROM schedule_occurrence WHERE schedule_id = ? ORDER BY date', schedules[1].id).map((o) => o.date);
    assert.deepEqual(yearly.slice(0, 5), ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
  } finally { dir.cleanup(); }
});

test('schedules: the CLI twin (tally schedule …) answers as the tools do', async () => {
  const dir = tempDir('tally-sched-');
  try {
    let bank;
    await serve(dir.db, async ({ ok }) => { bank = await bankAndRent(ok); });
    const args = JSON.stringify({ type: 'expense', title: 'Rent', accountId: bank, expenseAmount: '1650.00', categoryName: 'Housing' });
    const made = run(dir.db, {}, 'schedule', 'create', '--tool', 'extrack_create_transaction_draft', '--arguments', args,
      '--every', 'month', '--start', '2026-01-31', '--count', '12');
    assert.equal(made.status, 0, made.stderr);
    const sch = JSON.parse(made.stdout);
    assert.equal(sch.nextDue, '2026-01-31');
    assert.equal(sch.count, 12);
    const up = run(dir.db, {}, 'schedule', 'upcoming', '--days', '45');
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(JSON.parse(up.stdout).occurrences.map((o) => o.date), ['2026-01-31', '2026-02-28']);
    const skip = run(dir.db, {}, 'schedule', 'skip', sch.id);
    assert.equal(JSON.parse(skip.stdout).nextDue, '2026-02-28');
    const upd = run(dir.db, {}, 'schedule', 'update', sch.id, '--no-count', '--end', '2026-06-30', '--auto-post', 'true');
    assert.equal(upd.status, 0, upd.stderr);
    assert.equal(JSON.parse(upd.stdout).endDate, '2026-06-30');
    assert.equal(JSON.parse(upd.stdout).count, undefined);
    const list = run(dir.db, {}, 'schedule', 'list');
    assert.equal(JSON.parse(list.stdout).schedules.length, 1);
    const bad = run(dir.db, {}, 'schedule', 'create', '--tool', 'extrack_create_transaction_draft', '--arguments', args,
      '--every', 'month', '--start', '2026-01-31', '--end', '2026-01-01');
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'tally schedule create: endDate: 2026-01-01 is before startDate 2026-01-31; the schedule would never fire. Nothing was written.\n');
    const del = run(dir.db, {}, 'schedule', 'delete', sch.id);
    assert.equal(JSON.parse(del.stdout).deleted, true);
  } finally { dir.cleanup(); }
});
