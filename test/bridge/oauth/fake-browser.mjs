#!/usr/bin/env node
// A headless "browser" for sign-in tests, used as $BROWSER: GETs the authorization URL and
// follows redirects (at most 10) until a page that does not redirect, normally the
// bridge's loopback callback. It never retries a refused connection: the bridge must be
// listening before it opens the browser. FAKE_BROWSER_LOG=<file> appends each URL visited.
import { appendFileSync } from 'node:fs';

let url = process.argv[2];
if (!url) {
  console.error('usage: fake-browser.mjs <url>');
  process.exit(2);
}
for (let hop = 0; hop < 10; hop++) {
  if (process.env.FAKE_BROWSER_LOG) appendFileSync(process.env.FAKE_BROWSER_LOG, url + '\n');
  let res;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10000) });
  } catch (e) {
    console.error(`fake-browser: ${url}: ${e.cause?.code || e.message}`);
    process.exit(1);
  }
  const next = res.headers.get('location');
  await res.arrayBuffer();
  if (res.status < 300 || res.status >= 400 || !next) process.exit(res.ok ? 0 : 1);
  url = new URL(next, url).toString();
}
process.exit(1);
