/**
 * Who on a server would authorise a restricted join for a member of one allowed
 * room, as each implementation decides it when it answers make_join (reference
 * §1.4 and §1.6; engine/federation/<implementation>/resident.ts). The question is
 * asked of a user the server sees joined to the allowed room and nowhere else
 * that matters (not invited, not banned), so the answer is either the user it
 * would name in `join_authorised_via_users_server`, or null when its answer would
 * not let the user in.
 */
import type { ImplementationName } from '../scenario/types';
import type { ProfileSettings } from '../federation/settings';
import type { RoomSight } from './sight';

/**
 * `target` and `allowed` are the server's own sights of the restricted room and of
 * the allowed room (undefined when it takes no part in the allowed room).
 */
export type AuthoriserNotion = (server: string, target: RoomSight, allowed: RoomSight | undefined, settings: ProfileSettings) => string | null;

/**
 * Synapse (and the spec profile, and conduwuit): the grant check takes the
 * strongest joined local user with power ≥ invite in the target room
 * (authorisersOn), and the allow check passes when the server sees the user
 * joined to an allowed room, which needs it to be in that room. Order of the two
 * checks differs between them; for a member of the allowed room the outcome does not.
 */
export const targetRoomAuthoriser: AuthoriserNotion = (server, target, allowed) => {
  if (!target.usesAllowList || allowed === undefined) return null;
  return target.joinedOn(server).find((user) => target.powerOf(user) >= target.inviteLevel) ?? null;
};

/**
 * Dendrite (GMSL checkRestrictedJoin, reference §1.4 "Dendrite/GMSL make_join"
 * step 7 and §1.6): the authoriser is a local member of the *allowed* room with
 * power ≥ invite in the target room, the strongest first as the resident picks
 * (setting `authoriserFromAllowedRoom`). When that user is not joined to the
 * target room the template fails the auth rules (403, dendrite #2522), so the
 * server cannot let the user in even if another of its users could have.
 * With the setting off it picks like Synapse.
 */
export const allowedRoomAuthoriser: AuthoriserNotion = (server, target, allowed, settings) => {
  if (!settings.authoriserFromAllowedRoom) return targetRoomAuthoriser(server, target, allowed, settings);
  if (!target.usesAllowList || allowed === undefined) return null;
  const chosen = dendriteChoice(server, target, allowed);
  // Auth rule 4.3.5.2 (since v8): the authorising user must be joined to the target room.
  return chosen !== undefined && target.isJoined(chosen) ? chosen : null;
};

/** The member of the allowed room on `server` that Dendrite names: the strongest in the target room with power ≥ invite. */
export function dendriteChoice(server: string, target: RoomSight, allowed: RoomSight): string | undefined {
  return byPowerIn(target, allowed.joinedOn(server)).find((user) => target.powerOf(user) >= target.inviteLevel);
}

/** `users` by power in `target`, highest first, ties by user ID (the residents' order). */
export function byPowerIn(target: RoomSight, users: readonly string[]): string[] {
  return [...users].sort((a, b) => target.powerOf(b) - target.powerOf(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Each implementation's notion; a new profile must say which it follows. */
export const AUTHORISER_NOTIONS: Readonly<Record<ImplementationName, AuthoriserNotion>> = {
  synapse: targetRoomAuthoriser,
  'synapse-1.77': targetRoomAuthoriser,
  spec: targetRoomAuthoriser,
  conduwuit: targetRoomAuthoriser,
  // tuwunel answers make_join with conduwuit's resident.
  tuwunel: targetRoomAuthoriser,
  dendrite: allowedRoomAuthoriser,
};

/** The notion of `implementation` (Synapse's for a name this build does not know; validation rejects those). */
export function notionOf(implementation: string): AuthoriserNotion {
  return (AUTHORISER_NOTIONS as Record<string, AuthoriserNotion>)[implementation] ?? targetRoomAuthoriser;
}
