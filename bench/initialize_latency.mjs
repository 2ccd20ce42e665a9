#!/usr/bin/env node
// Spawn → `initialize` answered, for any stdio MCP server command, measured by
// a Node driver: prints the median, min and max of N cold starts (default 20).
//   node bench/initialize_latency.mjs [-n 20] -- <command> [args…]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
let runs = 20;
if (argv[0] === '-n') { runs = Number(argv[1]); argv.splice(0, 2); }
if (argv[0] === '--') argv.shift();
const [command, ...args] = argv;
if (!command) { console.error('usage: initialize_latency.mjs [-n N] -- <command> [args…]'); process.exit(2); }

const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } }) + '\n';

function once() {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        const ms = performance.now() - start;
        child.stdin.end();
        child.on('exit', () => resolve(ms));
      }
    });
    child.on('error', reject);
    child.stdin.write(init);
  });
}

const times = [];
for (let i = 0; i < runs; i++) times.push(await once());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`initialize answered: median ${median.toFixed(2)} ms, min ${times[0].toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms over ${runs} cold starts`);
