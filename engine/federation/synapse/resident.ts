/**
 * Synapse as a resident: make_join and send_join as the ordered lists of checks of
 * reference §1.4 (FederationHandler.on_make_join_request, on_send_join_request).
 * The first failing check decides the answer, so the order here is the behaviour.
 * Not modelled: X-Matrix auth, partial-state rooms (none of them can arise from a
 * scenario file yet). The per-room join rate limiter is a setting, off by default
 * (join-rate-limit.ts).
 */
import { M_BAD_JSON, M_FORBIDDEN, M_UNKNOWN } from '../../matrix/errcodes';
import { authorisersOn, checkJoin } from '../../matrix/auth-rules';
import { answer } from '../answers';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import {
  accepted,
  answerInOrder,
  authoriserOnThisServer,
  authRulesAllow,
  joinRateAllows,
  needsAllowList,
  noAuthoriser,
  roomKnown,
  roomOf,
  serverAclAllows,
  stillResident,
  synapseAllowCheck,
  template,
  userOfOrigin,
  versionSupported,
  type ResidentCheck,
} from '../resident-checks';
import type { ProfileSettings } from '../settings';
import { viewAtTemplate } from '../template-state';

/**
 * make_join steps 9 and 11 (reference §1.4): the grant check comes before the
 * allow check, so a resident with nobody who may invite always answers GRANT; the
 * allow check is answered from this server's own views.
 */
export const synapseRestricted: ResidentCheck = (c) => {
  const view = roomOf(c);
  if (!needsAllowList(view, c.request.user)) return null;
  const authoriser = authorisersOn(view, c.server.name)[0];
  if (authoriser === undefined) return noAuthoriser(c.server, view);
  const refusal = synapseAllowCheck(c.server, view, c.request.user);
  if (refusal) return refusal;
  c.authorisingUser = authoriser;
  return null;
};

/**
 * send_join step 9 (reference §1.4, §1.6, §5.2 S4): the join event is checked
 * against the auth rules at its prev_events' state (the template's; when the
 * request does not say, the current state stands in for it), where failing is 403
 * "join event was rejected"; then against the current state, where failing only
 * soft-fails it: persisted, answered 200, but not in the current state and not
 * passed on (the authoriser left or lost invite power, the user was banned, after
 * make_join). The soft-fail is remembered for the answer; later checks still run.
 */
export const joinEventAuth: ResidentCheck<SendJoinRequest> = (c) => {
  const view = roomOf(c);
  const { user, authorisingUser } = c.request;
  const verdict = checkJoin(view, user, authorisingUser);
  if (verdict.allowed) return null;
  const state = c.request.templateState ?? null;
  const atTemplate = state === null ? verdict : checkJoin(viewAtTemplate(view, state, user, authorisingUser), user, authorisingUser);
  if (!atTemplate.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', `join event was rejected: ${atTemplate.reason}`);
  const soft = answer(
    200,
    null,
    'soft-fail',
    `${c.server.name} accepted the join of ${user} but soft-failed it: against its current state the join event is rejected (${verdict.reason}), so ${c.server.name}'s current state does not hold the join and it is not passed on`,
  );
  soft.softFailed = true;
  c.softFailed = soft;
  return null;
};

/** send_join step 10: check_join_restrictions again, on the state before the event. */
export const synapseAllowAgain: ResidentCheck<SendJoinRequest> = (c) => {
  const view = roomOf(c);
  return needsAllowList(view, c.request.user) ? synapseAllowCheck(c.server, view, c.request.user) : null;
};

/** The send_join sender check (step 8), and the JAVUS server check (step 6): only this server can sign for its own users. */
export const synapseSenderOfOrigin = userOfOrigin(400, M_BAD_JSON);
export const javusOnThisServer = authoriserOnThisServer(400, M_UNKNOWN, (user, server) => `Cannot authorise membership event for ${user}: not a user of ${server}`);

/** make_join, in Synapse's order (§1.4 "Synapse make_join"). */
export const SYNAPSE_MAKE_JOIN: readonly ResidentCheck<MakeJoinRequest>[] = [
  // Step 3: an unknown room is 404 M_NOT_FOUND.
  roomKnown,
  // Step 2 (run here because the ACL lives in the room's state): a denied origin gets 403.
  serverAclAllows,
  // Step 4: the room's version must be in the joining server's `ver`.
  versionSupported,
  // Step 5: the per-room join rate limiter, checked without using a token.
  joinRateAllows,
  // Step 6: the user must belong to the requesting server.
  userOfOrigin(403, M_FORBIDDEN),
  // Step 8: no joined local member any more is 404 too.
  stillResident,
  // Steps 9 and 11: GRANT, then the allow check.
  synapseRestricted,
  // Step 12: the auth rules on the template (bans, invite-only, ...).
  authRulesAllow(),
  // Step 13: the template, naming the authoriser when the allow list was used.
  template,
];

/** send_join, in Synapse's order (§1.4 "Synapse send_join"). */
export const SYNAPSE_SEND_JOIN: readonly ResidentCheck<SendJoinRequest>[] = [
  // Step 1: the per-room join rate limiter.
  joinRateAllows,
  // Step 3: unknown room.
  roomKnown,
  // Step 5: the server ACL.
  serverAclAllows,
  // Step 8 (ordered before signing here because the simulator never forges): the sender must be the origin's.
  synapseSenderOfOrigin,
  // Step 6: only this server can sign for its own authorising user.
  javusOnThisServer,
  // Step 9: the auth rules at the prev_events' state, then the soft-fail check.
  joinEventAuth,
  // Step 10: check_join_restrictions again.
  synapseAllowAgain,
  // Step 11: persist (a join rate token) and answer.
  accepted(true),
];

/** A Synapse resident built from `settings` (only the join rate limiter depends on them). */
export function createSynapseResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin: (server, request): ResidentAnswer => answerInOrder(server, request, settings, SYNAPSE_MAKE_JOIN),
    sendJoin: (server, request): ResidentAnswer => answerInOrder(server, request, settings, SYNAPSE_SEND_JOIN),
  };
}
