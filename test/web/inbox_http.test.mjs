// The Automation inbox on `tally serve --http` (issue 18) with plain HTTP, no
// browser: an assistant (the MCP SDK client over stdio, on the same ledger
// file) stages drafts; a person signs in with a write key, sees them (escaped),
// previews, edits with the tools' messages, posts, deletes and bulk-posts; a
// form without the CSRF token, or from another site, changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TALLY, tempDir } from '../support/tally.mjs';
import { startHttp } from '../support/http_server.mjs';

const run = (args) => execFileSync(TALLY, args, { encoding: 'utf8', env: { ...process.env, TALLY_NOW: '', TALLY_SEED: '' } }).trim();
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

async function assistantOn(db) {
  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(new StdioClientTransport({
    command: TALLY, args: ['serve', '--db', db], env: { ...process.env, TALLY_NOW: '', TALLY_SEED: '' }, stderr: 'pipe' }));
  const tool = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    assert.ok(!r.isError, `${name} failed: ${r.content?.[0]?.text}`);
    return r.structuredContent;
  };
  const failText = async (name, args = {}) => {
    const r = await client.callTool({ name, arguments: args });
    assert.equal(r.isError, true, `${name} should fail`);
    return r.content[0].text;
  };
  return { client, tool, failText };
}

function browser(base) {
  const jar = new Map();  // name → value: the session cookie and the sign-in form's nonce
  const request = async (path, { method = 'GET', fields, headers = {}, withCookie = true } = {}) => {
    const h = { ...headers };
    if (withCookie && jar.size) h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (fields) {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(base + path, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/Max-Age=0/.test(set) || value === '') jar.delete(name); else jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, text };
  };
  return {
    request,
    jar,
    get cookie() { return jar.has('tally_inbox') ? `tally_inbox=${jar.get('tally_inbox')}` : ''; },
    set cookie(c) { if (c) jar.set('tally_inbox', c.slice(c.indexOf('=') + 1)); else jar.delete('tally_inbox'); },
  };
}

const signInTokenOf = (html) => html.match(/name="signin" value="([0-9a-f]+)"/)[1];

/** The browser flow: the sign-in form (its nonce cookie and signed field), then the key. */
async function signIn(b, key) {
  const form = await b.request('/inbox/sign-in');
  assert.equal(form.status, 200);
  return b.request('/inbox/sign-in', { method: 'POST', fields: { key, signin: signInTokenOf(form.text) } });
}

const csrfOf = (html) => html.match(/name="csrf" value="([0-9a-f]+)"/)[1];

test('the inbox: sign-in, escaped list, preview, edit, post, delete, bulk, and refused forgeries', async () => {
  const dir = tempDir('tally-inbox-');
  run(['init', '--db', dir.db]);
  const key = run(['keys', 'create', '--name', 'browser', '--db', dir.db]);
  const viewer = run(['keys', 'create', '--name', 'viewer', '--read-only', '--db', dir.db]);
  const { client, tool, failText } = await assistantOn(dir.db);
  const server = await startHttp({ db: dir.db });
  try {
    const ctx = await tool('extrack_get_context');
    const bank = ctx.accounts.find((a) => a.name === 'Checking').id;
    const alice = (await tool('ledger_create_person', { name: 'Alice' })).id;
    const bob = (await tool('ledger_create_person', { name: 'Bob <script>' })).id;
    const split = await tool('extrack_create_split_expense_draft', { title: 'Dinner', date: '2026-03-14',
      accountId: bank, totalAmount: '90.00', allocations: [{ personId: alice, amount: '30' }, { personId: bob, amount: '30' }] });
    const xss = await tool('extrack_create_transaction_draft', { type: 'expense', title: '<img src=x onerror=alert(1)>',
      date: '2026-03-15', accountId: bank, expenseAmount: '5' });
    assert.equal(split.source, 'assistant');

    const b = browser(server.base);
    let r = await b.request('/inbox');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/inbox/sign-in');
    // Login CSRF: a sign-in post needs the form's nonce cookie and the field the server signed
    // for it. Without either, or with another browser's field, nobody is signed in.
    const LOGIN_CSRF = 'This sign-in form did not come from this inbox (its token is missing, wrong or expired); ' +
      'nobody was signed in. Paste the key again here.';
    r = await b.request('/inbox/sign-in', { method: 'POST', fields: { key } });
    assert.equal(r.status, 403);
    assert.ok(r.text.includes(escapeHtml(LOGIN_CSRF)), r.text);
    assert.equal(b.cookie, '', 'no session without the token');
    // The refusal is itself a fresh form: it sets this browser's nonce cookie.
    const nonce = r.headers.getSetCookie().find((c) => c.startsWith('tally_signin='));
    for (const part of [/HttpOnly/, /SameSite=Strict/, /Path=\/inbox\/sign-in/, /Max-Age=1800/]) assert.match(nonce, part);
    const form = await b.request('/inbox/sign-in');
    assert.deepEqual(form.headers.getSetCookie(), [], 'a browser with a nonce keeps it');
    const token = signInTokenOf(form.text);
    r = await b.request('/inbox/sign-in', { method: 'POST', fields: { key, signin: token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } });
    assert.equal(r.status, 403, 'a wrong token');
    assert.equal(b.cookie, '');
    const attacker = browser(server.base);
    const theirs = signInTokenOf((await attacker.request('/inbox/sign-in')).text);
    r = await b.request('/inbox/sign-in', { method: 'POST', fields: { key, signin: theirs } });
    assert.equal(r.status, 403, 'a token signed for another browser\'s nonce');
    assert.equal(b.cookie, '');
    r = await attacker.request('/inbox/sign-in', { method: 'POST', fields: { key, signin: theirs }, withCookie: false });
    assert.equal(r.status, 403, 'the field without its cookie (a cross-site post carries no Strict cookie)');
    assert.equal(attacker.cookie, '');
    assert.equal(signInTokenOf((await b.request('/inbox/sign-in')).text), token, 'the same browser keeps its nonce');
    r = await signIn(b, viewer);
    assert.equal(r.status, 401);
    assert.match(r.text, /read-only/);
    r = await signIn(b, 'tly_notakey');
    assert.equal(r.status, 401);
    assert.equal(b.cookie, '', 'no session for a bad key');
    r = await signIn(b, key);
    assert.equal(r.status, 303);
    const setCookie = r.headers.get('set-cookie');
    for (const part of [/HttpOnly/, /SameSite=Strict/, /Path=\/inbox/]) assert.match(setCookie, part);

    r = await b.request('/inbox');
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.ok(r.text.includes(escapeHtml(xss.title)), 'the markup in a title is shown as text');
    assert.ok(!r.text.includes('<img src=x'), 'and never as markup');
    assert.ok(r.text.includes(escapeHtml('Bob <script>')) && !r.text.includes('Bob <script>'));
    assert.ok(r.text.indexOf(xss.id) < r.text.indexOf(split.id), 'newest first');
    assert.match(r.text, /<dd>assistant<\/dd>/, 'the source: the client that staged it');
    const csrf = csrfOf(r.text);

    r = await b.request(`/inbox/drafts/${split.id}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /What posting will write/);
    assert.match(r.text, /Lent:Alice <small>\(new\)<\/small>/);
    assert.match(r.text, /<td>Alice<\/td><td class="money"><data class="money" value="0" data-currency="USD" data-exponent="2">0\.00 USD<\/data><\/td><td class="money"><data class="money" value="3000" data-currency="USD" data-exponent="2">30\.00 USD<\/data><\/td>/);

    // Forgeries change nothing: no CSRF token, a wrong one, another site's Origin, no session.
    const pending = async (id) => (await tool('extrack_list_transaction_drafts', { limit: 100 })).drafts.some((d) => d.id === id);
    r = await b.request(`/inbox/drafts/${split.id}/post`, { method: 'POST', fields: {} });
    assert.equal(r.status, 403);
    r = await b.request(`/inbox/drafts/${split.id}/post`, { method: 'POST', fields: { csrf: 'ab'.repeat(32) } });
    assert.equal(r.status, 403);
    r = await b.request(`/inbox/drafts/${split.id}/delete`, { method: 'POST', fields: { csrf }, headers: { origin: 'http://evil.example' } });
    assert.equal(r.status, 403);
    r = await b.request(`/inbox/drafts/${split.id}/delete`, { method: 'POST', fields: { csrf }, withCookie: false });
    assert.equal(r.status, 403);
    r = await b.request(`/inbox/drafts/${split.id}`, { method: 'PUT' });
    assert.equal(r.status, 405);
    assert.ok(await pending(split.id), 'still pending after the forgeries');

    // Edit: the tool's own message beside the field; then a good edit keeps the id.
    const edit = (fields) => b.request(`/inbox/drafts/${split.id}/edit`, { method: 'POST', fields: {
      csrf, title: 'Dinner', date: '2026-03-14', totalAmount: '90.00', accountId: bank,
      person: [alice, bob, ''], share: ['30', '30', ''], ...fields } });
    const expected = await failText('extrack_update_transaction_draft', { draftId: split.id, categoryName: 'Nope' });
    r = await edit({ categoryName: 'Nope' });
    assert.equal(r.status, 422);
    assert.ok(r.text.includes(`<span class="field-error" id="f-categoryName-error">${escapeHtml(expected)}</span>`), r.text);
    r = await edit({ categoryName: 'dining', share: ['30', '29.99', ''] });
    assert.equal(r.status, 303);
    const edited = await tool('extrack_get_transaction_draft', { draftId: split.id });
    assert.equal(edited.categoryName, 'Dining');
    assert.deepEqual(edited.splits.map((s) => s.amount.amountMinor), [3000, 2999]);
    assert.equal(edited.source, 'assistant', 'an edit keeps who staged it');

    // Post from the page: the assistant's next context sees it.
    r = await b.request(`/inbox/drafts/${split.id}/post`, { method: 'POST', fields: { csrf } });
    assert.equal(r.status, 303);
    r = await b.request('/inbox');
    assert.match(r.text, /Posted &quot;Dinner&quot; as txn_/);
    const after = await tool('extrack_get_context');
    const owes = (name) => JSON.stringify(after.persons.find((p) => p.name === name));
    assert.match(owes('Alice'), /"amountMinor":3000/);
    assert.match(owes('Bob <script>'), /"amountMinor":2999/);
    assert.ok(!after.recentDrafts.some((d) => d.id === split.id));
    const txns = (await tool('ledger_list_transactions', {})).transactions;
    const posted = txns.find((t) => t.description === 'Dinner');
    assert.deepEqual(posted.postings.map((p) => p.amount.amountMinor), [-9000, 3001, 3000, 2999]);
    // The audit trail names the person's inbox and the key they signed in with (issue 21).
    const audited = (await tool('ledger_audit_log', { id: posted.id })).entries;
    assert.equal(audited.length, 1);
    assert.deepEqual([audited[0].action, audited[0].actor], ['extrack_post_transaction_draft', 'inbox']);
    const browserKey = JSON.parse(run(['keys', 'list', '--json', '--db', dir.db])).find((k) => k.name === 'browser').id;
    assert.equal(audited[0].credentialId, browserKey);
    const staged = (await tool('ledger_audit_log', { id: split.id, action: 'extrack_create_split_expense_draft' })).entries;
    assert.deepEqual([staged.length, staged[0]?.actor, staged[0]?.credentialId], [1, 'assistant', undefined]);

    // Delete one; bulk-post three (one of them refused: the page says which).
    r = await b.request(`/inbox/drafts/${xss.id}/delete`, { method: 'POST', fields: { csrf } });
    assert.equal(r.status, 303);
    assert.ok(!(await pending(xss.id)));
    const three = [];
    for (const title of ['Taxi', 'Lunch', 'Books'])
      three.push((await tool('extrack_create_transaction_draft', { type: 'expense', title, date: '2026-03-15', accountId: bank, expenseAmount: '7' })).id);
    const refused = (await tool('extrack_create_repayment_draft', { personId: alice, accountId: bank, amount: '500', date: '2026-03-15' })).id;
    r = await b.request('/inbox/bulk', { method: 'POST', fields: { csrf, action: 'post', id: [...three, refused] } });
    assert.equal(r.status, 303);
    r = await b.request('/inbox');
    assert.match(r.text, /Posted 3 of 4/);
    assert.ok(r.text.includes(`Not posted: ${refused}: Repayment of 500.00 USD is more than Alice owes`));
    for (const id of three) assert.ok(!(await pending(id)));
    assert.ok(await pending(refused));
    r = await b.request('/inbox/bulk', { method: 'POST', fields: { csrf, action: 'delete', id: [refused] } });
    assert.equal(r.status, 303);
    assert.ok(!(await pending(refused)));

    // Revoking the key ends its sessions.
    const other = browser(server.base);
    const second = run(['keys', 'create', '--name', 'second', '--db', dir.db]);
    r = await signIn(other, second);
    assert.equal(r.status, 303);
    assert.equal((await other.request('/inbox')).status, 200);
    const keyId = JSON.parse(run(['keys', 'list', '--json', '--db', dir.db])).find((k) => k.name === 'second').id;
    run(['keys', 'revoke', keyId, '--db', dir.db]);
    r = await other.request('/inbox');
    assert.equal(r.status, 303, 'a revoked key\'s session is over');
    assert.equal(r.headers.get('location'), '/inbox/sign-in');

    // Signing out ends the session.
    const old = b.cookie;
    r = await b.request('/inbox/sign-out', { method: 'POST', fields: { csrf } });
    assert.equal(r.status, 303);
    b.cookie = old;
    r = await b.request('/inbox');
    assert.equal(r.status, 303);
    const doctor = execFileSync(TALLY, ['doctor', '--db', dir.db], { encoding: 'utf8' });
    assert.ok(doctor !== undefined);
  } finally {
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});

test('the ledger pages: accounts, people, transactions with filters and paging, one transaction and Void', async () => {
  const dir = tempDir('tally-inbox-ledger-');
  run(['init', '--db', dir.db]);
  const key = run(['keys', 'create', '--name', 'browser', '--db', dir.db]);
  const { client, tool } = await assistantOn(dir.db);
  const server = await startHttp({ db: dir.db });
  try {
    const ctx = await tool('extrack_get_context');
    const bank = ctx.accounts.find((a) => a.name === 'Checking').id;
    const alice = (await tool('ledger_create_person', { name: 'Alice & Co' })).id;
    const lend = await tool('extrack_create_lend_money_draft', { personId: alice, accountId: bank, amount: '12.34', date: '2026-03-01' });
    const lent = await tool('extrack_post_transaction_draft', { draftId: lend.id });
    for (let i = 0; i < 52; i++) {
      const d = await tool('extrack_create_transaction_draft', { type: 'expense', title: `Coffee ${i}`,
        date: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`, accountId: bank, expenseAmount: '1.00' });
      await tool('extrack_post_transaction_draft', { draftId: d.id });
    }
    const b = browser(server.base);
    await signIn(b, key);

    let r = await b.request('/inbox/accounts');
    assert.equal(r.status, 200);
    assert.match(r.text, /Checking<\/a><\/td><td class="money"><data class="money" value="-6434" data-currency="USD" data-exponent="2">-64\.34 USD<\/data>/);
    r = await b.request('/inbox/people');
    assert.match(r.text, /Alice &amp; Co<\/a><\/td><td class="money"><data class="money" value="1234" data-currency="USD" data-exponent="2">12\.34 USD<\/data>/);

    r = await b.request('/inbox/transactions');
    assert.match(r.text, /53 transactions, newest first/);
    const older = r.text.match(/href="([^"]+)" rel="next"/)[1].replace(/&amp;/g, '&');
    r = await b.request(older);
    assert.equal(r.status, 200);
    assert.equal((r.text.match(/<tr><td><time/g) || []).length, 3, 'the second page holds the last 3');
    r = await b.request(`/inbox/transactions?person=${alice}`);
    assert.match(r.text, /1 transaction, newest first/);
    r = await b.request('/inbox/transactions?start=2026-13-01');
    assert.match(r.text, /class="field-error" role="alert">startDate: /, 'the tool\'s message');

    r = await b.request(`/inbox/transactions/${lent.transactionId}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /Lent:Alice &amp; Co/);
    const csrf = csrfOf(r.text);
    r = await b.request(`/inbox/transactions/${lent.transactionId}/void`, { method: 'POST', fields: { reason: 'typo' } });
    assert.equal(r.status, 403, 'no CSRF token: refused');
    r = await b.request(`/inbox/transactions/${lent.transactionId}/void`, { method: 'POST', fields: { csrf, reason: 'typo' } });
    assert.equal(r.status, 303);
    r = await b.request(r.headers.get('location'));
    assert.match(r.text, /Voided: the reversal is posted as txn_/);
    assert.match(r.text, /Voided by <a href="\/inbox\/transactions\/txn_/);
    assert.doesNotMatch(r.text, />Void<\/button>/, 'a voided transaction offers no Void');
    const after = await tool('extrack_get_context');
    assert.deepEqual(after.persons.find((p) => p.id === alice).owes.map((o) => o.amountMinor), [], 'Alice owes nothing again');
    r = await b.request(`/inbox/transactions/${lent.transactionId}/void`, { method: 'POST', fields: { csrf } });
    r = await b.request(r.headers.get('location'));
    assert.match(r.text, /Not voided: /, 'the ledger\'s rule, in its words');
  } finally {
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});

test('editing on the page covers the create tools\' fields: type, transfer accounts, reference, tags', async () => {
  const dir = tempDir('tally-inbox-edit-');
  run(['init', '--db', dir.db]);
  const key = run(['keys', 'create', '--name', 'browser', '--db', dir.db]);
  const { client, tool } = await assistantOn(dir.db);
  const server = await startHttp({ db: dir.db });
  try {
    const ctx = await tool('extrack_get_context');
    const id = (name) => ctx.accounts.find((a) => a.name === name).id;
    const b = browser(server.base);
    await signIn(b, key);
    const csrf = csrfOf((await b.request('/inbox')).text);

    const refund = await tool('extrack_create_transaction_draft', { type: 'expense', title: 'Refund', date: '2026-03-02',
      accountId: id('Checking'), expenseAmount: '15.00', tags: ['shop'] });
    let r = await b.request(`/inbox/drafts/${refund.id}`);
    assert.match(r.text, /<select id="f-type" name="type">/);
    assert.match(r.text, /name="tags" type="text" value="shop"/);
    r = await b.request(`/inbox/drafts/${refund.id}/edit`, { method: 'POST', fields: { csrf, type: 'income',
      title: 'Refund', date: '2026-03-02', expenseAmount: '15.00', accountId: id('Checking'), categoryName: 'Gifts',
      payee: '', externalReference: 'r-9', tags: 'shop, refund ,', person: [''], share: [''] } });
    assert.equal(r.status, 303, r.text);
    const income = await tool('extrack_get_transaction_draft', { draftId: refund.id });
    assert.equal(income.type, 'income');
    assert.equal(income.incomeAmount.amountMinor, 1500);
    assert.equal(income.categoryName, 'Gifts');
    assert.equal(income.externalReference, 'r-9');
    assert.deepEqual(income.tags, ['shop', 'refund']);

    const move = await tool('extrack_create_transaction_draft', { type: 'transfer', title: 'Save', date: '2026-03-03',
      debitAccountId: id('Savings'), creditAccountId: id('Checking'), expenseAmount: '50' });
    r = await b.request(`/inbox/drafts/${move.id}`);
    assert.match(r.text, /<label for="f-creditAccountId">From account<\/label>/);
    r = await b.request(`/inbox/drafts/${move.id}/edit`, { method: 'POST', fields: { csrf, title: 'Save', date: '2026-03-03',
      expenseAmount: '50.00', creditAccountId: id('Cash'), debitAccountId: id('Cash'), externalReference: '', tags: '' } });
    assert.equal(r.status, 422);
    assert.match(r.text, /debitAccountId and creditAccountId must be different accounts/);
    r = await b.request(`/inbox/drafts/${move.id}/edit`, { method: 'POST', fields: { csrf, title: 'Save', date: '2026-03-03',
      expenseAmount: '50.00', creditAccountId: id('Cash'), debitAccountId: id('Savings'), externalReference: '', tags: '' } });
    assert.equal(r.status, 303);
    assert.equal((await tool('extrack_get_transaction_draft', { draftId: move.id })).creditAccountId, id('Cash'));

    // A transfer across currencies: both amounts shown and edited, never summed.
    const euros = (await tool('ledger_create_account', { name: 'Euro Cash', type: 'asset', subtype: 'cash', currency: 'EUR' })).id;
    const trip = await tool('extrack_create_transaction_draft', { type: 'transfer', title: 'Euros', date: '2026-03-04',
      debitAccountId: euros, creditAccountId: id('Checking'), expenseAmount: '110.00', incomeAmount: '100.00' });
    r = await b.request(`/inbox/drafts/${trip.id}`);
    assert.match(r.text, /name="expenseAmount" type="text" value="110.00"/);
    assert.match(r.text, /Amount received \(EUR\)<\/label><input id="f-incomeAmount" name="incomeAmount" type="text" value="100.00"/);
    assert.doesNotMatch(r.text, /210\.00/, 'the two currencies are never added up');
    r = await b.request(`/inbox/drafts/${trip.id}/edit`, { method: 'POST', fields: { csrf, title: 'Euros', date: '2026-03-04',
      expenseAmount: '110.00', incomeAmount: '101.50', creditAccountId: id('Checking'), debitAccountId: euros, externalReference: '', tags: '' } });
    assert.equal(r.status, 303, r.text);
    const edited = await tool('extrack_get_transaction_draft', { draftId: trip.id });
    assert.equal(edited.expenseAmount.amountMinor, 11000);
    assert.equal(edited.incomeAmount.amountMinor, 10150);
  } finally {
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});

test('a repayment above what is owed: refused on the page, then allowed by ticking the box', async () => {
  const dir = tempDir('tally-inbox-repay-');
  run(['init', '--db', dir.db]);
  const key = run(['keys', 'create', '--name', 'browser', '--db', dir.db]);
  const { client, tool } = await assistantOn(dir.db);
  const server = await startHttp({ db: dir.db });
  try {
    const bank = (await tool('extrack_get_context')).accounts.find((a) => a.name === 'Checking').id;
    const sam = (await tool('ledger_create_person', { name: 'Sam' })).id;
    const kim = (await tool('ledger_create_person', { name: 'Kim' })).id;
    const repay = await tool('extrack_create_repayment_draft', { personId: sam, accountId: bank, amount: '20', date: '2026-03-04' });
    const b = browser(server.base);
    await signIn(b, key);
    let r = await b.request(`/inbox/drafts/${repay.id}`);
    assert.match(r.text, /Posting would be refused: Sam owes nothing in USD/);
    const csrf = csrfOf(r.text);
    const base = { csrf, title: 'Kim paid me back', date: '2026-03-04', amount: '20.00', accountId: bank, personId: kim, payee: '', tags: '' };
    r = await b.request(`/inbox/drafts/${repay.id}/edit`, { method: 'POST', fields: { ...base, allowOverpayment: ['0', '1'] } });
    assert.equal(r.status, 303, r.text);
    let d = await tool('extrack_get_transaction_draft', { draftId: repay.id });
    assert.equal(d.personId, kim);
    assert.equal(d.allowOverpayment, true);
    r = await b.request(`/inbox/drafts/${repay.id}/post`, { method: 'POST', fields: { csrf } });
    assert.equal(r.status, 303);
    const kimNow = (await tool('extrack_get_context')).persons.find((p) => p.id === kim);
    assert.deepEqual(kimNow.owes.map((o) => o.amountMinor), [-2000], 'you now owe Kim 20.00');
    d = await tool('extrack_create_repayment_draft', { personId: sam, accountId: bank, amount: '5', date: '2026-03-04', allowOverpayment: true });
    r = await b.request(`/inbox/drafts/${d.id}/edit`, { method: 'POST', fields: { ...base, personId: sam, amount: '5', allowOverpayment: '0' } });
    assert.equal(r.status, 303);
    assert.equal((await tool('extrack_get_transaction_draft', { draftId: d.id })).allowOverpayment, false, 'unticking clears it');
  } finally {
    await client.close();
    await server.stop();
    dir.cleanup();
  }
});
