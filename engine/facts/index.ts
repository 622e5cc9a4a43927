/**
 * What the lint rules, the resilience analysis and explain's fix search read: each room's state at t = 0 as every resident holds it
 * (contract: every server with a joined member is resident and has the full
 * state), with the parts that matter for restricted joins worked out once:
 * residents, authorising servers (resident with a joined local user whose power
 * reaches the invite level; reference §4.1), the parsed allow list.
 */
import { powerOf, type PowerSource } from '../matrix/auth-rules';
import { canonicalServerOf, serverOf } from '../matrix/ids';
import { isRestrictedRule, parseJoinRules, type ParsedJoinRules } from '../matrix/join-rules';
import { inviteLevel } from '../matrix/power-levels';
import { roomVersion, supportsJoinRule } from '../matrix/room-versions';
import type { JoinAction, RoomSpec, Scenario, ServerSpec } from '../scenario/types';

export interface RoomFacts {
  spec: RoomSpec;
  /** What power levels depend on (not a full view: the linter reads no memberships through it, and a big federation has a hundred thousand rooms). */
  view: PowerSource;
  allow: ParsedJoinRules;
  /** The join rule as written is restricted or knock_restricted (whether or not the version has it). */
  restricted: boolean;
  /** Servers with a joined member, in name order. */
  residents: string[];
  residentSet: ReadonlySet<string>;
  /** Joined users per server, strongest first (the ones an admin would promote). */
  joinedByServer: Map<string, string[]>;
  /** Resident servers that can authorise joins, each with its authorising users (highest power first). */
  authorisers: Map<string, string[]>;
  inviteLevel: number;
}

export interface LintFacts {
  scenario: Scenario;
  /** Rooms in file order. */
  rooms: RoomFacts[];
  roomsById: Map<string, RoomFacts>;
  serversByName: Map<string, ServerSpec>;
}

export function gatherFacts(scenario: Scenario): LintFacts {
  const rooms = scenario.rooms.map(roomFacts);
  return {
    scenario,
    rooms,
    roomsById: new Map(rooms.map((r) => [r.spec.id, r])),
    serversByName: new Map(scenario.servers.map((s) => [s.name, s])),
  };
}

/** A timeline join with its room's facts and the joining server (the user's). */
export interface TimelineJoin {
  action: JoinAction;
  room: RoomFacts;
  joiner: string;
}

/**
 * The timeline's joins into rooms of the scenario, in timeline order, each with
 * its room's facts and joining server: worked out on first use and kept with
 * `facts`, since several lint rules walk them and a big timeline has a million
 * (each looked its room and server up again before).
 */
export function timelineJoins(facts: LintFacts): readonly TimelineJoin[] {
  let joins = JOINS.get(facts);
  if (joins === undefined) {
    joins = [];
    for (const action of facts.scenario.timeline) {
      if (action.do !== 'join') continue;
      const room = facts.roomsById.get(action.room);
      // Each joining user is looked at once here: its server from the small table of
      // server names, not remembered in serverOf's table of IDs (a million entries).
      if (room !== undefined) joins.push({ action, room, joiner: canonicalServerOf(action.user) });
    }
    JOINS.set(facts, joins);
  }
  return joins;
}

const JOINS = new WeakMap<LintFacts, TimelineJoin[]>();

function roomFacts(spec: RoomSpec): RoomFacts {
  const view: PowerSource = { powerLevels: spec.powerLevels, creator: spec.creator, rules: roomVersion(spec.version), additionalCreators: spec.additionalCreators ?? [] };
  const allow = parseJoinRules(spec.joinRules);
  const authorisers = new Map<string, string[]>();
  const joinedByServer = new Map<string, string[]>();
  // One pass over the members: big rooms have thousands, and rules ask per server.
  for (const [user, membership] of Object.entries(spec.members)) {
    if (membership !== 'join') continue;
    const server = serverOf(user);
    const list = joinedByServer.get(server) ?? [];
    list.push(user);
    joinedByServer.set(server, list);
  }
  // Every server with a joined member is resident at t = 0 (contract), in name order.
  const residents = [...joinedByServer.keys()].sort();
  const level = inviteLevel(spec.powerLevels);
  for (const [server, users] of joinedByServer) {
    users.sort(strongestFirst(view));
    const mayInvite = users.filter((u) => powerOf(view, u) >= level);
    if (mayInvite.length > 0) authorisers.set(server, mayInvite);
  }
  return { spec, view, allow, restricted: isRestrictedRule(allow.rule), residents, residentSet: new Set(residents), joinedByServer, authorisers, inviteLevel: level };
}

function strongestFirst(view: PowerSource): (a: string, b: string) => number {
  return (a, b) => powerOf(view, b) - powerOf(view, a) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The join rule as the room's version reads it: '' for a rule the version does not have (every join needing it is rejected). */
export function effectiveRule(room: RoomFacts): string {
  return supportsJoinRule(room.view.rules, room.allow.rule) ? room.allow.rule : '';
}

/** Joined users of `room` on `server`, strongest first. */
export function joinedUsersOn(room: RoomFacts, server: string): string[] {
  return room.joinedByServer.get(server) ?? [];
}

/** The strongest joined user of `room`, if anyone is joined. */
export function strongestJoined(room: RoomFacts): string | undefined {
  let best: string | undefined;
  for (const users of room.joinedByServer.values()) {
    const top = users[0];
    if (top !== undefined && (best === undefined || strongestFirst(room.view)(top, best) < 0)) best = top;
  }
  return best;
}

/** "hs1, hs2 or hs3" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "hs1, hs2 and hs3" */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
