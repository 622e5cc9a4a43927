/**
 * Synapse as a resident: make_join and send_join in the check order of reference
 * §1.4 (FederationHandler.on_make_join_request, on_send_join_request). The first
 * failing check decides the answer, so the order here is the behaviour.
 * Not modelled: X-Matrix auth, server ACLs, partial-state rooms (none of them can
 * arise from a scenario file yet). The per-room join rate limiter is a setting, off
 * by default (join-rate-limit.ts).
 */
import {
  M_BAD_JSON,
  M_FORBIDDEN,
  M_INCOMPATIBLE_ROOM_VERSION,
  M_LIMIT_EXCEEDED,
  M_NOT_FOUND,
  M_UNABLE_TO_AUTHORISE_JOIN,
  M_UNABLE_TO_GRANT_JOIN,
  M_UNKNOWN,
} from '../../matrix/errcodes';
import { authorisersOn, checkJoin, usesAllowList } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import { inviteLevel } from '../../matrix/power-levels';
import { checkServerAcl } from '../acl-check';
import { viewAtTemplate } from '../template-state';
import type { RoomView } from '../../matrix/room-view';
import { checkAllowedRooms, listRooms } from '../allow-check';
import { answer, templateAnswer } from '../answers';
import { consumeJoinRate, isJoinRateLimited } from '../join-rate-limit';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';

export const SYNAPSE_FORBIDDEN_MESSAGE = 'You do not belong to any of the required rooms/spaces to join this room.';

/** Whether the user must pass the allow list: restricted-capable version, restricted rule, not invited or joined. */
export function needsAllowList(view: RoomView, user: string): boolean {
  const membership = view.membership(user);
  return usesAllowList(view) && membership !== 'join' && membership !== 'invite';
}

/**
 * Synapse's check_restricted_join_rules (reference §1.4 make_join step 11, send_join
 * step 10): pass when this server sees the user joined to an allowed room; 400
 * AUTHORISE when it takes no part in some allowed room; 403 otherwise.
 */
export function synapseAllowCheck(server: ServerState, view: RoomView, user: string): ResidentAnswer | null {
  const allow = checkAllowedRooms(server, view, user);
  if (allow.joinedVia !== null) return null;
  if (allow.notResidentIn.length > 0) {
    return answer(
      400,
      M_UNABLE_TO_AUTHORISE_JOIN,
      'allow',
      `${server.name} takes no part in allowed room ${listRooms(allow.notResidentIn)}, so it cannot tell whether ${user} is joined there`,
    );
  }
  const seen = allow.allowedRooms.length === 0 ? 'the allow list has no valid entry' : `${server.name} is in every allowed room (${listRooms(allow.allowedRooms)}) and sees ${user} joined to none`;
  return answer(403, M_FORBIDDEN, 'allow', `${SYNAPSE_FORBIDDEN_MESSAGE} (${seen})`);
}

/** Synapse's 400 M_UNABLE_TO_GRANT_JOIN: no joined local user may invite (shared with the spec profile). */
export function noAuthoriser(server: ServerState, view: RoomView): ResidentAnswer {
  return answer(
    400,
    M_UNABLE_TO_GRANT_JOIN,
    'grant',
    `no joined user on ${server.name} has power ≥ invite (${inviteLevel(view.powerLevels)}) in ${view.roomId}`,
  );
}

/** 429 from the per-room join rate limiter (Synapse rc_joins_per_room). */
export function rateLimited(server: ServerState, roomId: string, settings: ProfileSettings): ResidentAnswer {
  return answer(429, M_LIMIT_EXCEEDED, 'rate-limit', `${server.name} allows ${settings.joinRatePerSecond} join(s)/s into ${roomId} (burst ${settings.joinRateBurst})`);
}

/** 400 M_INCOMPATIBLE_ROOM_VERSION (all implementations, §1.2). */
export function incompatibleVersion(view: RoomView, origin: string): ResidentAnswer {
  return answer(400, M_INCOMPATIBLE_ROOM_VERSION, 'room-version', `${view.roomId} is version ${view.version}, which ${origin} does not support`);
}

/**
 * Synapse send_join step 9 (reference §1.4, §1.6, §5.2 S4): the join event is
 * checked against the auth rules at its prev_events' state (the template's; when
 * the request does not say, the current state stands in for it), where failing is
 * 403 "join event was rejected"; then against the current state, where failing
 * only soft-fails it: persisted, answered 200, but not in the current state and
 * not passed on (the authoriser left or lost invite power, the user was banned,
 * after make_join). Null when both allow the join.
 */
export function checkJoinEvent(server: ServerState, view: RoomView, request: SendJoinRequest): ResidentAnswer | null {
  const { user, authorisingUser } = request;
  const verdict = checkJoin(view, user, authorisingUser);
  if (verdict.allowed) return null;
  const template = request.templateState ?? null;
  const atTemplate = template === null ? verdict : checkJoin(viewAtTemplate(view, template, user, authorisingUser), user, authorisingUser);
  if (!atTemplate.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', `join event was rejected: ${atTemplate.reason}`);
  const soft = answer(
    200,
    null,
    'soft-fail',
    `${server.name} accepted the join of ${user} but soft-failed it: against its current state the join event is rejected (${verdict.reason}), so ${server.name}'s current state does not hold the join and it is not passed on`,
  );
  soft.softFailed = true;
  return soft;
}

/** A Synapse resident built from `settings` (only the join rate limiter depends on them). */
export function createSynapseResident(settings: ProfileSettings): ResidentProfile {
  return {
  makeJoin(server: ServerState, request: MakeJoinRequest): ResidentAnswer {
    const { roomId, user } = request;
    const view = server.views.get(roomId);
    // Step 3: an unknown room is 404 M_NOT_FOUND.
    if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
    // Step 2 (run here because the ACL lives in the room's state): a denied origin gets 403.
    const aclRefusal = checkServerAcl(view, request.origin);
    if (aclRefusal) return aclRefusal;
    // Step 4: the room's version must be in the joining server's `ver`.
    if (!request.versions.has(view.version)) return incompatibleVersion(view, request.origin);
    // Step 5: the per-room join rate limiter, checked without using a token.
    if (isJoinRateLimited(server, roomId, request.now, settings)) return rateLimited(server, roomId, settings);
    // Step 6: the user must belong to the requesting server.
    if (serverOf(user) !== request.origin) {
      return answer(403, M_FORBIDDEN, 'origin', `${user} is not a user of ${request.origin}`);
    }
    // Step 8: no joined local member any more is 404 too.
    if (!view.isResident(server.name)) {
      return answer(404, M_NOT_FOUND, 'resident', `${server.name} has no joined user in ${roomId} any more`);
    }
    let authorisingUser: string | null = null;
    if (needsAllowList(view, user)) {
      // Step 9: the grant check comes before the allow check, so a resident with
      // nobody who may invite always answers GRANT (reference §1.4 step 9).
      const authoriser = authorisersOn(view, server.name)[0];
      if (authoriser === undefined) return noAuthoriser(server, view);
      // Step 11: the allow check, from this server's own views.
      const refusal = synapseAllowCheck(server, view, user);
      if (refusal) return refusal;
      authorisingUser = authoriser;
    }
    // Step 12: the auth rules on the template (bans, invite-only, ...).
    const verdict = checkJoin(view, user, authorisingUser);
    if (!verdict.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', verdict.reason);
    // Step 13: the template, naming the authoriser when the allow list was used.
    const how = authorisingUser ? `${user} is joined to an allowed room; ${authorisingUser} authorises the join` : `${user} may join ${roomId}`;
    return templateAnswer(how, authorisingUser, view.version);
  },

  sendJoin(server: ServerState, request: SendJoinRequest): ResidentAnswer {
    const { roomId, user, authorisingUser } = request;
    // Step 1: the per-room join rate limiter.
    if (isJoinRateLimited(server, roomId, request.now, settings)) return rateLimited(server, roomId, settings);
    const view = server.views.get(roomId);
    // Step 3: unknown room.
    if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
    // Step 5: the server ACL.
    const aclRefusal = checkServerAcl(view, request.origin);
    if (aclRefusal) return aclRefusal;
    // Step 8 (ordered before signing here because the simulator never forges): the sender must be the origin's.
    if (serverOf(user) !== request.origin) {
      return answer(400, M_BAD_JSON, 'origin', `${user} is not a user of ${request.origin}`);
    }
    // Step 6: only this server can sign for its own authorising user.
    if (authorisingUser !== null && view.rules.restrictedJoinRule && serverOf(authorisingUser) !== server.name) {
      return answer(400, M_UNKNOWN, 'authoriser-server', `Cannot authorise membership event for ${authorisingUser}: not a user of ${server.name}`);
    }
    // Step 9: the auth rules at the state of the event's prev_events (the state the
    // make_join template was built on), then the soft-fail check against the current state.
    const step9 = checkJoinEvent(server, view, request);
    if (step9 !== null && step9.status !== 200) return step9;
    // Step 10: check_join_restrictions again, on the state before the event.
    if (needsAllowList(view, user)) {
      const refusal = synapseAllowCheck(server, view, user);
      if (refusal) return refusal;
    }
    consumeJoinRate(server, roomId, request.now, settings);
    return step9 ?? answer(200, null, 'ok', `${server.name} accepted the join of ${user}`);
  },
  };
}
