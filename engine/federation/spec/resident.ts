/**
 * The resident the spec text describes (reference §1.2, §1.3, §2.4); where the
 * spec is silent it does what Synapse does, so its lists are Synapse's with these
 * checks replaced:
 * - The restricted check, make_join and send_join. The spec defines
 *   M_UNABLE_TO_GRANT_JOIN as "the user meets a condition (or at least it is not
 *   ruled out) but R cannot issue the invite", so a user R rules out (R is in every
 *   allowed room and sees them in none) gets 403 even when R has nobody who may
 *   invite. Synapse asks the grant question first and answers GRANT there. At
 *   send_join both are "re-checked" (§1.3).
 * - send_join with a sender not of the origin is 400 M_INVALID_PARAM (spec v1.18).
 */
import { M_INVALID_PARAM } from '../conduwuit/resident';
import { authorisersOn } from '../../matrix/auth-rules';
import type { RoomView } from '../../matrix/room-view';
import type { ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import { answerInOrder, needsAllowList, noAuthoriser, replaced, roomOf, synapseAllowCheck, userOfOrigin, type ResidentCheck } from '../resident-checks';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';
import { SYNAPSE_MAKE_JOIN, SYNAPSE_SEND_JOIN, synapseAllowAgain, synapseRestricted, synapseSenderOfOrigin } from '../synapse/resident';

/** §2.4 as the spec words it: ruled out → 403; nobody may invite → GRANT; cannot verify → AUTHORISE. */
function specRestrictedCheck(server: ServerState, view: RoomView, user: string): { authorisingUser: string } | ResidentAnswer {
  const refusal = synapseAllowCheck(server, view, user);
  if (refusal && refusal.status === 403) return refusal;
  const authoriser = authorisersOn(view, server.name)[0];
  if (authoriser === undefined) return noAuthoriser(server, view);
  if (refusal) return refusal;
  return { authorisingUser: authoriser };
}

/** make_join: §2.4 item 3, invited or joined users skip both checks; the others get the spec's order. */
const specRestricted: ResidentCheck = (c) => {
  const view = roomOf(c);
  if (!needsAllowList(view, c.request.user)) return null;
  const result = specRestrictedCheck(c.server, view, c.request.user);
  if ('status' in result) return result;
  c.authorisingUser = result.authorisingUser;
  return null;
};

/** send_join: §1.3, AUTHORISE/GRANT "re-checked at send_join time". */
const specAllowAgain: ResidentCheck<SendJoinRequest> = (c) => {
  const view = roomOf(c);
  if (!needsAllowList(view, c.request.user)) return null;
  const result = specRestrictedCheck(c.server, view, c.request.user);
  return 'status' in result ? result : null;
};

/** Synapse's make_join with the spec's restricted check. */
export const SPEC_MAKE_JOIN = replaced(SYNAPSE_MAKE_JOIN, synapseRestricted, specRestricted);

/** Synapse's send_join with the spec's sender errcode and restricted re-check. */
export const SPEC_SEND_JOIN = replaced(replaced(SYNAPSE_SEND_JOIN, synapseSenderOfOrigin, userOfOrigin(400, M_INVALID_PARAM)), synapseAllowAgain, specAllowAgain);

export function createSpecResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin: (server, request) => answerInOrder(server, request, settings, SPEC_MAKE_JOIN),
    sendJoin: (server, request) => answerInOrder(server, request, settings, SPEC_SEND_JOIN),
  };
}
