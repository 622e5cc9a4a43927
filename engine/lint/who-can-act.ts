/**
 * Who could make a change to a room, under the room's own power levels: only a
 * joined user can send an event, and the auth rules decide which (spec room
 * versions, auth rules for m.room.power_levels, m.room.member invite and ban, and
 * state events in general; v12 creators pass every power check while joined).
 * Lint and explain propose a change only when this finds someone, and name them.
 */
import { powerOf } from '../matrix/auth-rules';
import { banLevel, inviteLevel, stateEventLevel } from '../matrix/power-levels';
import { effectiveRule, type LintFacts, type RoomFacts } from '../facts/index';

/** Every joined user of `room`, strongest first (ties by user ID). */
export function joinedStrongestFirst(room: RoomFacts): string[] {
  const all = [...room.joinedByServer.values()].flat();
  return all.sort((a, b) => powerOf(room.view, b) - powerOf(room.view, a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Joined users whose power reaches `level`, strongest first. */
function joinedAtLeast(room: RoomFacts, level: number): string[] {
  return joinedStrongestFirst(room).filter((u) => powerOf(room.view, u) >= level);
}

/** Who may send a state event of `type` (power ≥ its level in `events`, else state_default). */
export function maySendState(room: RoomFacts, type: string): string[] {
  return joinedAtLeast(room, stateEventLevel(room.spec.powerLevels, type));
}

/**
 * Who may set `user`'s level to `level`: power levels may be sent, the new level
 * is at most the sender's own, and the user's current level is below it (auth
 * rule for m.room.power_levels: nobody raises anyone above themselves, nor
 * changes a peer or a superior).
 */
export function mayGrantPower(room: RoomFacts, user: string, level: number): string[] {
  const current = powerOf(room.view, user);
  return maySendState(room, 'm.room.power_levels').filter((u) => u !== user && powerOf(room.view, u) >= level && powerOf(room.view, u) > current);
}

/** Who may move the invite level to `level`: power levels may be sent, and the sender reaches both the old and the new level. */
export function mayChangeInviteLevel(room: RoomFacts, level: number): string[] {
  const old = inviteLevel(room.spec.powerLevels);
  return maySendState(room, 'm.room.power_levels').filter((u) => powerOf(room.view, u) >= Math.max(old, level));
}

/** Who may invite `user` (power ≥ invite; a banned or joined user cannot be invited). */
export function mayInvite(room: RoomFacts, user: string): string[] {
  const current = room.spec.members[user];
  if (current === 'ban' || current === 'join') return [];
  return joinedAtLeast(room, room.inviteLevel);
}

/** Who may unban `user` (power ≥ ban, and above the user's own). */
export function mayUnban(room: RoomFacts, user: string): string[] {
  const target = powerOf(room.view, user);
  return joinedAtLeast(room, banLevel(room.spec.powerLevels)).filter((u) => powerOf(room.view, u) > target);
}

/** Users invited to `room` whose power reaches the invite level: accepting lets them authorise joins. */
export function invitedInviters(room: RoomFacts): string[] {
  return Object.entries(room.spec.members)
    .filter(([u, m]) => m === 'invite' && powerOf(room.view, u) >= room.inviteLevel)
    .map(([u]) => u)
    .sort();
}

/** "@alice:hs1 (power 100)", or "(a creator)" for a v12 creator's unlimited power. */
export function actor(room: RoomFacts, user: string): string {
  const power = powerOf(room.view, user);
  return `${user} (${power === Infinity ? 'a creator' : `power ${power}`})`;
}

/**
 * Who must act for `user` to join `roomId` (another room than the one being
 * fixed): [] when they are joined already, [user] when they can join alone
 * (public room, or invited), [inviter, user] when someone there must invite them
 * first, null when nobody can let them in.
 */
export function whoMustActToJoin(facts: LintFacts, roomId: string, user: string): string[] | null {
  const room = facts.roomsById.get(roomId);
  if (!room) return null;
  const current = room.spec.members[user];
  if (current === 'join') return [];
  if (current === 'ban') return null;
  if (current === 'invite') return [user];
  const rule = effectiveRule(room);
  if (rule === 'public') return [user];
  if (rule === 'restricted' || rule === 'knock_restricted') {
    // The user qualifies through an allowed room they are in, and some resident can authorise.
    const qualifies = room.allow.allowedRooms.some((a) => a !== roomId && facts.roomsById.get(a)?.spec.members[user] === 'join');
    if (qualifies && room.authorisers.size > 0) return [user];
  }
  if (rule === '') return null;
  const inviter = mayInvite(room, user)[0];
  return inviter === undefined ? null : [inviter, user];
}

/**
 * A change made by sending one state event of `type`, said as who may make it
 * ("@alice:hs1 (power 100) can …"), or as the plain fact that nobody joined may.
 */
export function stateFix(room: RoomFacts, type: string, change: string): string {
  const who = maySendState(room, type)[0];
  if (who !== undefined) return `${actor(room, who)} can ${change}`;
  return `nobody joined to ${room.spec.id} may send ${type} (power ${stateEventLevel(room.spec.powerLevels, type)} needed), so nobody can ${change} from inside the room`;
}
