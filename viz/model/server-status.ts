/**
 * What each server "said" at time t, for colouring the federation graph: for a
 * selected join, the answer of its latest attempt there (or in flight, or the
 * joining server); with no join selected, its most frequent answer so far.
 */
import type { JoinReport } from '../../engine/index';
import { answerOf } from './answers';
import { phaseOf } from './attempt-times';
import { serverPart } from './dataset';
import type { ErrcodeMatrix } from './matrix';

export type ServerStatus = { kind: 'joiner' } | { kind: 'pending' } | { kind: 'answer'; answer: string } | { kind: 'idle' };

export function statusForJoin(join: JoinReport, t: number): Map<string, ServerStatus> {
  const statuses = new Map<string, ServerStatus>();
  join.attempts.forEach((attempt, index) => {
    const phase = phaseOf(join, index, attempt, t);
    if (phase === 'in-flight') statuses.set(attempt.server, { kind: 'pending' });
    else if (phase === 'answered') statuses.set(attempt.server, { kind: 'answer', answer: answerOf(attempt) });
  });
  if (join.at <= t) statuses.set(join.joiner ?? serverPart(join.user), { kind: 'joiner' });
  return statuses;
}

export function statusOverall(matrix: ErrcodeMatrix): Map<string, ServerStatus> {
  const statuses = new Map<string, ServerStatus>();
  for (const server of matrix.servers) {
    let best = '';
    let bestCount = -1;
    for (const [answer, count] of matrix.counts.get(server) ?? []) {
      if (count > bestCount) [best, bestCount] = [answer, count];
    }
    if (best) statuses.set(server, { kind: 'answer', answer: best });
  }
  return statuses;
}

/** The request arrows of a join that have been sent by t, for drawing on the graph. */
export function requestsForJoin(join: JoinReport, t: number): { from: string; to: string; answer: string | null }[] {
  const from = join.joiner ?? serverPart(join.user);
  return join.attempts
    .map((attempt, index) => ({ attempt, phase: phaseOf(join, index, attempt, t) }))
    .filter(({ phase }) => phase !== 'future')
    .map(({ attempt, phase }) => ({ from, to: attempt.server, answer: phase === 'answered' ? answerOf(attempt) : null }));
}
