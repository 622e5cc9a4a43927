/**
 * conduwuit as a resident (reference §1.4 "conduwuit/tuwunel make_join", read again
 * in §1.6): an unknown room is 404; a user not of the origin is 400 M_BAD_JSON; a
 * user not known in any allowed room always gets 400 M_UNABLE_TO_AUTHORISE_JOIN,
 * never 403, even when R is in every allowed room, and so does any user when every
 * entry of a non-empty allow list is invalid; the authoriser is a local user who
 * could invite *this* user (user_can_invite), so a banned member of an allowed room
 * gets 400 M_UNABLE_TO_GRANT_JOIN; invited users are checked too (conduwuit does;
 * tuwunel skips them: setting `exemptInvited`). An empty allow list leaves the
 * template without an authoriser and the auth rules refuse it: 403. send_join runs
 * the allow check again (400 AUTHORISE) and refuses an authorising user who is no
 * longer joined (400 M_INVALID_PARAM).
 */
import { M_BAD_JSON, M_UNABLE_TO_AUTHORISE_JOIN, M_UNABLE_TO_GRANT_JOIN } from '../../matrix/errcodes';
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
  // An empty allow list skips the check, and the auth rules then refuse (step 6); a
  // non-empty one whose entries are all invalid does not skip it (§1.6).
  return view.joinRules.allowedRooms.length > 0 || view.joinRules.ignoredEntries > 0;
}

/** The allow check proper: null when R sees the user joined to an allowed room, else 400 AUTHORISE (never 403, whatever R takes part in). */
function conduwuitAllowed(server: ServerState, view: RoomView, user: string): ResidentAnswer | null {
  const allow = checkAllowedRooms(server, view, user);
  if (allow.joinedVia !== null) return null;
  const known = allow.allowedRooms.length === 0 ? 'every entry of the allow list is invalid' : `allowed rooms: ${listRooms(allow.allowedRooms)}`;
  return answer(400, M_UNABLE_TO_AUTHORISE_JOIN, 'allow', `${server.name} does not see ${user} joined to any allowed room it knows (${known})`);
}

/**
 * Whether an invite of `user` from a local joined user with invite power would pass
 * the auth rules (conduwuit's user_can_invite, §1.6): not when the user is banned,
 * nor already joined (auth rule 4.4.2, invites).
 */
function mayBeInvited(view: RoomView, user: string): boolean {
  const membership = view.membership(user);
  return membership !== 'ban' && membership !== 'join';
}

/** conduwuit step 5: the JAVUS, or GRANT / AUTHORISE. */
function conduwuitAllowCheck(server: ServerState, view: RoomView, user: string): { authorisingUser: string } | ResidentAnswer {
  const refused = conduwuitAllowed(server, view, user);
  if (refused !== null) return refused;
  const authoriser = mayBeInvited(view, user) ? authorisersOn(view, server.name)[0] : undefined;
  if (authoriser === undefined) return view.membership(user) === 'ban' ? nobodyMayInviteBanned(server, view, user) : noAuthoriser(server, view);
  return { authorisingUser: authoriser };
}

function nobodyMayInviteBanned(server: ServerState, view: RoomView, user: string): ResidentAnswer {
  return answer(400, M_UNABLE_TO_GRANT_JOIN, 'grant', `no user on ${server.name} could invite ${user} to ${view.roomId}: ${user} is banned there`);
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

/** send_join runs the allow check again (§1.6, send_join.rs): 400 AUTHORISE when it fails (setting `recheckAllowAtSendJoin`, on). */
const conduwuitAllowAgain: ResidentCheck<SendJoinRequest> = (c) => {
  const view = roomOf(c);
  if (!c.settings.recheckAllowAtSendJoin || !checksAllowList(view, c.request.user, c.settings)) return null;
  return conduwuitAllowed(c.server, view, c.request.user);
};

/** send_join: the authorising user the event names must still be joined: 400 M_INVALID_PARAM (§1.6, send_join.rs). */
const authoriserStillJoined: ResidentCheck<SendJoinRequest> = (c) => {
  const authorisingUser = c.request.authorisingUser;
  if (authorisingUser === null || roomOf(c).membership(authorisingUser) === 'join') return null;
  return answer(400, M_INVALID_PARAM, 'authoriser-joined', `${authorisingUser}, who authorised the join, is no longer joined to ${c.request.roomId}`);
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
  // The allow check again, then the authoriser's membership, before the event's auth
  // (§1.6; their order against the auth rules is UNVERIFIED).
  conduwuitAllowAgain,
  authoriserStillJoined,
  authRulesAllow('Event is not authorized: '),
  accepted(false),
];

export function createConduwuitResident(settings: ProfileSettings): ResidentProfile {
  return {
    makeJoin: (server, request) => answerInOrder(server, request, settings, CONDUWUIT_MAKE_JOIN),
    sendJoin: (server, request) => answerInOrder(server, request, settings, CONDUWUIT_SEND_JOIN),
  };
}
