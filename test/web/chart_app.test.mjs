// ledger_chart's MCP Apps view (issue 18; SEP-1865, @modelcontextprotocol/ext-apps)
// through the real binary: the TypeScript SDK client finds `_meta.ui.resourceUri`
// on the tool, lists and reads the resource (text/html;profile=mcp-app, one
// self-contained document that names no other origin); then headless Chromium
// plays the host: the view runs in a sandboxed iframe, asks ui/initialize, says
// ui/notifications/initialized, is handed the real tool result by
// ui/notifications/tool-result and draws its SVG and numbers. A hostile SVG in a
// result runs no script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TALLY, tempDir } from '../support/tally.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ENV = { ...process.env, TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '7', TZ: 'UTC' };
const URI = 'ui://tally/chart';
const MIME = 'text/html;profile=mcp-app';

async function withDemo(fn) {
  const dir = tempDir('tally-chart-app-');
  execFileSync(TALLY, ['demo', '--db', dir.db], { env: ENV });
  const client = new Client({ name: 'chart-app-test', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StdioClientTransport({ command: TALLY, args: ['serve', '--db', dir.db], env: ENV, stderr: 'pipe' }));
  try {
    await fn(client);
  } finally {
    await client.close();
    dir.cleanup();
  }
}

async function readApp(client) {
  const { contents } = await client.readResource({ uri: URI });
  assert.equal(contents.length, 1);
  return contents[0];
}

test('ledger_chart names its MCP Apps view; resources/list and resources/read serve it self-contained', async () => {
  await withDemo(async (client) => {
    const { tools } = await client.listTools();
    const chart = tools.find((t) => t.name === 'ledger_chart');
    assert.deepEqual(chart._meta, { ui: { resourceUri: URI } });
    for (const t of tools) if (t.name !== 'ledger_chart') assert.equal(t._meta, undefined, `${t.name} has no view`);

    const { resources } = await client.listResources();
    const listed = resources.find((r) => r.uri === URI);
    assert.ok(listed, 'the view is listed');
    assert.equal(listed.mimeType, MIME);
    assert.equal(listed.name, 'ledger_chart_view');

    const app = await readApp(client);
    assert.equal(app.uri, URI);
    assert.equal(app.mimeType, MIME);
    assert.deepEqual(app._meta, { ui: { prefersBorder: true } }, 'no csp: it reaches no other origin');
    const html = app.text;
    assert.match(html, /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8">/);
    assert.ok(html.trimEnd().endsWith('</body></html>'));
    // Self-contained: nothing loaded from anywhere, no URL to any origin.
    assert.doesNotMatch(html, /<(link|iframe|img|object|embed)\b/i);
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/i);
    assert.doesNotMatch(html, /@import|url\(|https?:\/\/|\/\/cdn/i);
    assert.equal((html.match(/<script>/g) || []).length, 1);
    assert.equal((html.match(/<\/script>/g) || []).length, 1);
    // The protocol messages the view speaks (ext-apps spec, 2026-01-26).
    for (const m of ['ui/initialize', 'ui/notifications/initialized', 'ui/notifications/tool-result'])
      assert.ok(html.includes(`'${m}'`), m);

    await assert.rejects(client.readResource({ uri: 'ui://tally/nothing' }), /Resource not found: ui:\/\/tally\/nothing/);
  });
});

/** A minimal MCP Apps host in the page: the view in a sandboxed iframe, answered over postMessage. */
async function host(page, html) {
  await page.setContent('<!doctype html><html><body><main></main></body></html>');
  await page.evaluate((doc) => {
    window.hostLog = [];
    window.results = [];
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts';
    frame.title = 'chart';
    frame.style.width = '900px';
    frame.style.height = '700px';
    window.addEventListener('message', (event) => {
      if (event.source !== frame.contentWindow) return;
      const m = event.data;
      window.hostLog.push(m.method || `response ${m.id}`);
      if (m.method === 'ui/initialize')
        frame.contentWindow.postMessage({ jsonrpc: '2.0', id: m.id, result: {
          protocolVersion: '2026-01-26', hostInfo: { name: 'test-host', version: '1' }, hostCapabilities: {},
          hostContext: { theme: 'light', displayMode: 'inline' } } }, '*');
      if (m.method === 'ui/notifications/initialized') window.initialized = true;
    });
    window.deliver = (result) => {
      frame.contentWindow.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/tool-input', params: { arguments: {} } }, '*');
      frame.contentWindow.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: result }, '*');
    };
    frame.srcdoc = doc;
    document.querySelector('main').appendChild(frame);
  }, html);
  // The host sends nothing before the view's initialized notification (spec: Sandbox proxy, 6).
  await page.waitForFunction(() => window.initialized === true, null, { timeout: 20000 });
  return page.frames().find((f) => f !== page.mainFrame());
}

test('in Chromium the view draws the tool result a host hands it: the SVG and the same numbers', async () => {
  await withDemo(async (client) => {
    const app = await readApp(client);
    const result = await client.callTool({ name: 'ledger_chart', arguments: { kind: 'income_vs_expenses', months: 6 } });
    assert.ok(!result.isError, result.content?.[0]?.text);
    const numbers = result.structuredContent;
    assert.ok(numbers.series.length > 0, 'the demo has income and expenses');

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    try {
      const page = await browser.newPage();
      const dialogs = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
      const view = await host(page, app.text);
      assert.equal(await view.locator('#status').innerText(), 'Waiting for the chart…');
      await page.evaluate((r) => window.deliver(r), result);
      await view.waitForSelector('#chart svg', { timeout: 20000 });
      assert.equal(await view.locator('#title').innerText(), 'Income and expenses');
      assert.equal(await view.locator('#chart svg title').first().textContent(), 'Income and expenses');
      assert.ok(await view.locator('#chart svg rect').count() > 0, 'bars drawn');
      // The table under it holds exactly the tool's numbers.
      const months = await view.locator('#numbers thead th').allInnerTexts();
      assert.deepEqual(months, ['Series', ...numbers.months]);
      const rows = await view.locator('#numbers tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assert.deepEqual(rows, numbers.series.map((s) => [`${s.name} (${s.currency})`, ...s.values.map((v) => v.amount)]));
      const log = await page.evaluate(() => window.hostLog);
      assert.deepEqual(log.slice(0, 2), ['ui/initialize', 'ui/notifications/initialized']);
      assert.ok(log.includes('ui/notifications/size-changed'), 'the view reports its size after drawing');

      // A hostile result (not Tally's): its script and event handlers never run.
      const evil = {
        content: [{ type: 'resource', resource: { uri: 'ui://tally/chart/x.svg', mimeType: 'image/svg+xml',
          text: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>' +
            '<rect width="5" height="5" onmouseover="alert(3)"/><title>x</title></svg>' } }],
        structuredContent: { kind: 'net_worth', months: ['2026-03'],
          series: [{ name: '<img src=x onerror=alert(4)>', currency: 'USD', values: [{ amount: '1.00', amountMinor: 100, currency: 'USD' }] }] },
      };
      await page.evaluate((r) => window.deliver(r), evil);
      await view.waitForFunction(() => document.getElementById('title').textContent === 'Net worth at each month end');
      await view.locator('#chart rect').hover();
      assert.equal(await view.locator('#chart script, #chart [onload], #chart [onmouseover]').count(), 0);
      assert.equal(await view.locator('#numbers tbody th').innerText(), '<img src=x onerror=alert(4)> (USD)');
      assert.equal(await view.locator('#numbers img').count(), 0);
      assert.deepEqual(dialogs, []);
    } finally {
      await browser.close();
    }
  });
});
