// Scenario arguments: fills {{i}} (the call's number) and {{KEY}} (from
// --set KEY=VALUE) in every string of a tool's arguments. A string that is
// only `{{KEY}}` becomes the value itself.
export function fill(value, i, set) {
  if (typeof value === 'string') {
    const whole = value.match(/^\{\{(\w+)\}\}$/);
    if (whole && whole[1] !== 'i' && set[whole[1]] !== undefined) return set[whole[1]];
    return value.replace(/\{\{(\w+)\}\}/g, (m, k) => (k === 'i' ? String(i) : set[k] ?? m));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, i, set));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, i, set)]));
  return value;
}
