// Order statistics of a sample: median, p99, min, max, mean (same unit as the input).
export function summarize(values) {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const r = (x) => Math.round(x * 1000) / 1000;
  return { p50: r(at(0.5)), p99: r(at(0.99)), min: r(v[0]), max: r(v.at(-1)), mean: r(mean), n: v.length };
}
