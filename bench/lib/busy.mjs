// How busy the machine was during a measured phase (issue 23, item 8): the
// load average before and after, and the CPU that processes other than the
// server under test and the load generator used meanwhile. /proc/stat gives
// the whole machine's CPU time; the server's and the generator's own
// utime+stime (the generator's reaped children included, so cold starts'
// servers count as ours) are taken from it, and what is left is the others'.
// A phase where others used more than BUSY_CORES is not judged: its target
// rows say "not judged: machine busy" instead of met or missed.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const HZ = 100; // USER_HZ, as in proc.mjs
// Others may use at most a fifth of one core's time over a phase (20% in top's
// terms) before that phase's figures are too noisy to judge a target by.
export const BUSY_CORES = 0.2;

function machineTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

// utime+stime (+ cutime+cstime: children already waited for) of a process, 0 once it is gone.
function ownTicks(pid, children) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return x[11] + x[12] + (children ? x[13] + x[14] : 0);
  } catch { return 0; }
}

// A reading at the start of a phase; `end(reading)` closes it. `pids` are the
// servers under test (alive during the phase); this process is the generator.
export function phaseStart(pids = []) {
  return { at: performance.now(), loadavg: os.loadavg(), machine: machineTicks(), self: ownTicks(process.pid, true),
    pids: pids.map((pid) => [pid, ownTicks(pid, false)]) };
}

// { seconds, loadavgBefore, loadavgAfter, othersCores, othersCpuPct, busy }: othersCores
// is the others' CPU time over the phase's wall time (1 = one core's worth). Its
// resolution is a few 10 ms ticks, so it is meaningful for phases of a second or more.
export function phaseEnd(start) {
  const seconds = (performance.now() - start.at) / 1000;
  const ours = ownTicks(process.pid, true) - start.self +
    start.pids.reduce((n, [pid, t]) => n + Math.max(0, ownTicks(pid, false) - t), 0);
  const others = Math.max(0, machineTicks() - start.machine - ours);
  const othersCores = seconds > 0 ? others / HZ / seconds : 0;
  return { seconds, loadavgBefore: start.loadavg, loadavgAfter: os.loadavg(), othersCores, othersCpuPct: Math.round(othersCores * 100),
    busy: othersCores > BUSY_CORES };
}

// The verdict of a target measured over `phases` (objects carrying a `machine`
// field from phaseEnd, or HTTP levels with othersCpuShare and cores): null when
// none was busy, else the text that replaces met/missed.
export function busyVerdict(phases) {
  let worst = null;
  for (const p of phases) {
    const cores = p?.machine?.othersCores ?? (p?.othersCpuShare !== undefined ? p.othersCpuShare * (p.cores ?? os.cpus().length) : null);
    if (cores !== null && cores > BUSY_CORES && (worst === null || cores > worst)) worst = cores;
  }
  return worst === null ? null : `not judged: machine busy (others used ${Math.round(worst * 100)}% CPU)`;
}
