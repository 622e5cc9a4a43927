/**
 * What the resilience analysis reads: each server's own sight of a room (the
 * parts that decide who may authorise a restricted join, reference §4.1), and
 * where that sight comes from. At t = 0 every resident holds the same state (the
 * scenario contract), so one sight per room serves them all, built from the
 * linter's facts; later in a run each server has its own, possibly stale, view.
 */
import { powerOf, usesAllowList } from '../matrix/auth-rules';
import { inviteLevel } from '../matrix/power-levels';
import { isRestrictedRule } from '../matrix/join-rules';
import { supportsJoinRule } from '../matrix/room-versions';
import type { RoomView } from '../matrix/room-view';
import type { ServerState } from '../federation/server-state';
import type { RoomFacts } from '../facts/index';

/** One room as one server sees it. */
export interface RoomSight {
  /** The join rule takes the allow-list path: restricted or knock_restricted, and the room's version has it. */
  usesAllowList: boolean;
  /** The join rule as written, and the room's version (for advice when the version lacks the rule). */
  joinRule: string;
  version: string;
  /** The valid allowed room IDs, each once, in allow-list order. */
  allowedRooms: readonly string[];
  inviteLevel: number;
  /** Joined users of this room on `server`, highest power first, ties by user ID (the residents' authoriser order). */
  joinedOn(server: string): readonly string[];
  powerOf(user: string): number;
  isJoined(user: string): boolean;
}

/** Where the analysis finds rooms and sights. */
export interface ResilienceInput {
  /** Rooms whose join rule as written is restricted or knock_restricted, in file order. */
  restrictedRooms: readonly string[];
  /** Servers holding `room` (resident), in name order. */
  residentsOf(room: string): readonly string[];
  /** Whether `server` is resident in `room` (one of residentsOf). */
  isResident(room: string, server: string): boolean;
  /** The room's valid allowed rooms, each once: as every resident sees them (they agree at t = 0; later, any resident's), or the file's when no resident is left. */
  allowedRoomsOf(room: string): readonly string[];
  /** How `server` sees `room`, or undefined when it is not resident there. */
  sight(room: string, server: string): RoomSight | undefined;
  /** How the room looks when no resident is left to ask (the scenario's own state). */
  fallbackSight(room: string): RoomSight | undefined;
  /** The implementation `server` runs. */
  implementationOf(server: string): string;
}

/** The sight every resident has of a room at t = 0, from the linter's facts. */
export function sightFromFacts(room: RoomFacts): RoomSight {
  const members = room.spec.members;
  return {
    usesAllowList: room.restricted && supportsJoinRule(room.view.rules, room.allow.rule),
    joinRule: room.allow.rule,
    version: room.spec.version,
    allowedRooms: [...new Set(room.allow.allowedRooms)],
    inviteLevel: room.inviteLevel,
    joinedOn: (server) => room.joinedByServer.get(server) ?? [],
    powerOf: (user) => powerOf(room.view, user),
    isJoined: (user) => Object.prototype.hasOwnProperty.call(members, user) && members[user] === 'join',
  };
}

/** A server's own view of a room during a run. */
export function sightFromView(view: RoomView): RoomSight {
  const level = inviteLevel(view.powerLevels);
  const byPower = (a: string, b: string): number => powerOf(view, b) - powerOf(view, a) || (a < b ? -1 : a > b ? 1 : 0);
  return {
    usesAllowList: usesAllowList(view),
    joinRule: view.joinRules.rule,
    version: view.version,
    allowedRooms: [...new Set(view.joinRules.allowedRooms)],
    inviteLevel: level,
    joinedOn: (server) => view.joinedUsersOf(server).sort(byPower),
    powerOf: (user) => powerOf(view, user),
    isJoined: (user) => view.membership(user) === 'join',
  };
}

/** The input for the state at t = 0, from the linter's facts (no simulation, so as cheap as lint). */
export function inputAtStart(rooms: readonly RoomFacts[], implementationOf: (server: string) => string): ResilienceInput {
  const byId = new Map(rooms.map((r) => [r.spec.id, r]));
  const sights = new Map<string, RoomSight>();
  const sightOf = (room: RoomFacts): RoomSight => {
    let s = sights.get(room.spec.id);
    if (s === undefined) sights.set(room.spec.id, (s = sightFromFacts(room)));
    return s;
  };
  return {
    restrictedRooms: rooms.filter((r) => r.restricted).map((r) => r.spec.id),
    residentsOf: (room) => byId.get(room)?.residents ?? [],
    isResident: (room, server) => byId.get(room)?.residentSet.has(server) ?? false,
    allowedRoomsOf: (room) => {
      const facts = byId.get(room);
      return facts ? sightOf(facts).allowedRooms : [];
    },
    sight: (room, server) => {
      const facts = byId.get(room);
      return facts && facts.residentSet.has(server) ? sightOf(facts) : undefined;
    },
    fallbackSight: (room) => {
      const facts = byId.get(room);
      return facts ? sightOf(facts) : undefined;
    },
    implementationOf,
  };
}

/**
 * The input for the servers' own views partway through a run (`--at T`): a
 * server is resident where it holds a view in which it has a joined user.
 */
export function inputFromServers(rooms: readonly RoomFacts[], servers: ReadonlyMap<string, ServerState>): ResilienceInput {
  const residents = new Map<string, string[]>();
  for (const name of [...servers.keys()].sort()) {
    const server = servers.get(name) as ServerState;
    for (const [roomId, view] of server.views) {
      if (!view.isResident(server.name)) continue;
      const list = residents.get(roomId) ?? [];
      list.push(name);
      residents.set(roomId, list);
    }
  }
  const byId = new Map(rooms.map((r) => [r.spec.id, r]));
  return {
    // A room counts as restricted when its file says so or some resident's view does (a join rule change may be under way).
    restrictedRooms: rooms
      .filter((r) => r.restricted || (residents.get(r.spec.id) ?? []).some((s) => isRestrictedRule(servers.get(s)?.views.get(r.spec.id)?.joinRules.rule ?? '')))
      .map((r) => r.spec.id),
    residentsOf: (room) => residents.get(room) ?? [],
    isResident: (room, server) => servers.get(server)?.views.get(room)?.isResident(server) ?? false,
    allowedRoomsOf: (room) => {
      const out = new Set<string>();
      for (const server of residents.get(room) ?? []) for (const a of servers.get(server)?.views.get(room)?.joinRules.allowedRooms ?? []) out.add(a);
      if ((residents.get(room) ?? []).length === 0) for (const a of byId.get(room)?.allow.allowedRooms ?? []) out.add(a);
      return [...out];
    },
    sight: (room, server) => {
      const view = servers.get(server)?.views.get(room);
      return view && view.isResident(server) ? sightFromView(view) : undefined;
    },
    fallbackSight: (room) => {
      const facts = byId.get(room);
      return facts ? sightFromFacts(facts) : undefined;
    },
    implementationOf: (server) => servers.get(server)?.spec.implementation ?? 'synapse',
  };
}
