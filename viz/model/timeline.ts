/**
 * The moments worth stepping to: every distinct time of a trace record (or of
 * join starts and attempts when only a report is loaded), plus 0 and the end.
 */
import { digestOf, type Dataset } from './dataset';

/** Sorted, from the run's digest (built once per run), with 0 and the end added. */
export function momentsOf(dataset: Dataset): Float64Array {
  const times = new Set<number>(digestOf(dataset).moments);
  times.add(0);
  times.add(dataset.report.endedAt);
  return Float64Array.from(times).sort();
}

/** The next moment after t (or the last), and the previous before t (or the first), by binary search. */
export function stepMoment(moments: ArrayLike<number>, t: number, direction: 1 | -1): number {
  const n = moments.length;
  if (n === 0) return t;
  // First index whose moment is > t (direction 1) or >= t (direction -1).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = moments[mid] as number;
    if (direction > 0 ? m <= t : m < t) lo = mid + 1;
    else hi = mid;
  }
  if (direction > 0) return (moments[Math.min(lo, n - 1)] as number);
  return (moments[Math.max(0, lo - 1)] as number);
}

/** Clamps a time into the run. */
export function clampTime(t: number, end: number): number {
  return Number.isFinite(t) ? Math.min(Math.max(0, Math.round(t)), end) : end;
}
