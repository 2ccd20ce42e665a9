// What the figures were measured on: CPU, cores, memory, kernel, disk, load
// and the versions of everything measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const pkg = (name) => {
  try { return JSON.parse(fs.readFileSync(path.join(ROOT, 'test/node_modules', name, 'package.json'), 'utf8')).version; }
  catch { return 'unknown'; }
};

export function machine(tally) {
  const out = path.join(ROOT, 'bench/out');
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    disk: sh('findmnt', ['-no', 'SOURCE,FSTYPE', '-T', out]),
    loadavg: os.loadavg(),
    versions: {
      tally: sh(tally, ['--version']),
      commit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
      node: process.version,
      compiler: sh('c++', ['--version']).split('\n')[0],
      sdk: pkg('@modelcontextprotocol/sdk'), betterSqlite3: pkg('better-sqlite3'), zod: pkg('zod'),
      mcpRemote: pkg('mcp-remote'), serverEverything: pkg('@modelcontextprotocol/server-everything'),
    },
  };
}
