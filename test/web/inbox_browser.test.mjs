// The Automation inbox in headless Chromium (issue 18): Debian's chromium driven
// by playwright-core (no browser download). An assistant (the MCP SDK client over
// stdio on the same ledger file) stages drafts while the page is open; they
// appear without a reload; a person fixes a category, sees the preview, posts,
// deletes, bulk-posts, voids; a title holding markup renders as text; a cross-site form
// post without the CSRF token is refused and changes nothing; axe-core finds no
// serious or critical violation; nothing scrolls sideways at 360 px. Screenshots
// go to <build>/test/web/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TALLY, tempDir } from '../support/tally.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve('screenshots');
const WAIT = 20000;  // generous bound for anything live; never an assertion about time

function env() {
  const e = { ...process.env, TALLY_NOW: '', TALLY_SEED: '' };
  delete e.BROWSER;
  delete e.DISPLAY;
  delete e.WAYLAND_DISPLAY;
  return e;
}

function startInbox(db) {
  const child = spawn(TALLY, ['inbox', '--no-browser', '--db', db], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const link = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tally inbox printed no link:\n${err}`)), 15000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = out.match(/(http:\/\/127\.0\.0\.1:(\d+)\/inbox\/open\?token=[0-9a-f]{64})/);
      if (m) { clearTimeout(timer); resolve({ url: m[1], base: `http://127.0.0.1:${m[2]}` }); }
    });
    child.stderr.on('data', (c) => { err += c; });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`tally inbox exited ${code}:\n${err}`)); });
  });
  return { child, exited, link };
}

async function assistantOn(db) {
  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: TALLY, args: ['serve', '--db', db], env: env(), stderr: 'pipe' }));
  const tool = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    assert.ok(!r.isError, `${name} failed: ${r.content?.[0]?.text}`);
    return r.structuredContent;
  };
  return { client, tool };
}

async function seriousViolations(page) {
  await page.evaluate(AXE);  // through the DevTools protocol: the page's CSP does not apply
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function noSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what} scrolls sideways at 360 px (${scroll} > ${client})`);
}

test('the inbox in a browser: live drafts, edit, preview, post, delete, bulk, escaping, CSRF, accessibility', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir('tally-inbox-browser-');
  execFileSync(TALLY, ['init', '--db', dir.db], { env: env() });
  const { client, tool } = await assistantOn(dir.db);
  const inbox = startInbox(dir.db);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  let attacker;
  try {
    const ctx0 = await tool('extrack_get_context');
    const bank = ctx0.accounts.find((a) => a.name === 'Checking').id;
    const alice = (await tool('ledger_create_person', { name: 'Alice' })).id;
    const bob = (await tool('ledger_create_person', { name: 'Bob' })).id;
    const early = await tool('extrack_create_transaction_draft',
      { type: 'expense', title: 'Parking', date: '2026-03-10', accountId: bank, expenseAmount: '4.00' });

    const { url, base } = await inbox.link;
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(url);
    assert.equal(new URL(page.url()).pathname, '/inbox');
    await page.waitForSelector(`#t-${early.id}`, { timeout: WAIT });
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'tally_inbox');
    assert.ok(session.httpOnly);
    assert.equal(session.sameSite, 'Strict');

    // The assistant stages a split draft; the open page shows it without a reload by the person.
    const split = await tool('extrack_create_split_expense_draft', { title: 'Dinner at Luigi', date: '2026-03-14',
      accountId: bank, totalAmount: '90.00', allocations: [{ personId: alice, amount: '30.00' }, { personId: bob, amount: '29.99' }] });
    await page.waitForSelector(`#t-${split.id}`, { timeout: WAIT });
    assert.match(await page.locator(`article[aria-labelledby="t-${split.id}"]`).innerText(), /Alice owes\s+\$30\.00/);
    await page.screenshot({ path: path.join(SHOTS, 'inbox.png'), fullPage: true });

    // Fix its category on the detail page, see the preview, post it.
    await page.click(`#t-${split.id} a`);
    await page.waitForSelector('#edit-h');
    await page.fill('#f-categoryName', 'Dining');
    await Promise.all([page.waitForNavigation(), page.click('form.edit button[type=submit]')]);
    assert.equal(await page.locator('.flash').count(), 1, await page.locator('main').innerText());
    assert.match(await page.locator('.flash').innerText(), /Saved/);
    const preview = await page.locator('section[aria-labelledby="preview-h"]').innerText();
    assert.match(preview, /Expenses:Dining\s+\$30\.01/);
    assert.match(preview, /Alice\s+\$0\.00\s+\$30\.00/);
    assert.match(preview, /Bob\s+\$0\.00\s+\$29\.99/);
    await page.screenshot({ path: path.join(SHOTS, 'draft.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'detail page: axe serious/critical violations');
    await page.click('main > form.inline button:has-text("Post")');
    await page.waitForSelector('.flash');
    assert.match(await page.locator('.flash').innerText(), /Posted "Dinner at Luigi" as txn_/);
    // The ledger changed exactly as extrack_post_transaction_draft posts a split: the
    // paid-from account −T, the category T − Σshares, each Lent account its share.
    const after = await tool('extrack_get_context');
    const owed = (id) => after.persons.find((p) => p.id === id);
    assert.match(JSON.stringify(owed(alice)), /"amountMinor":3000/);
    assert.match(JSON.stringify(owed(bob)), /"amountMinor":2999/);
    const txn = (await tool('ledger_list_transactions', {})).transactions.find((t) => t.description === 'Dinner at Luigi');
    assert.deepEqual(txn.postings.map((p) => [p.accountName, p.amount.amountMinor]),
      [['Checking', -9000], ['Expenses:Dining', 3001], ['Lent:Alice', 3000], ['Lent:Bob', 2999]]);

    // Delete one.
    await page.click(`article[aria-labelledby="t-${early.id}"] button:has-text("Delete")`);
    await page.waitForSelector('.flash');
    assert.match(await page.locator('.flash').innerText(), /Deleted "Parking"/);
    assert.equal(await page.locator(`#t-${early.id}`).count(), 0);

    // Bulk-post three the assistant stages.
    const three = [];
    for (const title of ['Taxi', 'Lunch', 'Books'])
      three.push((await tool('extrack_create_transaction_draft', { type: 'expense', title, date: '2026-03-15', accountId: bank, expenseAmount: '7.00' })).id);
    await page.waitForSelector(`#t-${three[2]}`, { timeout: WAIT });
    for (const id of three) await page.check(`#c-${id}`);
    await page.click('button[name=action][value=post]');
    await page.waitForSelector('.flash');
    assert.match(await page.locator('.flash').innerText(), /Posted 3 of 3/);
    const left = await tool('extrack_list_transaction_drafts', {});
    assert.equal(left.total, 0);

    // A title holding markup renders as text.
    const xss = await tool('extrack_create_transaction_draft', { type: 'expense', title: '<img src=x onerror=alert(1)>',
      date: '2026-03-15', accountId: bank, expenseAmount: '1.00' });
    await page.waitForSelector(`#t-${xss.id}`, { timeout: WAIT });
    assert.equal(await page.locator(`#t-${xss.id} a`).textContent(), '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('main img').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await seriousViolations(page), [], 'inbox page: axe serious/critical violations');

    // A page on another origin posts a form at the inbox without the CSRF token.
    attacker = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<form id="f" method="post" action="${base}/inbox/drafts/${xss.id}/delete"></form>` +
              '<script>document.getElementById("f").submit()</script>');
    });
    await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const evil = await context.newPage();
    const answer = evil.waitForResponse((r) => r.url().includes(`/inbox/drafts/${xss.id}/delete`), { timeout: WAIT });
    await evil.goto(`http://127.0.0.1:${attacker.address().port}/`);
    assert.equal((await answer).status(), 403);
    assert.equal((await tool('extrack_get_transaction_draft', { draftId: xss.id })).status, 'pending', 'nothing changed');
    await evil.close();

    // Void the posted dinner from its transaction page.
    await page.goto(`${base}/inbox/transactions`);
    assert.deepEqual(await seriousViolations(page), [], 'transactions page: axe serious/critical violations');
    await page.click('a:has-text("Dinner at Luigi")');
    await page.fill('#reason', 'entered twice');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Void")')]);
    assert.match(await page.locator('.flash').innerText(), /Voided: the reversal is posted as txn_/);
    const voided = await tool('extrack_get_context');
    assert.deepEqual(voided.persons.find((p) => p.id === alice).owes, [], 'Alice owes nothing after the void');
    await page.goto(`${base}/inbox/accounts`);
    assert.deepEqual(await seriousViolations(page), [], 'accounts page: axe serious/critical violations');

    // 360 px: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}/inbox`);
    await noSidewaysScroll(page, 'the inbox');
    await page.screenshot({ path: path.join(SHOTS, 'inbox-360.png'), fullPage: true });
    await page.goto(`${base}/inbox/drafts/${xss.id}`);
    await noSidewaysScroll(page, 'a draft');
    for (const where of ['accounts', 'people', 'transactions']) {
      await page.goto(`${base}/inbox/${where}`);
      await noSidewaysScroll(page, `the ${where} page`);
    }
    await context.close();
  } finally {
    await browser.close();
    if (attacker) attacker.close();
    await client.close();
    inbox.child.kill('SIGINT');
    await inbox.exited;
    dir.cleanup();
  }
});

test('the charts page on the demo ledger: four SVG charts with their numbers, accessible, no sideways scroll at 360 px', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir('tally-inbox-charts-');
  execFileSync(TALLY, ['demo', '--db', dir.db], { env: env() });
  const inbox = startInbox(dir.db);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  try {
    const { url, base } = await inbox.link;
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.goto(`${base}/inbox/charts`);
    assert.equal(await page.locator('svg.chart').count(), 4);
    assert.equal(await page.locator('table.numbers').count(), 4, 'every chart has its numbers in a table');
    assert.match(await page.locator('section.chart').first().innerText(), /Spending by category/);
    for (const kind of ['spending_by_category', 'income_vs_expenses', 'net_worth', 'lent_balances'])
      await page.locator(`section[aria-labelledby="h-${kind}"]`).screenshot({ path: path.join(SHOTS, `chart-${kind}.png`) });
    assert.deepEqual(await seriousViolations(page), [], 'charts page: axe serious/critical violations');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.reload();
    await noSidewaysScroll(page, 'the charts page');
    await context.close();
  } finally {
    await browser.close();
    inbox.child.kill('SIGINT');
    await inbox.exited;
    dir.cleanup();
  }
});
