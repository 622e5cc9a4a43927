/**
 * The moments worth stepping to: every distinct time of a trace record (or of
 * join starts and attempts when only a report is loaded), plus 0 and the end.
 */
import type { Dataset } from './dataset';
import { answeredAtOf } from './attempt-times';

export function momentsOf(dataset: Dataset): number[] {
  const times = new Set<number>([0, dataset.report.endedAt]);
  if (dataset.trace.length > 0) for (const record of dataset.trace) times.add(record.t);
  else
    for (const join of dataset.report.joins) {
      times.add(join.at);
      times.add(join.finishedAt);
      join.attempts.forEach((attempt, index) => {
        times.add(attempt.at);
        times.add(answeredAtOf(join, index));
      });
    }
  return [...times].sort((a, b) => a - b);
}

/** The next moment after t (or the last), and the previous before t (or the first). */
export function stepMoment(moments: readonly number[], t: number, direction: 1 | -1): number {
  if (moments.length === 0) return t;
  if (direction > 0) return moments.find((m) => m > t) ?? (moments[moments.length - 1] as number);
  for (let i = moments.length - 1; i >= 0; i--) if ((moments[i] as number) < t) return moments[i] as number;
  return moments[0] as number;
}

/** Clamps a time into the run. */
export function clampTime(t: number, end: number): number {
  return Number.isFinite(t) ? Math.min(Math.max(0, Math.round(t)), end) : end;
}
