#!/usr/bin/env node
// Runs every measurement of the benchmark suite in one go (bench/run builds
// first, then calls this) and writes bench/out/results/run.json, from which
// bench/report.mjs writes bench/RESULTS.md.
//   node bench/run.mjs --tally BIN --bridge BIN --ceiling BIN [--sizes 1k,100k,1M] [--quick]
//        [--max-seconds S] [--reseed] [--build-note TEXT] [--bridge-build-note TEXT] [--parts servers,bridge,http]
//        [--http-seconds S] [--http-conns 1,16,64]
// --parts bridge re-measures only the bridges and keeps the other figures of the last run.json; likewise
// --parts http (the HTTP servers under bench/http_load.mjs: Tally's serve --http and the SDK reference).
// --bridge and --ceiling are needed only by the parts that use them.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION } from './lib/tally-rows.mjs';
import { startServer } from './lib/stdio-server.mjs';
import { machine } from './lib/machine.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, 'out');
const LEDGERS = path.join(OUT, 'ledgers');
const RESULTS = path.join(OUT, 'results');
const NODE_MODULES = path.join(ROOT, 'test', 'node_modules');
const MCP_SEED_LIMIT = 10000; // rows; beyond it seeding through the tools takes too long

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
const quick = argv.includes('--quick');
const reseed = argv.includes('--reseed');
const binary = (name) => { const v = opt(name); if (!v) throw new Error(`--${name} BIN is needed for these parts`); return path.resolve(v); };
const tally = binary('tally');
const sizes = opt('sizes', quick ? '1k' : '1k,100k,1M').split(',').map((s) => ({
  name: s, rows: Number(s.replace(/k$/i, '000').replace(/M$/, '000000')) }));
const counts = quick
  ? ['--cold-runs', '5', '--calls', '300', '--pipelined', '3000']
  : ['--cold-runs', '20', '--calls', '2000', '--pipelined', '20000'];
const maxSeconds = opt('max-seconds', quick ? '15' : '30');
const say = (text) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);

fs.mkdirSync(LEDGERS, { recursive: true });
fs.mkdirSync(RESULTS, { recursive: true });

function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}`))));
  });
}

// `tally import` (issue 10) seeds at scale; without it, rows go through the tools.
const hasImport = /^\s+import\s/m.test(execFileSync(tally, ['--help'], { encoding: 'utf8' }));

// Seeded ledgers are cached by size and generator version; runs work on copies
// (log_transaction adds rows).
async function seeded(kind, size) {
  const via = kind === 'tally' ? (hasImport ? 'import' : 'mcp') : 'seed.mjs';
  const base = path.join(LEDGERS, `${kind}-${size.name}-g${GENERATOR_VERSION}-${via}`);
  if (reseed || !fs.existsSync(`${base}.json`)) {
    say(`seeding ${kind} ${size.name} (${via})`);
    const t0 = Date.now();
    let meta;
    if (kind === 'reference') {
      await run(process.execPath, [path.join(HERE, 'reference/seed.mjs'), '--db', `${base}.db`, '--rows', String(size.rows)]);
      meta = {};
    } else {
      meta = JSON.parse(await run(process.execPath, [path.join(HERE, 'seed-tally.mjs'), '--tally', tally,
        '--db', `${base}.db`, '--rows', String(size.rows), '--via', via]));
    }
    fs.writeFileSync(`${base}.json`, JSON.stringify({ ...meta, via, seedMs: Date.now() - t0 }) + '\n');
  }
  const work = path.join(OUT, `work-${kind}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(work + suffix, { force: true });
  fs.copyFileSync(`${base}.db`, work);
  // Written back now: otherwise the copy's dirty pages (2.3 GB for Tally at 1M)
  // are flushed during the measurement, inside the servers' fsyncs.
  const fd = fs.openSync(work, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return { db: work, meta: JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) };
}

// One start before measuring: migrations and the page cache are not what a cold start measures.
async function warm(command) {
  const server = await startServer(command);
  await server.close();
}

async function drive(name, scenario, command, extra = []) {
  say(`measuring ${name}`);
  await warm(command);
  const out = path.join(RESULTS, `${name}.json`);
  await run(process.execPath, [path.join(HERE, 'driver.mjs'), '--scenario', path.join(HERE, 'scenarios', scenario),
    '--label', name, ...counts, '--max-seconds', maxSeconds, ...extra, '--out', out, '--', ...command],
  { ...process.env, MCP_REMOTE_CONFIG_DIR: path.join(OUT, 'mcp-auth') });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const parts = new Set(opt('parts', 'servers,bridge,http').split(','));
const runFile = path.join(RESULTS, 'run.json');
// Without the servers part, the other figures of the last run are kept (an
// HTTP-only first run starts an otherwise empty run.json).
const report = parts.has('servers')
  ? { started: new Date().toISOString(), quick, tallyBuild: opt('build-note', 'release build'), maxSeconds: Number(maxSeconds), counts,
    machineAtStart: machine(tally), tallySeededVia: hasImport ? 'tally import' : 'MCP tool calls', sizes: [] }
  : fs.existsSync(runFile) ? JSON.parse(fs.readFileSync(runFile, 'utf8'))
    : { started: new Date().toISOString(), quick, machineAtStart: machine(tally) };

if (parts.has('servers')) {
  say(`tally ${tally}; sizes ${sizes.map((s) => s.name).join(', ')}; Tally seeded via ${report.tallySeededVia}`);
  report.ceiling = await drive('ceiling', 'everything.json', [binary('ceiling')]);
  report.everything = await drive('server-everything', 'everything.json',
    [process.execPath, path.join(NODE_MODULES, '@modelcontextprotocol/server-everything/dist/index.js'), 'stdio']);
  for (const size of sizes) {
    const entry = { name: size.name, rows: size.rows };
    const ref = await seeded('reference', size);
    entry.reference = await drive(`reference-${size.name}`, 'reference.json',
      [process.execPath, path.join(HERE, 'reference/ref-server.mjs'), '--db', ref.db, '--sync', 'full']);
    if (!hasImport && size.rows > MCP_SEED_LIMIT) {
      say(`skipping Tally at ${size.name}: this build has no \`tally import\`, and seeding through the tools is for small ledgers`);
      entry.tally = null;
    } else {
      const t = await seeded('tally', size);
      entry.tallySeed = t.meta;
      entry.tally = await drive(`tally-${size.name}`, 'tally.json', [tally, 'serve', '--db', t.db], ['--set', `cardId=${t.meta.cardId}`]);
    }
    report.sizes.push(entry);
  }
}

if (parts.has('bridge')) {
  say('measuring the bridges');
  const bridgeOut = path.join(RESULTS, 'bridge.json');
  await run(process.execPath, [path.join(HERE, 'bridge.mjs'), '--out', bridgeOut, ...counts, '--max-seconds', maxSeconds,
    '--bridge', `tally-bridge=${binary('bridge')} {url}`,
    '--bridge', `mcp-remote=${process.execPath} ${path.join(NODE_MODULES, 'mcp-remote/dist/proxy.js')} {url} --silent`],
  { ...process.env, MCP_REMOTE_CONFIG_DIR: path.join(OUT, 'mcp-auth') });
  report.bridge = JSON.parse(fs.readFileSync(bridgeOut, 'utf8'));
  report.bridgeMeasured = new Date().toISOString();
  report.bridgeBuild = opt('bridge-build-note', 'release build');
}

// The HTTP servers under keep-alive load (issue 23): the SDK's Streamable HTTP
// reference and `tally serve --http` on the same seeded ledgers as the stdio part.
if (parts.has('http')) {
  const httpSeconds = opt('http-seconds', quick ? '2' : '5');
  const conns = opt('http-conns', '1,16,64');
  const http = { started: new Date().toISOString(), tallyBuild: opt('build-note', 'release build'), loadavgBefore: os.loadavg(), sizes: [] };
  const load = async (name, scenario, command, extra = []) => {
    say(`measuring ${name} over HTTP`);
    const out = path.join(RESULTS, `http-${name}.json`);
    await run(process.execPath, [path.join(HERE, 'http_load.mjs'), '--scenario', path.join(HERE, 'scenarios', scenario),
      '--label', name, '--conns', conns, '--seconds', httpSeconds, '--warmup-seconds', quick ? '0.5' : '1', ...extra,
      '--out', out, '--', ...command]);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  };
  for (const size of sizes) {
    const entry = { name: size.name, rows: size.rows };
    const ref = await seeded('reference', size);
    entry.reference = await load(`reference-${size.name}`, 'reference.json',
      [process.execPath, path.join(HERE, 'reference/ref-http-server.mjs'), '--db', ref.db, '--sync', 'full']);
    if (!hasImport && size.rows > MCP_SEED_LIMIT) {
      say(`skipping Tally over HTTP at ${size.name}: no \`tally import\` in this build`);
      entry.tally = null;
    } else {
      const t = await seeded('tally', size);
      // The access log (one line per request) goes to a file, as a deployment's would; the
      // rate limit (120/min per address by default) is off, as a load test needs.
      const accessLog = path.join(OUT, `http-tally-${size.name}.log`);
      fs.rmSync(accessLog, { force: true });
      entry.tally = await load(`tally-${size.name}`, 'tally.json',
        [tally, 'serve', '--http', '127.0.0.1:0', '--db', t.db, '--rate-limit', 'off', '--log-file', accessLog],
        ['--set', `cardId=${t.meta.cardId}`]);
      fs.rmSync(accessLog, { force: true });
    }
    http.sizes.push(entry);
  }
  http.settings = http.sizes[0]?.reference?.settings;
  http.loadavgAfter = os.loadavg();
  http.finished = new Date().toISOString();
  report.http = http;
}

report.machineAtEnd = { loadavg: os.loadavg() };
// The run before this one stays beside it, for `bench/run --compare bench/out/results/run-previous.json`.
if (fs.existsSync(runFile)) fs.copyFileSync(runFile, path.join(RESULTS, 'run-previous.json'));
report.finished = new Date().toISOString();
fs.writeFileSync(runFile, JSON.stringify(report, null, 2) + '\n');
say(`wrote ${runFile}`);
