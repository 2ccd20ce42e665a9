// The long crash loop (issue 22 item 3): node bench/crash_loop.mjs [ITERATIONS=200] [SEED]
// with TALLY_BIN naming the binary (e.g. build/src/cli/tally). Prints each kill and
// a summary: kills, writes answered and checked, imports whole or absent, migrations.
const [iterations = '200', seed] = process.argv.slice(2);
if (!process.env.TALLY_BIN) {
  console.error('set TALLY_BIN to the tally binary, e.g. TALLY_BIN=build/src/cli/tally');
  process.exit(2);
}
const { crashLoop } = await import('../test/support/crash_loop.mjs');
const started = Date.now();
const report = await crashLoop({ iterations: Number(iterations), seed: seed === undefined ? undefined : Number(seed),
  log: (line) => console.log(line) });
console.log(JSON.stringify({ ...report, migrationsSeen: undefined, seconds: (Date.now() - started) / 1000 }));
