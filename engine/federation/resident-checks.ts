/**
 * The resident's checks, named, for the profiles to list in their own order
 * (reference §1.4 "Exact check order in each resident implementation"): a
 * profile's make_join and send_join are an ordered list of these, the first that
 * answers decides, and the list ends with the answer when every check passed. The
 * checks the profiles share live here; a check only one profile makes lives with
 * that profile.
 */
import { M_FORBIDDEN, M_INCOMPATIBLE_ROOM_VERSION, M_LIMIT_EXCEEDED, M_NOT_FOUND, M_UNABLE_TO_AUTHORISE_JOIN, M_UNABLE_TO_GRANT_JOIN } from '../matrix/errcodes';
import { checkJoin, usesAllowList } from '../matrix/auth-rules';
import { isUserOfServer } from '../matrix/ids';
import { inviteLevel } from '../matrix/power-levels';
import type { RoomView } from '../matrix/room-view';
import { invariant } from '../kernel/invariant';
import { checkServerAcl } from './acl-check';
import { checkAllowedRooms, listRooms } from './allow-check';
import { answer, templateAnswer } from './answers';
import { hasPartialState, notFullyJoined } from './partial-state';
import { consumeJoinRate, isJoinRateLimited } from './join-rate-limit';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from './messages';
import type { ServerState } from './server-state';
import type { ProfileSettings } from './settings';

/** One request being answered: what the checks read, and what they found so far. */
export interface ResidentContext<R extends MakeJoinRequest | SendJoinRequest = MakeJoinRequest | SendJoinRequest> {
  readonly server: ServerState;
  readonly settings: ProfileSettings;
  readonly request: R;
  /** This server's view of the room, if it knows the room. */
  readonly view: RoomView | undefined;
  /** make_join: the authorising user the restricted check chose; send_join: the event's. */
  authorisingUser: string | null;
  /** send_join: the join passed at its prev_events' state but not at the current state (Synapse step 9). */
  softFailed: ResidentAnswer | null;
}

/** A check: an answer that decides the request, or null to go on. */
export type ResidentCheck<R extends MakeJoinRequest | SendJoinRequest = MakeJoinRequest | SendJoinRequest> = (c: ResidentContext<R>) => ResidentAnswer | null;

/** Runs `checks` in order; the first answer is the answer (the list must end with a check that always answers). */
export function answerInOrder<R extends MakeJoinRequest | SendJoinRequest>(server: ServerState, request: R, settings: ProfileSettings, checks: readonly ResidentCheck<R>[]): ResidentAnswer {
  // One context for every request (a resident answers one at a time, and no check asks another resident): nothing per request to collect.
  const c: ResidentContext<R> = { server, settings, request, view: server.views.get(request.roomId), authorisingUser: 'authorisingUser' in request ? request.authorisingUser : null, softFailed: null };
  let decided: ResidentAnswer | null = null;
  for (let i = 0; i < checks.length && decided === null; i++) decided = (checks[i] as ResidentCheck<R>)(c);
  // (Messages are built only on failure: these run for every request.)
  if (decided === null) invariant(false, `${server.name}: no check answered the ${'versions' in request ? 'make_join' : 'send_join'} for ${request.roomId}`);
  return decided;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const NO_SERVER = undefined as unknown as ServerState;
const CONTEXT: Mutable<ResidentContext> = { server: NO_SERVER, settings: undefined as unknown as ProfileSettings, request: undefined as unknown as MakeJoinRequest, view: undefined, authorisingUser: null, softFailed: null };

/** `list` with `from` replaced by `to` (a profile that differs from another in one check). */
export function replaced<C>(list: readonly C[], from: C, to: C): C[] {
  invariant(list.includes(from), 'replaced: the check to replace is not in the list');
  return list.map((check) => (check === from ? to : check));
}

/** The view of a room the checks before established that this server knows. */
export function roomOf(c: ResidentContext): RoomView {
  if (c.view === undefined) invariant(false, `${c.server.name}: a check needs ${c.request.roomId}, but a room check should have answered first`);
  return c.view;
}

// ---- Checks shared by the profiles ----

/** An unknown room: 404 M_NOT_FOUND (Synapse make_join step 3 and send_join step 3; conduwuit step 1; Dendrite send_join). */
export const roomKnown: ResidentCheck = (c) => (c.view ? null : answer(404, M_NOT_FOUND, 'room-known', `${c.server.name} does not know ${c.request.roomId}`));

/** A room this server holds with partial state: 404 M_NOT_FOUND, "not fully joined" (Synapse, reference §1.6). */
export const fullyJoined: ResidentCheck = (c) =>
  hasPartialState(c.server, c.request.roomId, c.request.now) ? notFullyJoined(c.server, c.request.roomId, 'versions' in c.request ? 'make_join' : 'send_join') : null;

/** The room's server ACL denies the origin: 403 (Synapse make_join step 2, send_join step 5; Dendrite step 1; conduwuit step 3). */
export const serverAclAllows: ResidentCheck = (c) => checkServerAcl(roomOf(c), c.request.origin);

/** 400 M_INCOMPATIBLE_ROOM_VERSION (all implementations, §1.2). */
export function incompatibleVersion(view: RoomView, origin: string): ResidentAnswer {
  return answer(400, M_INCOMPATIBLE_ROOM_VERSION, 'room-version', `${view.roomId} is version ${view.version}, which ${origin} does not support`);
}

/** make_join: the room's version must be in the joining server's `ver` (Synapse step 4, Dendrite step 4, conduwuit step 4). */
export const versionSupported: ResidentCheck<MakeJoinRequest> = (c) => {
  const view = roomOf(c);
  return c.request.versions.has(view.version) ? null : incompatibleVersion(view, c.request.origin);
};

/** 429 from the per-room join rate limiter (Synapse rc_joins_per_room). */
export function rateLimited(server: ServerState, roomId: string, settings: ProfileSettings): ResidentAnswer {
  return answer(429, M_LIMIT_EXCEEDED, 'rate-limit', `${server.name} allows ${settings.joinRatePerSecond} join(s)/s into ${roomId} (burst ${settings.joinRateBurst})`);
}

/** The per-room join rate limiter, checked without using a token (Synapse make_join step 5, send_join step 1). */
export const joinRateAllows: ResidentCheck = (c) => (isJoinRateLimited(c.server, c.request.roomId, c.request.now, c.settings) ? rateLimited(c.server, c.request.roomId, c.settings) : null);

/** The user must belong to the requesting server; the status and errcode differ by implementation and endpoint (§1.4, §5.1 row 21). */
export function userOfOrigin(status: number, errcode: string): ResidentCheck {
  return (c) => (isUserOfServer(c.request.user, c.request.origin) ? null : answer(status, errcode, 'origin', `${c.request.user} is not a user of ${c.request.origin}`));
}

/** This server has no joined user in the room any more: 404 M_NOT_FOUND (Synapse make_join step 8, Dendrite step 6). */
export const stillResident: ResidentCheck = (c) =>
  roomOf(c).isResident(c.server.name) ? null : answer(404, M_NOT_FOUND, 'resident', `${c.server.name} has no joined user in ${c.request.roomId} any more`);

/**
 * The auth rules on the join event (the template at make_join, the event at
 * send_join): 403 M_FORBIDDEN with the rule's reason after `prefix` (Synapse
 * make_join step 12, Dendrite step 8, conduwuit step 6).
 */
export function authRulesAllow(prefix = ''): ResidentCheck {
  return (c) => {
    const verdict = checkJoin(roomOf(c), c.request.user, c.authorisingUser);
    return verdict.allowed ? null : answer(403, M_FORBIDDEN, 'auth-rules', `${prefix}${verdict.reason}`);
  };
}

/** send_join: a JAVUS naming a user of another server; the status, errcode and wording differ by implementation (§5.2 S5). */
export function authoriserOnThisServer(status: number, errcode: string, reason: (authorisingUser: string, server: string) => string): ResidentCheck<SendJoinRequest> {
  return (c) => {
    const authorisingUser = c.request.authorisingUser;
    if (authorisingUser === null || !roomOf(c).rules.restrictedJoinRule || isUserOfServer(authorisingUser, c.server.name)) return null;
    return answer(status, errcode, 'authoriser-server', reason(authorisingUser, c.server.name));
  };
}

/** make_join's answer when every check passed: the template, naming the authoriser when the allow list was used. */
export const template: ResidentCheck = (c) => {
  const { user, roomId } = c.request;
  const how = c.authorisingUser ? `${user} is joined to an allowed room; ${c.authorisingUser} authorises the join` : `${user} may join ${roomId}`;
  return templateAnswer(how, c.authorisingUser, roomOf(c).version);
};

/** send_join's answer when every check passed: accepted (or soft-failed, Synapse step 9); `useToken` spends a join rate token (Synapse). */
export function accepted(useToken: boolean): ResidentCheck<SendJoinRequest> {
  return (c) => {
    if (useToken) consumeJoinRate(c.server, c.request.roomId, c.request.now, c.settings);
    return c.softFailed ?? answer(200, null, 'ok', `${c.server.name} accepted the join of ${c.request.user}`);
  };
}

// ---- Synapse's restricted-join checks, which the spec profile shares ----

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
export function synapseAllowCheck(server: ServerState, view: RoomView, user: string, partialStateAt = -1): ResidentAnswer | null {
  const allow = checkAllowedRooms(server, view, user, partialStateAt);
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

/** Synapse's 400 M_UNABLE_TO_GRANT_JOIN: no joined local user may invite (shared with the spec and conduwuit profiles). */
export function noAuthoriser(server: ServerState, view: RoomView): ResidentAnswer {
  return answer(400, M_UNABLE_TO_GRANT_JOIN, 'grant', `no joined user on ${server.name} has power ≥ invite (${inviteLevel(view.powerLevels)}) in ${view.roomId}`);
}
