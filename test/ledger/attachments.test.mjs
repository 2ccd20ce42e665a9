// Receipts and attachments (issue 21 item 1), through the real binary: stored
// content-addressed beside the ledger and deduplicated, kept when a draft posts,
// served as tally://attachments/{sha} to the owning workspace only, refused
// clearly (nothing written, nothing read beyond the refusal) for every bad
// input, never read from a path over HTTP, carried by backup and restore, and
// checked by doctor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, unlinkSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import path from 'node:path';
import { TALLY, tempDir, withServe } from '../support/tally.mjs';
import { startHttp, post, sseMessages, modern } from '../support/http_server.mjs';

const ENV = { TALLY_NOW: '2026-03-15T12:00:00Z', TALLY_SEED: '11', TZ: 'UTC' };
const serve = (db, fn, args = ['serve']) => withServe({ db, env: ENV, args }, fn);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);
const RECEIPT = Buffer.from('Trattoria Roma\n2 x pasta  24.00\nTotal EUR 24.00 — grazie\n', 'utf8');

function tally(args, env = {}) {
  return spawnSync(TALLY, args, { env: { ...process.env, ...ENV, ...env }, encoding: 'utf8' });
}

/** Every file under the ledger's attachments folder, relative. */
function stored(db) {
  const root = `${db}.attachments`;
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((d) => readdirSync(path.join(root, d)).map((f) => `${d}/${f}`)).sort();
}

async function expense(ok) {
  const bank = (await ok('ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' })).id;
  await ok('ledger_create_category', { name: 'Dining', kind: 'expense' });
  const draft = (await ok('extrack_create_transaction_draft', {
    type: 'expense', title: 'Dinner', date: '2026-03-10', expenseAmount: '24.00', accountId: bank, categoryName: 'Dining' })).id;
  return { bank, draft };
}

test('a receipt round-trips byte for byte; the same bytes are stored once; detach removes the file with its last link', async () => {
  const dir = tempDir('tally-att-');
  try {
    await serve(dir.db, async ({ t, ok, fail }) => {
      const { bank, draft } = await expense(ok);
      const txn = (await ok('extrack_post_transaction_draft', { draftId: draft })).transactionId;
      const first = await ok('ledger_attach_file', { transactionId: txn, contentBase64: b64(RECEIPT), fileName: 'roma.txt' });
      const sha = sha256(RECEIPT);
      assert.deepEqual({ ...first.attachment, id: undefined, createdAt: undefined },
        { id: undefined, createdAt: undefined, sha256: sha, fileName: 'roma.txt', mimeType: 'text/plain', size: RECEIPT.length,
          uri: `tally://attachments/${sha}`, transactionId: txn });
      assert.equal(first.deduplicated, false);
      // Stored beside the ledger under its hash, private.
      assert.deepEqual(stored(dir.db), [`${sha.slice(0, 2)}/${sha.slice(2)}`]);
      assert.deepEqual(readFileSync(`${dir.db}.attachments/${sha.slice(0, 2)}/${sha.slice(2)}`), RECEIPT);
      assert.equal(statSync(`${dir.db}.attachments`).mode & 0o777, 0o700);
      assert.equal(statSync(`${dir.db}.attachments/${sha.slice(0, 2)}/${sha.slice(2)}`).mode & 0o777, 0o600);

      // The same bytes again: the same link. On another transaction: a new link, the same file.
      const again = await ok('ledger_attach_file', { transactionId: txn, contentBase64: b64(RECEIPT), fileName: 'copy.txt' });
      assert.equal(again.deduplicated, true);
      assert.equal(again.attachment.id, first.attachment.id);
      const draft2 = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Dessert', date: '2026-03-10', expenseAmount: '6.00', accountId: bank, categoryName: 'Dining' })).id;
      const txn2 = (await ok('extrack_post_transaction_draft', { draftId: draft2 })).transactionId;
      const second = await ok('ledger_attach_file', { transactionId: txn2, contentBase64: b64(RECEIPT), fileName: 'roma.txt' });
      assert.notEqual(second.attachment.id, first.attachment.id);
      assert.equal(second.deduplicated, false);
      assert.equal(stored(dir.db).length, 1, 'one file for two links');
      const png = await ok('ledger_attach_file', { transactionId: txn, contentBase64: b64(PNG), fileName: 'photo.png' });
      assert.equal(png.attachment.mimeType, 'image/png');
      assert.equal(stored(dir.db).length, 2);
      const list = await ok('ledger_list_attachments', { transactionId: txn });
      assert.deepEqual(list.attachments.map((a) => a.fileName), ['roma.txt', 'photo.png']);

      // resources/read: the bytes, base64, with the type; templates list names the family.
      const read = await t.request('resources/read', { uri: `tally://attachments/${sha}` });
      assert.deepEqual(read.result.contents, [{ uri: `tally://attachments/${sha}`, mimeType: 'text/plain', blob: b64(RECEIPT) }]);
      assert.deepEqual(Buffer.from(read.result.contents[0].blob, 'base64'), RECEIPT);
      const templates = await t.request('resources/templates/list', {});
      assert.ok(templates.result.resourceTemplates.some((x) => x.uriTemplate === 'tally://attachments/{sha}'));
      const unknown = await t.request('resources/read', { uri: `tally://attachments/${'0'.repeat(64)}` });
      assert.equal(unknown.error.code, -32602);

      // Detach: the file stays while another link holds it, goes with the last.
      const d0 = await ok('ledger_detach_file', { attachmentId: second.attachment.id });
      assert.equal(d0.fileRemoved, false, 'the first transaction still links it');
      assert.equal(stored(dir.db).length, 2);
      const d1 = await ok('ledger_detach_file', { attachmentId: png.attachment.id });
      assert.equal(d1.fileRemoved, true);
      assert.equal(stored(dir.db).length, 1);
      assert.equal(await fail('ledger_detach_file', { attachmentId: png.attachment.id }),
        `Attachment not found: attachmentId "${png.attachment.id}"`);
    });
    const r = tally(['doctor', '--db', dir.db]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally { dir.cleanup(); }
});

test('a draft keeps its attachment when it posts; a deleted draft takes its links along', async () => {
  const dir = tempDir('tally-att-draft-');
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const { bank, draft } = await expense(ok);
      const a = await ok('ledger_attach_file', { draftId: draft, contentBase64: b64(RECEIPT), fileName: 'roma.txt' });
      assert.equal(a.attachment.draftId, draft);
      assert.deepEqual((await ok('ledger_list_attachments', { draftId: draft })).attachments.map((x) => x.id), [a.attachment.id]);
      const txn = (await ok('extrack_post_transaction_draft', { draftId: draft })).transactionId;
      const moved = await ok('ledger_list_attachments', { transactionId: txn });
      assert.deepEqual(moved.attachments.map((x) => [x.id, x.transactionId, x.draftId]), [[a.attachment.id, txn, undefined]]);
      assert.equal(await fail('ledger_list_attachments', { draftId: draft }),
        `Draft ${draft} was posted as ${txn}; attach to transactionId "${txn}"`);

      const other = (await ok('extrack_create_transaction_draft', {
        type: 'expense', title: 'Lunch', date: '2026-03-11', expenseAmount: '9.00', accountId: bank, categoryName: 'Dining' })).id;
      await ok('ledger_attach_file', { draftId: other, contentBase64: b64(PNG), fileName: 'lunch.png' });
      // An edit rewrites the draft under its id: the attachment stays.
      await ok('extrack_update_transaction_draft', { draftId: other, title: 'Lunch out' });
      assert.equal((await ok('ledger_list_attachments', { draftId: other })).attachments.length, 1);
      assert.equal(stored(dir.db).length, 2);
      await ok('extrack_delete_transaction_draft', { draftId: other });
      assert.equal(stored(dir.db).length, 1, 'the deleted draft\'s file went with its link');
    });
    const r = tally(['doctor', '--db', dir.db]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally { dir.cleanup(); }
});

test('bad input: each a clear error, nothing written', async () => {
  const dir = tempDir('tally-att-bad-');
  const allowed = path.join(dir.dir, 'receipts');
  const outside = path.join(dir.dir, 'private');
  mkdirSync(allowed);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours\n');
  writeFileSync(path.join(allowed, 'ok.txt'), RECEIPT);
  mkdirSync(path.join(allowed, 'folder'));
  execFileSync('mkfifo', [path.join(allowed, 'pipe.txt')]);
  symlinkSync(path.join(outside, 'secret.txt'), path.join(allowed, 'link.txt'));
  symlinkSync('/dev/zero', path.join(allowed, 'zero.txt'));
  writeFileSync(path.join(allowed, 'big.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(11 * 1024 * 1024, 0x20)]));
  writeFileSync(path.join(allowed, 'archive.pdf'), Buffer.from('504b030414000000080000000000', 'hex'));
  writeFileSync(path.join(allowed, '.hidden.txt'), RECEIPT);
  writeFileSync(path.join(allowed, 'zeros.txt'), Buffer.alloc(1024 * 1024));
  writeFileSync(path.join(allowed, 'long.txt'), Buffer.from('€'.repeat(3000)));  // a character across the first block's end
  mkdirSync(path.join(allowed, '.git'));
  writeFileSync(path.join(allowed, '.git', 'config.txt'), RECEIPT);
  try {
    await serve(dir.db, async ({ ok, fail }) => {
      const { draft } = await expense(ok);
      const at = (p) => fail('ledger_attach_file', { draftId: draft, path: p });
      const q = (p) => `path: "${p}"`;
      assert.equal(await at(path.join(allowed, 'folder')), `${q(path.join(allowed, 'folder'))} is a folder, not a file`);
      assert.equal(await at(path.join(allowed, 'pipe.txt')),
        `${q(path.join(allowed, 'pipe.txt'))} is not a regular file (a FIFO, socket or device); only files are attached`);
      assert.equal(await at('/dev/zero'), `${q('/dev/zero')} is outside the folders files are attached from (--attach-dir)`);
      assert.equal(await at(path.join(allowed, 'zero.txt')),
        `${q(path.join(allowed, 'zero.txt'))} is a symbolic link leading outside the folders files are attached from (--attach-dir)`);
      assert.equal(await at(path.join(allowed, 'link.txt')),
        `${q(path.join(allowed, 'link.txt'))} is a symbolic link leading outside the folders files are attached from (--attach-dir)`);
      assert.equal(await at(path.join(outside, 'secret.txt')), `${q(path.join(outside, 'secret.txt'))} is outside the folders files are attached from (--attach-dir)`);
      assert.equal(await at(path.join(allowed, '..', 'private', 'secret.txt')),
        `${q(path.join(allowed, '..', 'private', 'secret.txt'))} is outside the folders files are attached from (--attach-dir)`);
      assert.equal(await at(path.join(allowed, 'big.pdf')),
        `${q(path.join(allowed, 'big.pdf'))} is ${11 * 1024 * 1024 + 9} bytes; attachments are at most 10 MiB (10485760 bytes)`);
      assert.equal(await at(path.join(allowed, 'archive.pdf')),
        '"archive.pdf" is not a PDF, PNG, JPEG, HEIC or UTF-8 text file (judged by its content, not its name); only those are attached');
      assert.equal(await at(path.join(allowed, 'zeros.txt')),
        '"zeros.txt" is not a PDF, PNG, JPEG, HEIC or UTF-8 text file (judged by its content, not its name); only those are attached');
      assert.equal(await at(path.join(allowed, '.hidden.txt')), 'path: ".hidden.txt" is a dotfile; hidden files are never attached');
      assert.equal(await at(path.join(allowed, '.git', 'config.txt')),
        `${q(path.join(allowed, '.git', 'config.txt'))} is inside a hidden folder or is a hidden file; those are never attached`);
      assert.equal(await fail('ledger_attach_file', { draftId: draft, contentBase64: 'not base64!', fileName: 'x.txt' }),
        'contentBase64: not valid base64 (RFC 4648: A–Z, a–z, 0–9, + and /, \'=\' padding, no spaces)');
      assert.equal(await fail('ledger_attach_file', { draftId: draft, contentBase64: b64(RECEIPT), fileName: '.env' }),
        'fileName: ".env" is a dotfile; hidden files are never attached');
      assert.equal(await fail('ledger_attach_file', { draftId: draft, contentBase64: b64(Buffer.from([0xff, 0xfe, 0, 1])), fileName: 'x.txt' }),
        '"x.txt" is not a PDF, PNG, JPEG, HEIC or UTF-8 text file (judged by its content, not its name); only those are attached');
      assert.equal(await fail('ledger_attach_file', { draftId: 'drf_nope', contentBase64: b64(RECEIPT), fileName: 'x.txt' }),
        'Draft not found: draftId "drf_nope"');
      assert.equal(await fail('ledger_attach_file', { draftId: draft, transactionId: 'txn_x', contentBase64: b64(RECEIPT), fileName: 'x.txt' }),
        'give either transactionId or draftId (exactly one)');
      assert.equal((await ok('ledger_list_attachments', { draftId: draft })).attachments.length, 0);
      assert.equal(existsSync(`${dir.db}.attachments`), false, 'nothing written');
      // The allowed folder works (the control).
      assert.equal((await ok('ledger_attach_file', { draftId: draft, path: path.join(allowed, 'ok.txt') })).attachment.fileName, 'ok.txt');
      assert.equal((await ok('ledger_attach_file', { draftId: draft, path: path.join(allowed, 'long.txt') })).attachment.size, 9000);
    }, ['serve', '--attach-dir', allowed]);

    // Without --attach-dir no path is read at all.
    await serve(dir.db, async ({ fail, ok }) => {
      const draft = (await ok('extrack_list_transaction_drafts', { limit: 1 })).drafts[0].id;
      assert.equal(await fail('ledger_attach_file', { draftId: draft, path: path.join(allowed, 'ok.txt') }),
        'path: reading files is off; start Tally with --attach-dir FOLDER to attach files from FOLDER, or send contentBase64 and fileName');
    });
  } finally { dir.cleanup(); }
});

test('over HTTP a path is refused and contentBase64 works; --attach-dir with --http is refused', async () => {
  const dir = tempDir('tally-att-http-');
  try {
    let draft;
    await serve(dir.db, async ({ ok }) => { ({ draft } = await expense(ok)); });
    const refused = tally(['serve', '--http', '127.0.0.1:0', '--db', dir.db, '--attach-dir', dir.dir]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--attach-dir is for stdio and the command line; over HTTP files are never read/);
    const server = await startHttp({ db: dir.db, env: ENV, args: ['--rate-limit', 'off'] });
    try {
      const call = async (args, id) => {
        const m = modern('tools/call', { name: 'ledger_attach_file', arguments: args }, id);
        const r = await post(server.url, m.body, { headers: m.headers });
        return (r.body ?? sseMessages(r.text).at(-1)).result;
      };
      writeFileSync(path.join(dir.dir, 'r.txt'), RECEIPT);
      const bad = await call({ draftId: draft, path: path.join(dir.dir, 'r.txt') }, 1);
      assert.equal(bad.isError, true);
      assert.equal(bad.content[0].text, 'path: files on the server are never read over HTTP; send contentBase64 and fileName');
      const good = await call({ draftId: draft, contentBase64: b64(RECEIPT), fileName: 'r.txt' }, 2);
      assert.equal(good.structuredContent.attachment.sha256, sha256(RECEIPT));
    } finally { await server.stop(); }
  } finally { dir.cleanup(); }
});

test('another workspace\'s hash is not found, as a resource and through its tools', async () => {
  const dir = tempDir('tally-att-ws-');
  try {
    let id;
    await serve(dir.db, async ({ ok }) => {
      const { draft } = await expense(ok);
      id = (await ok('ledger_attach_file', { draftId: draft, contentBase64: b64(RECEIPT), fileName: 'roma.txt' })).attachment.id;
    });
    await serve(dir.db, async ({ t, fail }) => {
      const uri = `tally://attachments/${sha256(RECEIPT)}`;
      const r = await t.request('resources/read', { uri });
      assert.equal(r.error.code, -32602);
      assert.equal(r.error.data.uri, uri);
      assert.equal(await fail('ledger_detach_file', { attachmentId: id }), `Attachment not found: attachmentId "${id}"`);
    }, ['serve', '--workspace', 'other']);
  } finally { dir.cleanup(); }
});

test('backup carries the attachments and restore puts them back; doctor finds a changed or missing file; tally attach', async () => {
  const dir = tempDir('tally-att-backup-');
  try {
    let draft;
    await serve(dir.db, async ({ ok }) => { ({ draft } = await expense(ok)); });
    writeFileSync(path.join(dir.dir, 'roma.txt'), RECEIPT);
    const added = tally(['attach', 'add', path.join(dir.dir, 'roma.txt'), '--draft', draft, '--db', dir.db]);
    assert.equal(added.status, 0, added.stderr);
    assert.equal(JSON.parse(added.stdout).attachment.sha256, sha256(RECEIPT));
    const listed = tally(['attach', 'list', '--draft', draft, '--db', dir.db]);
    assert.equal(JSON.parse(listed.stdout).attachments.length, 1);
    const pngPath = path.join(dir.dir, 'photo.png');
    writeFileSync(pngPath, PNG);
    const png = JSON.parse(tally(['attach', 'add', pngPath, '--draft', draft, '--name', 'Receipt photo.png', '--db', dir.db]).stdout);
    assert.equal(png.attachment.fileName, 'Receipt photo.png');

    const backup = path.join(dir.dir, 'copy.db');
    const b = tally(['backup', backup, '--db', dir.db]);
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(stored(backup), stored(dir.db));
    // Damage the ledger's files, then restore: both are back, byte for byte.
    const file = (sha) => `${dir.db}.attachments/${sha.slice(0, 2)}/${sha.slice(2)}`;
    writeFileSync(file(sha256(RECEIPT)), 'tampered');
    unlinkSync(file(sha256(PNG)));
    const bad = tally(['doctor', '--db', dir.db]);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout + bad.stderr, new RegExp(`attachment ${sha256(PNG)} is missing from `));
    assert.match(bad.stdout + bad.stderr, new RegExp(`attachment ${sha256(RECEIPT)} in .* was changed: its content no longer matches its SHA-256`));
    const r = tally(['restore', backup, '--db', dir.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readFileSync(file(sha256(RECEIPT))), RECEIPT);
    assert.deepEqual(readFileSync(file(sha256(PNG))), PNG);
    const ok = tally(['doctor', '--db', dir.db]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    await serve(dir.db, async ({ t }) => {
      const read = await t.request('resources/read', { uri: `tally://attachments/${sha256(PNG)}` });
      assert.deepEqual(Buffer.from(read.result.contents[0].blob, 'base64'), PNG);
      assert.equal(read.result.contents[0].mimeType, 'image/png');
    });
    const detached = tally(['attach', 'detach', png.attachment.id, '--db', dir.db]);
    assert.equal(JSON.parse(detached.stdout).fileRemoved, true);
    // A dotfile named on the command line is refused too.
    writeFileSync(path.join(dir.dir, '.secret'), RECEIPT);
    const dot = tally(['attach', 'add', path.join(dir.dir, '.secret'), '--draft', draft, '--db', dir.db]);
    assert.equal(dot.status, 1);
    assert.match(dot.stderr, /is a dotfile; hidden files are never attached/);
    // A linked file gone: the backup is written without it, and says so.
    unlinkSync(file(sha256(RECEIPT)));
    const partial = tally(['backup', path.join(dir.dir, 'partial.db'), '--db', dir.db]);
    assert.equal(partial.status, 0, partial.stderr);
    assert.match(partial.stderr, new RegExp(`^tally backup: attachment ${sha256(RECEIPT)} is missing from .*; not copied$`, 'm'));
  } finally { dir.cleanup(); }
});

/** A cookie-keeping fetch against the inbox (as test/web/inbox_http.test.mjs does). */
function browser(base) {
  const jar = new Map();
  return async (p, { method = 'GET', fields } = {}) => {
    const headers = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (fields) { body = new URLSearchParams(fields); headers['content-type'] = 'application/x-www-form-urlencoded'; }
    const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
    const bytes = Buffer.from(await res.arrayBuffer());
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
  };
}

async function signIn(b, key) {
  const form = await b('/inbox/sign-in');
  const signin = form.text.match(/name="signin" value="([0-9a-f]+)"/)[1];
  const r = await b('/inbox/sign-in', { method: 'POST', fields: { key, signin } });
  assert.equal(r.status, 303, r.text);
}

test('the inbox lists a transaction\'s attachments and downloads them for its own workspace only', async () => {
  const dir = tempDir('tally-att-inbox-');
  const key = (args) => tally(['keys', 'create', ...args, '--db', dir.db]).stdout.match(/tly_\w+/)[0];
  try {
    let txn;
    await serve(dir.db, async ({ ok }) => {
      const { draft } = await expense(ok);
      await ok('ledger_attach_file', { draftId: draft, contentBase64: b64(RECEIPT), fileName: 'roma <1>.txt' });
      await ok('ledger_attach_file', { draftId: draft, contentBase64: b64(PNG), fileName: 'photo.png' });
      txn = (await ok('extrack_post_transaction_draft', { draftId: draft })).transactionId;
    });
    const mine = key(['--name', 'browser']);
    const theirs = key(['--name', 'other', '--workspace', 'other']);
    const server = await startHttp({ db: dir.db, env: ENV, args: ['--rate-limit', 'off'] });
    try {
      const sha = sha256(RECEIPT);
      const stranger = browser(server.base);
      assert.equal((await stranger(`/inbox/attachments/${sha}`)).status, 303, 'no session: sign in first');
      const b = browser(server.base);
      await signIn(b, mine);
      const page = await b(`/inbox/transactions/${txn}`);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(`<a href="/inbox/attachments/${sha}" download="roma &lt;1&gt;.txt">roma &lt;1&gt;.txt</a>`), page.text);
      const file = await b(`/inbox/attachments/${sha}`);
      assert.equal(file.status, 200);
      assert.deepEqual(file.bytes, RECEIPT);
      assert.equal(file.headers.get('content-type'), 'text/plain');
      assert.equal(file.headers.get('content-disposition'), 'attachment; filename="roma <1>.txt"; filename*=UTF-8\'\'roma%20%3C1%3E.txt');
      assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
      const photo = await b(`/inbox/attachments/${sha256(PNG)}`);
      assert.deepEqual(photo.bytes, PNG, 'binary bytes arrive unchanged');
      assert.equal(photo.headers.get('content-type'), 'image/png');
      const other = browser(server.base);
      await signIn(other, theirs);
      assert.equal((await other(`/inbox/attachments/${sha}`)).status, 404, 'another workspace\'s hash is not found');
    } finally { await server.stop(); }
  } finally { dir.cleanup(); }
});

test('the demo ledger has a receipt on the Nopa dinner, beside it, and doctor is clean', async () => {
  const dir = tempDir('tally-att-demo-');
  try {
    const r = tally(['demo', '--db', dir.db]);
    assert.equal(r.status, 0, r.stderr);
    const files = stored(dir.db);
    assert.equal(files.length, 1);
    const bytes = readFileSync(`${dir.db}.attachments/${files[0]}`);
    assert.equal(files[0].replace('/', ''), sha256(bytes));
    assert.match(bytes.toString('utf8'), /^NOPA\n/);
    assert.equal(existsSync(`${dir.db}.building.attachments`), false);
    const again = tally(['demo', '--db', dir.db]);  // a refresh replaces the demo and its receipts
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(stored(dir.db), files);
    const d = tally(['doctor', '--db', dir.db]);
    assert.equal(d.status, 0, d.stdout + d.stderr);
  } finally { dir.cleanup(); }
});

test('over HTTP each key reads only its own workspace\'s attachments', async () => {
  const dir = tempDir('tally-att-http-ws-');
  const key = (args) => tally(['keys', 'create', ...args, '--db', dir.db]).stdout.match(/tly_\w+/)[0];
  try {
    await serve(dir.db, async ({ ok }) => {
      const { draft } = await expense(ok);
      await ok('ledger_attach_file', { draftId: draft, contentBase64: b64(PNG), fileName: 'photo.png' });
    });
    const mine = key(['--name', 'mine']);
    const theirs = key(['--name', 'theirs', '--workspace', 'other']);
    const server = await startHttp({ db: dir.db, env: ENV, args: ['--rate-limit', 'off'] });
    try {
      const uri = `tally://attachments/${sha256(PNG)}`;
      const read = async (k) => {
        const m = modern('resources/read', { uri });
        const r = await post(server.url, m.body, { headers: { ...m.headers, 'mcp-name': uri, authorization: `Bearer ${k}` } });
        const body = r.body ?? sseMessages(r.text).at(-1);
        assert.ok(body?.result || body?.error, `${r.status} ${r.text}`);
        return body;
      };
      const own = await read(mine);
      assert.ok(own.result, JSON.stringify(own));
      assert.deepEqual(Buffer.from(own.result.contents[0].blob, 'base64'), PNG);
      assert.equal(own.result.contents[0].mimeType, 'image/png');
      const other = await read(theirs);
      assert.equal(other.error.code, -32602);
      assert.equal(other.error.data.uri, uri);
    } finally { await server.stop(); }
  } finally { dir.cleanup(); }
});
