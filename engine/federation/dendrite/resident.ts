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
import { M_BAD_JSON, M_FORBIDDEN, M_NOT_FOUND, M_UNABLE_TO_AUTHORISE_JOIN } from '../../matrix/errcodes';
import { authorisersOn, checkJoin, powerOf, usesAllowList } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import { inviteLevel } from '../../matrix/power-levels';
import { checkServerAcl } from '../acl-check';
import type { RoomView } from '../../matrix/room-view';
import { listRooms } from '../allow-check';
import { answer, templateAnswer } from '../answers';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';
import { incompatibleVersion } from '../synapse/resident';

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

export function createDendriteResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin(server: ServerState, request: MakeJoinRequest): ResidentAnswer {
      const { roomId, user } = request;
      const view = server.views.get(roomId);
      // Step 3: the room version lookup fails for an unknown room: HTTP 500, no errcode.
      if (!view) return answer(500, null, 'room-known', `${server.name} does not know ${roomId} (room version lookup failed)`);
      // Step 1: the server ACL (checked once the room's state is known: no room, no ACL).
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // Step 4: the room's version must be in `ver`.
      if (!request.versions.has(view.version)) return incompatibleVersion(view, request.origin);
      // Step 5: the user must belong to the origin.
      if (serverOf(user) !== request.origin) return answer(403, M_FORBIDDEN, 'origin', `${user} is not a user of ${request.origin}`);
      // Step 6: R must still be joined.
      if (!view.isResident(server.name)) return answer(404, M_NOT_FOUND, 'resident', `${server.name} has no joined user in ${roomId} any more`);
      let authorisingUser: string | null = null;
      // Step 7: the restricted check; only a pending invite skips it, not an existing join.
      if (usesAllowList(view) && view.membership(user) !== 'invite') {
        const result = dendriteRestrictedCheck(server, view, user, settings);
        if ('status' in result) return result;
        authorisingUser = result.authorisingUser;
      }
      // Step 8: the auth rules on the built template.
      const verdict = checkJoin(view, user, authorisingUser);
      if (!verdict.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', verdict.reason);
      const how = authorisingUser ? `${user} is joined to an allowed room; ${authorisingUser} authorises the join` : `${user} may join ${roomId}`;
      return templateAnswer(how, authorisingUser, view.version);
    },

    sendJoin(server: ServerState, request: SendJoinRequest): ResidentAnswer {
      const { roomId, user, authorisingUser } = request;
      const view = server.views.get(roomId);
      // Room missing: 404.
      if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
      // The ACL applies to every federation endpoint of the room.
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // Bad sender: 400 M_BAD_JSON (GMSL HandleSendJoin).
      if (serverOf(user) !== request.origin) return answer(400, M_BAD_JSON, 'origin', `${user} is not a user of ${request.origin}`);
      // Banned: 403.
      if (view.membership(user) === 'ban') return answer(403, M_FORBIDDEN, 'banned', `${user} is banned from ${roomId}`);
      // JAVUS on another server: 400 M_BAD_JSON.
      if (authorisingUser !== null && view.rules.restrictedJoinRule && serverOf(authorisingUser) !== server.name) {
        return answer(400, M_BAD_JSON, 'authoriser-server', `${authorisingUser} is not a user of ${server.name}`);
      }
      // No allow re-check at send_join (Dendrite); the roomserver's auth rules
      // decide, and a rejection is the unusual 400 + M_FORBIDDEN.
      const verdict = checkJoin(view, user, authorisingUser);
      if (!verdict.allowed) return answer(400, M_FORBIDDEN, 'auth-rules', `the roomserver rejected the join: ${verdict.reason}`);
      return answer(200, null, 'ok', `${server.name} accepted the join of ${user}`);
    },
  };
}
