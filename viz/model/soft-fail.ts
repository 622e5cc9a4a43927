/**
 * Soft-failed joins (reference §1.4 "Synapse send_join" step 9, §5.2 S4): a
 * resident answered send_join 200 but the join failed the auth rules against its
 * current state, so it holds the join only as a soft-failed event and passes it to
 * nobody; the joining server believes it joined. The report marks the join
 * (`softFailedAt`) and the attempt (check `soft-fail`); these are the words the
 * views show for them.
 */
import type { JoinReport } from '../../engine/index';

/** The resident check that marks a soft-failed send_join. */
export const SOFT_FAIL_CHECK = 'soft-fail';

/** Whether `attempt` is a send_join a resident accepted but soft-failed. */
export function isSoftFailed(attempt: { check?: string | null | undefined }): boolean {
  return attempt.check === SOFT_FAIL_CHECK;
}

/** The join list's badge text, or null for a join nobody soft-failed. */
export function softFailBadge(join: JoinReport): string | null {
  const at = join.softFailedAt ?? [];
  return at.length === 0 ? null : `◌ soft-failed at ${at.join(', ')}`;
}

/** One sentence on a soft-failed join for the why panel, or null. */
export function softFailSentence(join: JoinReport): string | null {
  const at = join.softFailedAt ?? [];
  if (at.length === 0) return null;
  const who = at.join(' and ');
  return `${join.joiner ?? 'The joining server'} believes ${join.user} joined, but ${who} soft-failed the join: ${who} answered send_join 200, yet against ${at.length === 1 ? 'its' : 'their'} current state the join event is rejected, so ${at.length === 1 ? 'its' : 'their'} current state does not hold it and it is passed on to no other server.`;
}

/** The ladder's "meaning" for a soft-failed send_join. */
export const SOFT_FAIL_MEANING = 'accepted, but soft-failed: the resident keeps the join out of its current state and passes it on to nobody';
