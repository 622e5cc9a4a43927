/**
 * Small builders shared by the resident profiles: a resident's answer, and the
 * classification of answers that every joiner agrees on (transport failures).
 */
import type { ResidentAnswer } from './messages';

/** A resident's answer; `check` names the step of its check order that decided it. */
export function answer(status: number, errcode: string | null, check: string, reason: string): ResidentAnswer {
  return { status, errcode, check, reason };
}

/** make_join's 200: the template's authorising user and room version (built directly: one per join in a big run). */
export function templateAnswer(reason: string, authorisingUser: string | null, roomVersion: string): ResidentAnswer {
  return { status: 200, errcode: null, check: 'ok', reason, authorisingUser, roomVersion };
}

/** No answer, 5xx or 429: what Synapse's HTTP layer turns into RequestSendFailed (reference §3.2). */
export function isTransportFailure(a: ResidentAnswer | null): boolean {
  return a === null || a.status >= 500 || a.status === 429;
}
