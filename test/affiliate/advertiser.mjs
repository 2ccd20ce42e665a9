// A local advertiser for outbound postbacks: an HTTP server on 127.0.0.1 that
// records every request it gets and answers what the test says (`respond`,
// called with the request's URL and how many requests came before). `until`
// waits, bounded, for a condition on what it has received.
import { createServer } from 'node:http';

export async function startAdvertiser(respond = () => 200) {
  const received = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const status = respond(url, received.length);
    received.push({ url, params: Object.fromEntries(url.searchParams), status, userAgent: req.headers['user-agent'] });
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status < 300 ? 'ok' : 'not now');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    port,
    received,
    /** The 2xx answers, i.e. the deliveries the advertiser acknowledged. */
    acknowledged: () => received.filter((r) => r.status < 300),
    set respond(fn) { respond = fn; },
    /** Resolves once `predicate()` holds; rejects after `timeoutMs` saying what it waited for. */
    async until(predicate, what, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`advertiser: gave up waiting for ${what}; received ${JSON.stringify(received.map((r) => [r.url.search, r.status]))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Resolves once `check()` (async) returns a truthy value, which it returns; bounded. */
export async function eventually(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
