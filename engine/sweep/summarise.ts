/**
 * A metric over a point's runs, as the sweep contract defines it: mean, sample
 * standard deviation, and the 95% interval mean ± t(0.975, n−1)·sd/√n; with one run
 * the deviation is 0 and the interval is [mean, mean]. Values are summed in the
 * order given (replication order), so the result is the same bits however the runs
 * were scheduled. Percentiles are nearest-rank over counted values.
 */
import { studentTQuantile } from './student-t';
import type { MetricSummary } from './types';

/** t(0.975, df) for df up to this many are kept once computed (the bisection takes ~100 beta evaluations). */
const tCache = new Map<number, number>();

function t975(df: number): number {
  let t = tCache.get(df);
  if (t === undefined) {
    t = studentTQuantile(df);
    if (tCache.size < 10_000) tCache.set(df, t);
  }
  return t;
}

/** The summary of `values` (at least one). */
export function summariseValues(values: readonly number[]): MetricSummary {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, sd: 0, ci95: [mean, mean] };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, ci95: [mean - half, mean + half] };
}

/**
 * The nearest-rank percentiles `ps` (fractions, e.g. 0.5 and 0.95) of values given
 * as value → count (keys are numbers in decimal); NaN for no values.
 */
export function countedPercentiles(counts: ReadonlyMap<number, number>, ps: readonly number[]): number[] {
  const sorted = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, c] of sorted) total += c;
  return ps.map((p) => {
    if (total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(p * total));
    let seen = 0;
    for (const [value, c] of sorted) {
      seen += c;
      if (seen >= rank) return value;
    }
    return (sorted[sorted.length - 1] as [number, number])[0];
  });
}
