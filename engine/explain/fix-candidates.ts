/**
 * Candidate changes that might have let a failed join in, each small and concrete:
 * the classes of reference §4 turned around (fix the allow entry, give a resident
 * an inviter, put an authorising server in via, support the room version, wait
 * out a stale view, invite the user...). Which of them really works is decided by
 * simulating each one (search-fix.ts); here they are only proposed and ranked.
 */
import { powerOf } from '../matrix/auth-rules';
import { serverOf } from '../matrix/ids';
import { aclDenial } from '../matrix/server-acl';
import { ROOM_VERSIONS, supportsJoinRule } from '../matrix/room-versions';
import { gatherFacts, joinedUsersOn, strongestJoined } from '../lint/index';
import { closestMatch } from '../scenario/did-you-mean';
import type { JoinAction, Scenario } from '../scenario/types';
import type { Fix, SuggestedFix } from '../report/explanation';

/** Tie-break among fixes of equal cost: configuration fixes first, workarounds last. */
const PRIORITY: Record<string, number> = {
  'fix-allow-entry': 0,
  'acl-allow-server': 0,
  'repair-allow-entries': 1,
  'lower-invite-level': 2,
  'add-via': 3,
  'grant-power': 4,
  'join-room:authoriser': 5,
  'support-version': 6,
  'delay-join': 7,
  'drop-action': 8,
  'join-room:user': 9,
  invite: 10,
  unban: 11,
  'room-version': 12,
};

export interface Candidate extends SuggestedFix {
  priority: number;
}

const DELAYS_MS = [2_000, 10_000];

export function proposeFixes(scenario: Scenario, action: JoinAction): Candidate[] {
  const facts = gatherFacts(scenario);
  const room = facts.roomsById.get(action.room);
  if (!room) return [];
  const out: Candidate[] = [];
  const add = (kind: string, fix: Fix, description: string, cost = 1): void => {
    out.push({ fix, description, cost, priority: PRIORITY[kind] ?? 20 });
  };
  const id = room.spec.id;
  const joiner = serverOf(action.user);
  const knownRooms = [...facts.roomsById.keys()];
  const allowed = [...new Set(room.allow.allowedRooms)];

  if (room.restricted) {
    for (const entry of allowed) {
      if (facts.roomsById.has(entry)) continue;
      const guess = closestMatch(entry, knownRooms);
      if (guess) add('fix-allow-entry', { type: 'fix-allow-entry', room: id, from: entry, to: guess }, `change the allow entry ${entry} of ${id} to ${guess}`);
    }
    const raw = room.spec.joinRules.allow;
    if (Array.isArray(raw) && room.allow.ignoredEntries > 0 && raw.some((e) => e !== null && typeof e === 'object' && typeof (e as { room_id?: unknown }).room_id === 'string')) {
      add('repair-allow-entries', { type: 'repair-allow-entries', room: id }, `give the allow entries of ${id} type: m.room_membership`);
    }
    const strongest = strongestJoined(room);
    if (strongest && room.authorisers.size === 0) {
      const level = powerOf(room.view, strongest);
      if (level < room.inviteLevel && Number.isFinite(level)) {
        add('lower-invite-level', { type: 'lower-invite-level', room: id, level }, `lower the invite level of ${id} from ${room.inviteLevel} to ${level}, so ${strongest} may invite`);
      }
    }
    for (const server of room.authorisers.keys()) {
      add('add-via', { type: 'add-via', join: action.id, server }, `put ${server} (which can authorise joins into ${id}) first in the via of join ${action.id}`);
    }
    for (const server of room.residents) {
      if (room.authorisers.has(server)) continue;
      const user = joinedUsersOn(room, server)[0];
      if (user) add('grant-power', { type: 'grant-power', room: id, user, level: room.inviteLevel }, `give ${user} power ${room.inviteLevel} in ${id}, so ${server} can authorise joins`);
    }
    for (const [server, users] of room.authorisers) {
      const user = users[0];
      if (!user) continue;
      for (const a of allowed) {
        const allowedRoom = facts.roomsById.get(a);
        if (!allowedRoom || allowedRoom.residents.includes(server)) continue;
        add('join-room:authoriser', { type: 'join-room', room: a, user }, `make ${server} join ${a} (${user} joins it), so it can see who is in the allowed room`);
      }
    }
  }
  if (aclDenial(room.spec.serverAcl ?? null, joiner) !== null) {
    add('acl-allow-server', { type: 'acl-allow-server', room: id, server: joiner }, `let ${joiner} through the server ACL of ${id} (drop the deny entries that match it and allow it by name)`);
  }
  const joinerSpec = facts.serversByName.get(joiner);
  if (joinerSpec && !joinerSpec.roomVersions.includes(room.spec.version)) {
    add('support-version', { type: 'support-version', server: joiner, version: room.spec.version }, `upgrade ${joiner} to a release that supports room version ${room.spec.version}`);
  }
  for (const by of DELAYS_MS) {
    add('delay-join', { type: 'delay-join', join: action.id, by }, `let ${action.user} try ${by / 1000} s later (at ${action.at + by} ms), once the servers have caught up`);
  }
  for (const other of scenario.timeline) {
    if (other.at > action.at || (other.do !== 'crash' && other.do !== 'partition' && other.do !== 'leave' && other.do !== 'ban' && other.do !== 'setPowerLevels' && other.do !== 'setJoinRules')) continue;
    add('drop-action', { type: 'drop-action', index: other.index, what: other.do }, `leave out the ${other.do} at ${other.at} ms (timeline[${other.index}])`);
  }
  if (room.restricted) {
    for (const a of allowed) {
      if (!facts.roomsById.has(a) || facts.roomsById.get(a)?.spec.members[action.user] === 'join') continue;
      add('join-room:user', { type: 'join-room', room: a, user: action.user }, `have ${action.user} join the allowed room ${a} first`);
    }
  }
  const membership = room.spec.members[action.user];
  if (membership === 'ban') add('unban', { type: 'unban', room: id, user: action.user }, `unban ${action.user} from ${id}`);
  else if (membership !== 'invite' && membership !== 'join') add('invite', { type: 'invite', room: id, user: action.user }, `invite ${action.user} to ${id}`);
  for (const version of versionCandidates(room.spec.version, room.allow.rule, joinerSpec?.roomVersions ?? [])) {
    add('room-version', { type: 'room-version', room: id, version }, `upgrade ${id} to room version ${version}`, 2);
  }
  return out.sort((a, b) => a.cost - b.cost || a.priority - b.priority);
}

/** Versions the room could move to: known to the joiner, with the room's join rule, v9+ for restricted rules. */
function versionCandidates(current: string, rule: string, joinerVersions: readonly string[]): string[] {
  const out: string[] = [];
  for (const rules of ROOM_VERSIONS.values()) {
    if (rules.id === current || !joinerVersions.includes(rules.id) || !supportsJoinRule(rules, rule)) continue;
    if ((rule === 'restricted' || rule === 'knock_restricted') && !rules.authorisingUserSurvivesRedaction) continue;
    out.push(rules.id);
  }
  // The smallest step up first, then the newest below the current one.
  const n = Number(current);
  const up = out.filter((v) => Number(v) > n);
  const down = out.filter((v) => Number(v) < n).reverse();
  return [...up.slice(0, 1), ...down.slice(0, 1)];
}
