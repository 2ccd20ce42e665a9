// Every figure's change between two runs' JSON (run.json, or one driver's or
// load generator's report): `bench/run --compare OLD.json` and
// `node bench/report.mjs --compare OLD.json [--in NEW.json]`. A figure is a
// number in the JSON, named by its path; array elements are named by their
// name/mix/conns field rather than their position, so a tool or size added
// to the suite does not shift the others' names.

// Not figures: how the run was set up and what the machine was doing (the
// load rule judges those, lib/busy.mjs).
const SKIP = new Set(['settings', 'counts', 'command', 'machineAtStart', 'machineAtEnd', 'machine', 'maxSeconds',
  'loadavgBefore', 'loadavgAfter', 'seedMs', 'cores']);

const keyOf = (x, i) => {
  if (x && typeof x === 'object') {
    for (const k of ['name', 'mix', 'label']) if (typeof x[k] === 'string') return x[k];
    if (typeof x.conns === 'number') return `${x.conns} conns`;
  }
  return String(i);
};

export function figures(value, prefix = '', out = new Map()) {
  if (typeof value === 'number' && Number.isFinite(value)) out.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((x, i) => figures(x, `${prefix}[${keyOf(x, i)}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!SKIP.has(k)) figures(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const num = (x) => Number(x.toPrecision(6)).toString();
function change(a, b) {
  if (a === b) return 'unchanged';
  if (a === 0) return 'was 0';
  const pct = ((b - a) / a) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%, ×${(b / a).toPrecision(3)}`;
}

// One line per figure: those in both runs (old → new and the change), then
// those only in the new run, then those only in the old one.
export function compareRuns(oldRun, newRun) {
  const a = figures(oldRun), b = figures(newRun);
  const lines = [];
  for (const [k, v] of b) if (a.has(k)) lines.push(`${k}: ${num(a.get(k))} → ${num(v)} (${change(a.get(k), v)})`);
  for (const [k, v] of b) if (!a.has(k)) lines.push(`${k}: only in the new run: ${num(v)}`);
  for (const [k, v] of a) if (!b.has(k)) lines.push(`${k}: only in the old run: ${num(v)}`);
  return lines;
}
