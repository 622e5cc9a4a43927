/**
 * An attempt's answer as one category for colour, matrix columns and filters:
 * "200", the errcode, "no answer" (status 0), or the bare status when an error
 * came without errcode. Short glosses say in plain words what each errcode means.
 */
import type { AttemptReport, JoinReport } from '../../engine/index';

export const ANSWER_OK = '200';
export const ANSWER_NONE = 'no answer';
export const ANSWER_SKIPPED = 'not sent';

export function answerOf(attempt: Pick<AttemptReport, 'status' | 'errcode'> & { skipped?: boolean }): string {
  if (attempt.skipped) return ANSWER_SKIPPED;
  if (attempt.status === 0) return ANSWER_NONE;
  if (attempt.status >= 200 && attempt.status < 300) return ANSWER_OK;
  return attempt.errcode ?? String(attempt.status);
}

/** The final answer category of a join: "200" when it joined, else its errcode, status or "no answer". */
export function finalAnswerOf(join: Pick<JoinReport, 'outcome' | 'status' | 'errcode'>): string {
  if (join.outcome === 'joined') return ANSWER_OK;
  return answerOf({ status: join.status, errcode: join.errcode });
}

// A Map, not an object literal: an errcode called `toString` or `__proto__` must find nothing here.
const GLOSSES = new Map<string, string>([
  [ANSWER_OK, 'accepted'],
  ['M_UNABLE_TO_AUTHORISE_JOIN', 'could not authorise: takes no part in an allowed room'],
  ['M_UNABLE_TO_GRANT_JOIN', 'could not grant: nobody there may invite'],
  ['M_CANNOT_ALLOW', 'could not grant: nobody there may invite (draft name)'],
  ['M_FORBIDDEN', 'refused: the user may not join'],
  ['M_INCOMPATIBLE_ROOM_VERSION', 'does not support the room version'],
  ['M_NOT_FOUND', 'does not know the room'],
  ['M_UNKNOWN', 'failed (unknown error)'],
  ['M_LIMIT_EXCEEDED', 'rate limited'],
  [ANSWER_NONE, 'no answer: down, partitioned or lost'],
  [ANSWER_SKIPPED, 'not sent: server in backoff'],
]);

/** A few plain words for an answer category, for people who do not know the errcodes. */
export function glossOf(answer: string): string {
  return GLOSSES.get(answer) ?? 'error';
}

/**
 * The answer's class, drawn as a shape beside its colour so colour is never the
 * only cue: accepted, try elsewhere (a resident that cannot help), refused, silence.
 */
export type AnswerClass = 'ok' | 'elsewhere' | 'refused' | 'silent';

export function classOf(answer: string): AnswerClass {
  if (answer === ANSWER_OK) return 'ok';
  if (answer === ANSWER_NONE || answer === ANSWER_SKIPPED) return 'silent';
  if (answer === 'M_UNABLE_TO_AUTHORISE_JOIN' || answer === 'M_UNABLE_TO_GRANT_JOIN' || answer === 'M_CANNOT_ALLOW') return 'elsewhere';
  return 'refused';
}

/** One character per class, for badges, legends, matrix headers and graph nodes. */
export function shapeOf(answer: string): string {
  switch (classOf(answer)) {
    case 'ok':
      return '✓';
    case 'elsewhere':
      return '↷';
    case 'refused':
      return '✕';
    case 'silent':
      return '…';
  }
}

/** Column order for matrices and legends: success first, errcodes by name, silence last. */
export function compareAnswers(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function rank(answer: string): number {
  if (answer === ANSWER_OK) return 0;
  if (answer === ANSWER_NONE) return 3;
  if (answer === ANSWER_SKIPPED) return 4;
  return /^\d+$/.test(answer) ? 2 : 1;
}
