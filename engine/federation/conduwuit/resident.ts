/**
 * conduwuit as a resident (reference §1.4 "conduwuit/tuwunel make_join"): an
 * unknown room is 404; a user not of the origin is 400 M_BAD_JSON; a user not
 * known in any allowed room always gets 400 M_UNABLE_TO_AUTHORISE_JOIN, never 403,
 * even when R is in every allowed room; GRANT only for a user R sees in an allowed
 * room when R has nobody who may invite; invited users are checked too (conduwuit
 * does; tuwunel skips them: setting `exemptInvited`). An empty allow list leaves
 * the template without an authoriser and the auth rules refuse it: 403.
 */
import { M_BAD_JSON, M_FORBIDDEN, M_NOT_FOUND, M_UNABLE_TO_AUTHORISE_JOIN } from '../../matrix/errcodes';
import { authorisersOn, checkJoin, usesAllowList } from '../../matrix/auth-rules';
import { serverOf } from '../../matrix/ids';
import { checkServerAcl } from '../acl-check';
import type { RoomView } from '../../matrix/room-view';
import { checkAllowedRooms, listRooms } from '../allow-check';
import { answer, templateAnswer } from '../answers';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from '../messages';
import type { ResidentProfile } from '../profile';
import type { ServerState } from '../server-state';
import type { ProfileSettings } from '../settings';
import { incompatibleVersion, noAuthoriser } from '../synapse/resident';

/** The spec's v1.18 errcode for a malformed send_join, which conduwuit uses for a foreign JAVUS (§5.2 S5). */
export const M_INVALID_PARAM = 'M_INVALID_PARAM';

/** Whether conduwuit runs its restricted check for this user (step 5). */
function checksAllowList(view: RoomView, user: string, settings: ProfileSettings): boolean {
  const membership = view.membership(user);
  if (!usesAllowList(view) || membership === 'join') return false;
  if (membership === 'invite' && settings.exemptInvited) return false;
  // An empty allow list skips the check; the auth rules then refuse (step 6).
  return view.joinRules.allowedRooms.length > 0;
}

/** conduwuit step 5: the JAVUS, or GRANT / AUTHORISE. */
function conduwuitAllowCheck(server: ServerState, view: RoomView, user: string): { authorisingUser: string } | ResidentAnswer {
  const allow = checkAllowedRooms(server, view, user);
  if (allow.joinedVia === null) {
    // Always AUTHORISE, never 403, whatever R takes part in.
    return answer(400, M_UNABLE_TO_AUTHORISE_JOIN, 'allow', `${server.name} does not see ${user} joined to any allowed room it knows (${listRooms(allow.allowedRooms)})`);
  }
  const authoriser = authorisersOn(view, server.name)[0];
  if (authoriser === undefined) return noAuthoriser(server, view);
  return { authorisingUser: authoriser };
}

export function createConduwuitResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin(server: ServerState, request: MakeJoinRequest): ResidentAnswer {
      const { roomId, user } = request;
      const view = server.views.get(roomId);
      // Step 1: unknown room. (Whether R still being joined is checked is UNVERIFIED;
      // a server that left has forgotten the room here, so this covers it.)
      if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
      // Step 2: user and origin must match: 400 M_BAD_JSON (not Synapse's 403).
      if (serverOf(user) !== request.origin) return answer(400, M_BAD_JSON, 'origin', `${user} is not a user of ${request.origin}`);
      // Step 3: the server ACL (and configured forbidden server names).
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // Step 4: version in `ver`.
      if (!request.versions.has(view.version)) return incompatibleVersion(view, request.origin);
      let authorisingUser: string | null = null;
      // Step 5: the restricted check.
      if (checksAllowList(view, user, settings)) {
        const result = conduwuitAllowCheck(server, view, user);
        if ('status' in result) return result;
        authorisingUser = result.authorisingUser;
      }
      // Step 6: creating the template runs the auth rules.
      const verdict = checkJoin(view, user, authorisingUser);
      if (!verdict.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', `Event is not authorized: ${verdict.reason}`);
      const how = authorisingUser ? `${user} is joined to an allowed room; ${authorisingUser} authorises the join` : `${user} may join ${roomId}`;
      return templateAnswer(how, authorisingUser, view.version);
    },

    sendJoin(server: ServerState, request: SendJoinRequest): ResidentAnswer {
      const { roomId, user, authorisingUser } = request;
      const view = server.views.get(roomId);
      if (!view) return answer(404, M_NOT_FOUND, 'room-known', `${server.name} does not know ${roomId}`);
      if (serverOf(user) !== request.origin) return answer(400, M_BAD_JSON, 'origin', `${user} is not a user of ${request.origin}`);
      // Step 3: the server ACL (and configured forbidden server names).
      const aclRefusal = checkServerAcl(view, request.origin);
      if (aclRefusal) return aclRefusal;
      // A JAVUS on another server: 400 M_INVALID_PARAM (§5.2 S5).
      if (authorisingUser !== null && view.rules.restrictedJoinRule && serverOf(authorisingUser) !== server.name) {
        return answer(400, M_INVALID_PARAM, 'authoriser-server', `${authorisingUser} is not a user of ${server.name}`);
      }
      const verdict = checkJoin(view, user, authorisingUser);
      if (!verdict.allowed) return answer(403, M_FORBIDDEN, 'auth-rules', `Event is not authorized: ${verdict.reason}`);
      // Whether conduwuit re-runs the allow check here is not in the reference
      // (UNVERIFIED; setting `recheckAllowAtSendJoin`, default off).
      if (settings.recheckAllowAtSendJoin && checksAllowList(view, user, settings)) {
        const result = conduwuitAllowCheck(server, view, user);
        if ('status' in result) return result;
      }
      return answer(200, null, 'ok', `${server.name} accepted the join of ${user}`);
    },
  };
}

