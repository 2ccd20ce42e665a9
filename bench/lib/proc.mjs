// Reads a live process's CPU time and memory from /proc (Linux).
//   ticks   utime+stime of the whole process (dead threads included), in clock ticks
//   runNs   nanoseconds on CPU summed over its live threads (schedstat): the
//           precise figure for per-call CPU, where a tick (10 ms) is too coarse
//   rssKiB, hwmKiB   VmRSS and VmHWM (peak resident set)
//   anonKiB, fileKiB RssAnon and RssFile: the private heap and stacks vs mapped files (code, libraries)
import fs from 'node:fs';

const HZ = 100; // USER_HZ is 100 on every Linux ABI Node runs on

export function procStats(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  let runNs = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try { runNs += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]); }
    catch { /* thread exited between readdir and read */ }
  }
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
  return { ticks, hz: HZ, runNs, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM'), anonKiB: kib('RssAnon'), fileKiB: kib('RssFile') };
}
