/**
 * conduwuit as a resident (reference §1.4 "conduwuit/tuwunel make_join"): an
 * unknown room is 404; a user not of the origin is 400 M_BAD_JSON; a user not
 * known in any allowed room always gets 400 M_UNABLE_TO_AUTHORISE_JOIN, never 403,
 * even when R is in every allowed room; GRANT only for a user R sees in an allowed
 * room when R has nobody who may invite; invited users are checked too (conduwuit
 * does; tuwunel skips them: setting `exemptInvited`). An empty allow list leaves
 * the template without an authoriser and the auth rules refuse it: 403.
 */
import { M_BAD_JSON, M_UNABLE_TO_AUTHORISE_JOIN } from '../../matrix/errcodes';
import { authorisersOn, usesAllowList } from '../../matrix/auth-rules';
import type { RoomView } from '../../matrix/room-view';
import { checkAllowedRooms, listRooms } from '../allow-check';
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
  noAuthoriser,
  roomKnown,
  roomOf,
  serverAclAllows,
  template,
  userOfOrigin,
  versionSupported,
  type ResidentCheck,
} from '../resident-checks';

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

/** Step 5: the restricted check (invited users too, unless `exemptInvited`): the JAVUS, or GRANT / AUTHORISE. */
const conduwuitRestricted: ResidentCheck = (c) => {
  const view = roomOf(c);
  if (!checksAllowList(view, c.request.user, c.settings)) return null;
  const result = conduwuitAllowCheck(c.server, view, c.request.user);
  if ('status' in result) return result;
  c.authorisingUser = result.authorisingUser;
  return null;
};

/** send_join: whether conduwuit re-runs the allow check is not in the reference (UNVERIFIED; setting `recheckAllowAtSendJoin`, default off). */
const conduwuitAllowAgain: ResidentCheck<SendJoinRequest> = (c) => {
  const view = roomOf(c);
  if (!c.settings.recheckAllowAtSendJoin || !checksAllowList(view, c.request.user, c.settings)) return null;
  const result = conduwuitAllowCheck(c.server, view, c.request.user);
  return 'status' in result ? result : null;
};

/** make_join, in conduwuit's order (§1.4 "conduwuit/tuwunel make_join"). */
export const CONDUWUIT_MAKE_JOIN: readonly ResidentCheck<MakeJoinRequest>[] = [
  // Step 1: unknown room. (Whether R still being joined is checked is UNVERIFIED;
  // a server that left has forgotten the room here, so this covers it.)
  roomKnown,
  // Step 2: user and origin must match: 400 M_BAD_JSON (not Synapse's 403).
  userOfOrigin(400, M_BAD_JSON),
  // Step 3: the server ACL (and configured forbidden server names).
  serverAclAllows,
  // Step 4: version in `ver`.
  versionSupported,
  // Step 5: the restricted check.
  conduwuitRestricted,
  // Step 6: creating the template runs the auth rules.
  authRulesAllow('Event is not authorized: '),
  template,
];

/** send_join, in conduwuit's order. */
export const CONDUWUIT_SEND_JOIN: readonly ResidentCheck<SendJoinRequest>[] = [
  roomKnown,
  userOfOrigin(400, M_BAD_JSON),
  // Step 3: the server ACL (and configured forbidden server names).
  serverAclAllows,
  // A JAVUS on another server: 400 M_INVALID_PARAM (§5.2 S5).
  authoriserOnThisServer(400, M_INVALID_PARAM, (user, server) => `${user} is not a user of ${server}`),
  authRulesAllow('Event is not authorized: '),
  conduwuitAllowAgain,
  accepted(false),
];

export function createConduwuitResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin: (server, request) => answerInOrder(server, request, settings, CONDUWUIT_MAKE_JOIN),
    sendJoin: (server, request) => answerInOrder(server, request, settings, CONDUWUIT_SEND_JOIN),
  };
}
