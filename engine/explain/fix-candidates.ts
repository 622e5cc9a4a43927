/**
 * Candidate changes that might have let a failed join in, each small and concrete:
 * the classes of reference §4 turned around (fix the allow entry, give a resident
 * an inviter, put an authorising server in via, support the room version, wait
 * out a stale view, invite the user...). A change to a room is proposed only when
 * a joined user may make it under that room's power levels (lint/who-can-act.ts),
 * and says who; joining the target room itself is never a way into it. Which of
 * them really works is decided by simulating each one (search-fix.ts); here they
 * are only proposed, and ranked by how few people must act.
 */
import { powerOf } from '../matrix/auth-rules';
import { serverOf } from '../matrix/ids';
import { actor, mayChangeInviteLevel, mayGrantPower, mayInvite, maySendState, mayUnban, whoMustActToJoin } from '../lint/index';
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

/** Who acts for a change outside any room's power levels: the joining user, or a server's admin. */
const adminOf = (server: string): string => `the admin of ${server}`;

const DELAYS_MS = [2_000, 10_000];

export function proposeFixes(scenario: Scenario, action: JoinAction): Candidate[] {
  const facts = gatherFacts(scenario);
  const room = facts.roomsById.get(action.room);
  if (!room) return [];
  const out: Candidate[] = [];
  const add = (kind: string, fix: Fix, by: readonly string[], description: string, cost = 1): void => {
    out.push({ fix, description, by: [...by], cost, priority: PRIORITY[kind] ?? 20 });
  };
  /** A room change by the first user `who` lists, or nothing when nobody may make it. */
  const addBy = (kind: string, fix: Fix, who: readonly string[], description: (by: string) => string, cost = 1): void => {
    const by = who[0];
    if (by !== undefined) add(kind, fix, [by], description(actor(room, by)), cost);
  };
  const id = room.spec.id;
  const joiner = serverOf(action.user);
  const knownRooms = [...facts.roomsById.keys()];
  const allowed = [...new Set(room.allow.allowedRooms)];

  if (room.restricted) {
    for (const entry of allowed) {
      if (facts.roomsById.has(entry)) continue;
      const guess = closestMatch(entry, knownRooms);
      if (guess) addBy('fix-allow-entry', { type: 'fix-allow-entry', room: id, from: entry, to: guess }, maySendState(room, 'm.room.join_rules'), (by) => `${by} changes the allow entry ${entry} of ${id} to ${guess}`);
    }
    const raw = room.spec.joinRules.allow;
    if (Array.isArray(raw) && room.allow.ignoredEntries > 0 && raw.some((e) => e !== null && typeof e === 'object' && typeof (e as { room_id?: unknown }).room_id === 'string')) {
      addBy('repair-allow-entries', { type: 'repair-allow-entries', room: id }, maySendState(room, 'm.room.join_rules'), (by) => `${by} gives the allow entries of ${id} type: m.room_membership`);
    }
    const strongest = strongestJoined(room);
    if (strongest && room.authorisers.size === 0) {
      const level = powerOf(room.view, strongest);
      if (level < room.inviteLevel && Number.isFinite(level)) {
        // Rarely possible: moving the invite level needs power of at least the old level, which nobody joined has here.
        addBy('lower-invite-level', { type: 'lower-invite-level', room: id, level }, mayChangeInviteLevel(room, level), (by) => `${by} lowers the invite level of ${id} from ${room.inviteLevel} to ${level}, so ${strongest} may invite`);
      }
    }
    for (const server of room.authorisers.keys()) {
      add('add-via', { type: 'add-via', join: action.id, server }, [action.user], `${action.user} puts ${server} (which can authorise joins into ${id}) first in the via of join ${action.id}`);
    }
    for (const server of room.residents) {
      if (room.authorisers.has(server)) continue;
      const user = joinedUsersOn(room, server)[0];
      if (user) addBy('grant-power', { type: 'grant-power', room: id, user, level: room.inviteLevel }, mayGrantPower(room, user, room.inviteLevel), (by) => `${by} gives ${user} power ${room.inviteLevel} in ${id}, so ${server} can authorise joins`);
    }
    for (const [server, users] of room.authorisers) {
      for (const a of allowed) {
        const allowedRoom = facts.roomsById.get(a);
        // Joining the target room is no way into it (an allow list that names the room itself).
        if (a === id || !allowedRoom || allowedRoom.residents.includes(server)) continue;
        const route = users.map((user) => ({ user, who: whoMustActToJoin(facts, a, user) })).find((r) => r.who !== null && r.who.length > 0);
        if (!route?.who) continue;
        const invited = route.who.length > 1 ? `${route.who[0]} invites ${route.user} to ${a} and ` : '';
        add('join-room:authoriser', { type: 'join-room', room: a, user: route.user }, route.who, `${invited}${route.user} joins ${a}, so ${server} can see who is in the allowed room`);
      }
    }
  }
  if (aclDenial(room.spec.serverAcl ?? null, joiner) !== null) {
    addBy('acl-allow-server', { type: 'acl-allow-server', room: id, server: joiner }, maySendState(room, 'm.room.server_acl'), (by) => `${by} lets ${joiner} through the server ACL of ${id} (drops the deny entries that match it and allows it by name)`);
  }
  const joinerSpec = facts.serversByName.get(joiner);
  if (joinerSpec && !joinerSpec.roomVersions.includes(room.spec.version)) {
    add('support-version', { type: 'support-version', server: joiner, version: room.spec.version }, [adminOf(joiner)], `${adminOf(joiner)} upgrades it to a release that supports room version ${room.spec.version}`);
  }
  for (const by of DELAYS_MS) {
    add('delay-join', { type: 'delay-join', join: action.id, by }, [action.user], `${action.user} tries ${by / 1000} s later (at ${action.at + by} ms), once the servers have caught up`);
  }
  for (const other of scenario.timeline) {
    if (other.at > action.at || (other.do !== 'crash' && other.do !== 'partition' && other.do !== 'leave' && other.do !== 'ban' && other.do !== 'setPowerLevels' && other.do !== 'setJoinRules')) continue;
    add('drop-action', { type: 'drop-action', index: other.index, what: other.do }, [actorOf(other)], `${actorOf(other)} leaves out the ${other.do} at ${other.at} ms (timeline[${other.index}])`);
  }
  if (room.restricted) {
    for (const a of allowed) {
      if (a === id || !facts.roomsById.has(a)) continue;
      const who = whoMustActToJoin(facts, a, action.user);
      if (who === null || who.length === 0) continue;
      const invited = who.length > 1 ? `${who[0]} invites ${action.user} to ${a} and ` : '';
      add('join-room:user', { type: 'join-room', room: a, user: action.user }, who, `${invited}${action.user} joins the allowed room ${a} first`);
    }
  }
  const membership = room.spec.members[action.user];
  if (membership === 'ban') addBy('unban', { type: 'unban', room: id, user: action.user }, mayUnban(room, action.user), (by) => `${by} unbans ${action.user} from ${id}`);
  else if (membership !== 'invite' && membership !== 'join') addBy('invite', { type: 'invite', room: id, user: action.user }, mayInvite(room, action.user), (by) => `${by} invites ${action.user} to ${id}`);
  for (const version of versionCandidates(room.spec.version, room.allow.rule, joinerSpec?.roomVersions ?? [])) {
    addBy('room-version', { type: 'room-version', room: id, version }, maySendState(room, 'm.room.tombstone'), (by) => `${by} upgrades ${id} to room version ${version}`, 2);
  }
  // Fewest people first, then the smallest change, then configuration before workaround.
  return out.sort((a, b) => a.by.length - b.by.length || a.cost - b.cost || a.priority - b.priority);
}

/** Who did a timeline action, so who could have left it out. */
function actorOf(action: Scenario['timeline'][number]): string {
  switch (action.do) {
    case 'crash':
      return adminOf(action.server);
    case 'partition':
      return 'the network';
    case 'leave':
      return action.user;
    case 'ban':
    case 'setPowerLevels':
    case 'setJoinRules':
      return action.sender;
    default:
      return 'whoever did it';
  }
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
