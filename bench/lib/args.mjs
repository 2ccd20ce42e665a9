// The load drivers' command line: `--name value` options (camelCased, `--set
// k=v` repeatable into .set), then `--` and the server command.
export function parseDriverArgs(argv, usage, defaults = {}) {
  const o = { ...defaults, set: {} };
  const dash = argv.indexOf('--');
  if (dash < 0) throw new Error(`usage: ${usage}`);
  o.command = argv.slice(dash + 1);
  const opts = argv.slice(0, dash);
  for (let i = 0; i < opts.length; i += 2) {
    const key = opts[i].replace(/^--/, ''), value = opts[i + 1];
    if (value === undefined) throw new Error(`option ${opts[i]} needs a value`);
    if (key === 'set') { const [k, ...v] = value.split('='); o.set[k] = v.join('='); }
    else o[key.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
  if (!o.scenario || o.command.length === 0) throw new Error('--scenario FILE and a server command are required');
  return o;
}
