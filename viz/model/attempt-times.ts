/**
 * When each attempt of a join was sent and answered, in simulated time. Reports
 * from before `answeredAt` existed still work: the next attempt (or the end of the
 * join) is the latest the answer can have come.
 */
import type { AttemptReport, JoinReport } from '../../engine/index';

export function answeredAtOf(join: JoinReport, index: number): number {
  const attempt = join.attempts[index];
  if (!attempt) return join.finishedAt;
  if (attempt.answeredAt !== undefined) return attempt.answeredAt;
  return join.attempts[index + 1]?.at ?? join.finishedAt;
}

/** Whether an attempt's answer had arrived by time t. */
export function isAnsweredBy(join: JoinReport, index: number, t: number): boolean {
  return answeredAtOf(join, index) <= t;
}

export type AttemptPhase = 'future' | 'in-flight' | 'answered';

export function phaseOf(join: JoinReport, index: number, attempt: AttemptReport, t: number): AttemptPhase {
  if (attempt.at > t) return 'future';
  return isAnsweredBy(join, index, t) ? 'answered' : 'in-flight';
}
