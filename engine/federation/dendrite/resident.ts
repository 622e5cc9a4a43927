/**
 * Dendrite (with gomatrixserverlib) as a resident: make_join and send_join in the
 * check order of reference §1.4 "Dendrite/GMSL make_join" and "Dendrite send_join".
 * What differs from Synapse: an unknown room is HTTP 500 with no errcode; it never
 * answers M_UNABLE_TO_GRANT_JOIN; only invites skip the allow check (an existing
 * join does not); the authoriser is a local member of the *allowed* room with power
 * ≥ invite in the target room (so may not be in the target room, and the template
 * then fails auth: 403); send_join does not re-run the allow check, and a join the
 * roomserver rejects is 400 with M_FORBIDDEN.
 */
import { M_BAD_JSON, M_FORBIDDEN, M_UNABLE_TO_AUTHORISE_JOIN } from '../../matrix/errcodes';
import { authorisersOn, checkJoin, powerOf, usesAllowList } from '../../matrix/auth-rules';
import { inviteLevel } from '../../matrix/power-levels';
import type { RoomView } from '../../matrix/room-view';
import { listRooms } from '../allow-check';
import { answer } from '../answers';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';
import {
  accepted,
  answerInOrder,
  authoriserOnThisServer,
  authRulesAllow,
  roomKnown,
  roomOf,
  serverAclAllows,
  stillResident,
  template,
  userOfOrigin,
  versionSupported,
  type ResidentCheck,
} from '../resident-checks';

/** GMSL checkRestrictedJoin: the JAVUS to use, or a refusal (reference §1.4 Dendrite step 7). */
function dendriteRestrictedCheck(
  server: ServerState,
  view: RoomView,
  user: string,
  settings: ProfileSettings,
): { authorisingUser: string } | ResidentAnswer {
  const notResidentIn: string[] = [];
  let joinedSomewhere = false;
  for (const allowedRoom of view.joinRules.allowedRooms) {
    const allowedView = server.views.get(allowedRoom);
    // Not resident in that allowed room: remember it and look at the next rule.
    if (!allowedView) {
      if (!notResidentIn.includes(allowedRoom)) notResidentIn.push(allowedRoom);
      continue;
    }
    if (allowedView.membership(user) !== 'join') continue;
    joinedSomewhere = true;
    // The authoriser: a local user joined to the allowed room with power ≥ invite in
    // the *target* room (UNVERIFIED reading of GMSL; setting `authoriserFromAllowedRoom`).
    const pool = settings.authoriserFromAllowedRoom
      ? localMembersByPower(allowedView, view, server.name)
      : authorisersOn(view, server.name);
    const chosen = pool.find((u) => powerOf(view, u) >= inviteLevel(view.powerLevels));
    if (chosen !== undefined) return { authorisingUser: chosen };
  }
  // Dendrite never emits M_UNABLE_TO_GRANT_JOIN: "qualifies but nobody may invite" ends here too.
  if (notResidentIn.length > 0) {
    return answer(400, M_UNABLE_TO_AUTHORISE_JOIN, 'allow', `${server.name} takes no part in allowed room ${listRooms(notResidentIn)}, so it cannot tell whether ${user} is joined there`);
  }
  const why = joinedSomewhere
    ? `${user} is in an allowed room but no local member of it may invite in ${view.roomId}`
    : `${server.name} sees ${user} joined to none of ${listRooms(view.joinRules.allowedRooms)}`;
  return answer(403, M_FORBIDDEN, 'allow', `You are not joined to any matching rooms. (${why})`);
}

/** Local users joined to `allowedView`, highest power in `target` first, ties by user ID (contract's authoriser order). */
function localMembersByPower(allowedView: RoomView, target: RoomView, server: string): string[] {
  return allowedView.joinedUsersOf(server).sort((a, b) => powerOf(target, b) - powerOf(target, a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Step 3: the room version lookup fails for an unknown room: HTTP 500, no errcode. */
const roomVersionKnown: ResidentCheck = (c) => (c.view ? null : answer(500, null, 'room-known', `${c.server.name} does not know ${c.request.roomId} (room version lookup failed)`));

/** Step 7: the restricted check; only a pending invite skips it, not an existing join. */
const dendriteRestricted: ResidentCheck = (c) => {
  const view = roomOf(c);
  if (!usesAllowList(view) || view.membership(c.request.user) === 'invite') return null;
  const result = dendriteRestrictedCheck(c.server, view, c.request.user, c.settings);
  if ('status' in result) return result;
  c.authorisingUser = result.authorisingUser;
  return null;
};

/** send_join: a banned user, 403. */
const notBanned: ResidentCheck<SendJoinRequest> = (c) =>
  roomOf(c).membership(c.request.user) === 'ban' ? answer(403, M_FORBIDDEN, 'banned', `${c.request.user} is banned from ${c.request.roomId}`) : null;

/** send_join: no allow re-check (Dendrite); the roomserver's auth rules decide, and a rejection is the unusual 400 + M_FORBIDDEN. */
const roomserverAccepts: ResidentCheck<SendJoinRequest> = (c) => {
  const verdict = checkJoin(roomOf(c), c.request.user, c.request.authorisingUser);
  return verdict.allowed ? null : answer(400, M_FORBIDDEN, 'auth-rules', `the roomserver rejected the join: ${verdict.reason}`);
};

/** make_join, in Dendrite/GMSL's order (§1.4 "Dendrite/GMSL make_join"). */
export const DENDRITE_MAKE_JOIN: readonly ResidentCheck<MakeJoinRequest>[] = [
  roomVersionKnown,
  // Step 1: the server ACL (checked once the room's state is known: no room, no ACL).
  serverAclAllows,
  // Step 4: the room's version must be in `ver`.
  versionSupported,
  // Step 5: the user must belong to the origin.
  userOfOrigin(403, M_FORBIDDEN),
  // Step 6: R must still be joined.
  stillResident,
  dendriteRestricted,
  // Step 8: the auth rules on the built template.
  authRulesAllow(),
  template,
];

/** send_join, in Dendrite's order (§1.4 "Dendrite send_join"). */
export const DENDRITE_SEND_JOIN: readonly ResidentCheck<SendJoinRequest>[] = [
  // Room missing: 404.
  roomKnown,
  // The ACL applies to every federation endpoint of the room.
  serverAclAllows,
  // Bad sender: 400 M_BAD_JSON (GMSL HandleSendJoin).
  userOfOrigin(400, M_BAD_JSON),
  notBanned,
  // JAVUS on another server: 400 M_BAD_JSON.
  authoriserOnThisServer(400, M_BAD_JSON, (user, server) => `${user} is not a user of ${server}`),
  roomserverAccepts,
  accepted(false),
];

export function createDendriteResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin: (server, request) => answerInOrder(server, request, settings, DENDRITE_MAKE_JOIN),
    sendJoin: (server, request) => answerInOrder(server, request, settings, DENDRITE_SEND_JOIN),
  };
}
