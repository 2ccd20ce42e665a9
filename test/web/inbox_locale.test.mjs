// Dates and money in the browser's locale (issue 18, "Accessible and usable"):
// `tally serve --http` with a write key, headless Chromium in de-DE. A person
// signs in through the real form (its login-CSRF token travels as a browser
// sends it); a draft's date and amount, the preview's postings and an account's
// balance read in German, and their digits are exactly the ledger's minor units.
// With JavaScript off the server's ISO date and exact decimal stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ENV = { ...process.env, TALLY_NOW: '', TALLY_SEED: '' };
const run = (args) => execFileSync(TALLY, args, { encoding: 'utf8', env: ENV }).trim();
const spaces = (s) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const digits = (s) => s.replace(/[^0-9-]/g, '');

test('in de-DE the inbox shows dates and exact money in German, and the ISO text without JavaScript', async () => {
  const dir = tempDir('tally-inbox-locale-');
  run(['init', '--db', dir.db]);
  const key = run(['keys', 'create', '--name', 'browser', '--db', dir.db]);
  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: TALLY, args: ['serve', '--db', dir.db], env: ENV, stderr: 'pipe' }));
  const tool = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    assert.ok(!r.isError, `${name} failed: ${r.content?.[0]?.text}`);
    return r.structuredContent;
  };
  const server = await startHttp({ db: dir.db });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  try {
    const bank = (await tool('extrack_get_context')).accounts.find((a) => a.name === 'Checking').id;
    // Larger than a float keeps to the cent once summed, well within the ledger's limit.
    const draft = await tool('extrack_create_transaction_draft', { type: 'expense', title: 'Roof', date: '2026-03-09',
      accountId: bank, expenseAmount: '1234567890123.47', categoryName: 'Housing' });

    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'UTC' });
    const page = await context.newPage();
    // The normal sign-in through the form: its hidden token and nonce cookie go with the key.
    await page.goto(`${server.base}/inbox`);
    assert.equal(new URL(page.url()).pathname, '/inbox/sign-in');
    await page.fill('#key', key);
    await Promise.all([page.waitForURL(`${server.base}/inbox`), page.click('button:has-text("Sign in")')]);
    const names = (await context.cookies()).map((c) => c.name);
    assert.ok(names.includes('tally_inbox'), 'signed in');

    const article = page.locator(`article[aria-labelledby="t-${draft.id}"]`);
    assert.equal(await article.locator('dd time').innerText(), '9. März 2026');
    assert.equal(await article.locator('dd time').getAttribute('datetime'), '2026-03-09');
    const amount = article.locator('data.money').first();
    assert.equal(spaces(await amount.innerText()), '1.234.567.890.123,47 $');
    assert.equal(await amount.getAttribute('value'), '123456789012347');
    assert.equal(digits(await amount.innerText()), '123456789012347', 'the digits are the ledger\'s minor units');
    assert.equal(await amount.getAttribute('title'), '1234567890123.47 USD', 'the exact server text on hover');

    // The preview and, once posted, the account's balance: negative, in German, exact.
    await page.goto(`${server.base}/inbox/drafts/${draft.id}`);
    const preview = spaces(await page.locator('section[aria-labelledby="preview-h"]').innerText());
    assert.match(preview, /Checking\s+-1\.234\.567\.890\.123,47 \$/);
    await page.click('main > form.inline button:has-text("Post")');
    await page.waitForSelector('.flash');
    await page.goto(`${server.base}/inbox/accounts`);
    const balance = page.locator('tr', { has: page.locator('a', { hasText: 'Checking' }) }).locator('data.money');
    const ledger = (await tool('extrack_get_context')).accounts.find((a) => a.id === bank).balance;
    assert.equal(await balance.getAttribute('value'), String(ledger.amountMinor));
    assert.equal(spaces(await balance.innerText()), '-1.234.567.890.123,47 $');
    assert.equal(digits(await balance.innerText()), String(ledger.amountMinor));
    // JavaScript off: the server's text stays (ISO date, exact decimal and code).
    const plain = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false });
    const off = await plain.newPage();
    await off.goto(`${server.base}/inbox/sign-in`);
    await off.fill('#key', key);
    await Promise.all([off.waitForURL(`${server.base}/inbox`), off.click('button:has-text("Sign in")')]);
    await off.goto(`${server.base}/inbox/transactions`);
    const row = off.locator('tr', { hasText: 'Roof' });
    assert.equal(await row.locator('time').innerText(), '2026-03-09');
    assert.match(spaces(await row.innerText()), /Checking -1234567890123\.47 USD/);
    await plain.close();
    await context.close();
  } finally {
    await browser.close();
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});
