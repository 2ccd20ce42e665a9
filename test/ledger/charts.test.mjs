// ledger_chart (issue 18) through the real binary over stdio: valid SVG beside
// the numbers; the numbers equal the ledger's (the test sums the postings itself,
// and net worth equals ledger_net_worth_series); no data, one month and 120
// months all render; bad filters get clear messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TallyProcess, TALLY, tempDir } from '../support/tally.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };

/** Well-formed enough: one <svg> root, every tag closed in order. */
function assertSvg(svg) {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
  assert.ok(svg.endsWith('</svg>'));
  const stack = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes ${stack.at(-1)}`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepEqual(stack, []);
  assert.doesNotMatch(svg, /<script|on\w+=/i);
}

async function withLedger(demo, fn) {
  const dir = tempDir('tally-charts-');
  const env = { ...process.env, ...ENV };
  if (demo) execFileSync(TALLY, ['demo', '--db', dir.db], { env });
  const t = new TallyProcess({ db: dir.db, env: ENV, args: ['serve', '--toolsets', 'ledger'] });
  try {
    await t.initialize();
    const call = async (name, args) => {
      const r = await t.call(name, args);
      return r;
    };
    await fn(call);
  } finally {
    await t.close();
    dir.cleanup();
  }
}

const svgOf = (r) => r.content.find((c) => c.type === 'resource').resource;

test('each chart renders with no data, one month and 120 months', async () => {
  await withLedger(false, async (call) => {
    for (const kind of ['spending_by_category', 'income_vs_expenses', 'net_worth', 'lent_balances'])
      for (const months of [1, 12, 120]) {
        const r = await call('ledger_chart', { kind, months });
        assert.ok(!r.isError, r.content?.[0]?.text);
        assert.equal(r.structuredContent.months.length, months);
        assert.deepEqual(r.structuredContent.series, []);
        const res = svgOf(r);
        assert.equal(res.mimeType, 'image/svg+xml');
        assert.equal(res.uri, `ui://tally/chart/${kind}.svg`);
        assertSvg(res.text);
        assert.match(res.text, /No data for these months/);
      }
  });
});

test('the charts\' numbers are the ledger\'s', async () => {
  await withLedger(true, async (call) => {
    const ok = async (name, args) => {
      const r = await call(name, args);
      assert.ok(!r.isError, `${name}: ${r.content?.[0]?.text}`);
      return r;
    };
    // Every posting, summed by the test itself.
    const postings = [];
    let cursor;
    do {
      const page = (await ok('ledger_list_transactions', { limit: 500, ...(cursor ? { cursor } : {}) })).structuredContent;
      for (const t of page.transactions) for (const p of t.postings) postings.push({ month: t.date.slice(0, 7), ...p });
      cursor = page.nextCursor;
    } while (cursor);

    for (const months of [1, 6, 120]) {
      const spending = await ok('ledger_chart', { kind: 'spending_by_category', months });
      assertSvg(svgOf(spending).text);
      const s = spending.structuredContent;
      for (const series of s.series)
        s.months.forEach((month, i) => {
          const sum = postings.filter((p) => p.month === month && p.accountName === `Expenses:${series.name}` && p.amount.currency === series.currency)
            .reduce((a, p) => a + p.amount.amountMinor, 0);
          assert.equal(series.values[i].amountMinor, sum, `${series.name} ${month}`);
        });
      const total = postings.filter((p) => s.months.includes(p.month) && p.accountName.startsWith('Expenses:'))
        .reduce((a, p) => a + p.amount.amountMinor, 0);
      assert.equal(s.series.flatMap((x) => x.values).reduce((a, v) => a + v.amountMinor, 0), total, 'nothing left out');

      const flows = (await ok('ledger_chart', { kind: 'income_vs_expenses', months })).structuredContent;
      const income = flows.series.find((x) => x.name === 'Income');
      if (income)
        flows.months.forEach((month, i) => {
          const sum = -postings.filter((p) => p.month === month && p.accountName.startsWith('Income:')).reduce((a, p) => a + p.amount.amountMinor, 0) || 0;
          assert.equal(income.values[i].amountMinor, sum, `income ${month}`);
        });
    }
    const net = (await ok('ledger_chart', { kind: 'net_worth', months: 6 })).structuredContent;
    const series = (await ok('ledger_net_worth_series', { months: 6 })).structuredContent;
    for (const point of series.points.slice(0, -1)) {  // the series' last point is today; the chart's is the month end
      const i = net.months.indexOf(point.month);
      for (const c of point.currencies)
        assert.equal(net.series.find((x) => x.currency === c.currency).values[i].amountMinor, c.netWorth.amountMinor, point.month);
    }
    const lent = await ok('ledger_chart', { kind: 'lent_balances', months: 12 });
    assertSvg(svgOf(lent).text);
    const persons = (await ok('extrack_get_context', {})).structuredContent.persons;
    for (const person of persons)
      for (const owed of person.owes) {
        const line = lent.structuredContent.series.find((x) => x.name === person.name && x.currency === owed.currency);
        assert.equal(line.values.at(-1).amountMinor, owed.amountMinor, person.name);
      }
    // Exact amounts on hover: every bar and point has a <title>.
    assert.match(svgOf(lent).text, /<circle [^>]*><title>\d{4}-\d{2} · [^:]+: -?\d+\.\d{2} USD<\/title><\/circle>/);

    const bad = await call('ledger_chart', { kind: 'spending_by_category', categoryName: 'Nope' });
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /categoryName/);
    const dining = (await ok('ledger_chart', { kind: 'spending_by_category', months: 12, categoryName: 'dining' })).structuredContent;
    // The demo's trip spent euros on dining too: one series per currency.
    assert.deepEqual(dining.series.map((x) => `${x.name} ${x.currency}`).sort(), ['Dining EUR', 'Dining USD']);
  });
});
