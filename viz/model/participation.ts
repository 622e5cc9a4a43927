/**
 * The participation matrix at time t: which server is resident in which room,
 * which residents are authorising servers of restricted rooms (a joined local user
 * with power >= invite), which rooms other rooms allow, and the lint findings.
 * Residency starts from the scenario's t = 0 state and follows the trace: a join
 * accepted makes the joiner resident, a 'forget' record ends residency, and
 * 'state'/'deliver' records say which membership event each server last learnt.
 */
import { parseJoinRules, roomVersion, userPowerLevel, type LintFinding, type RoomSpec, type Scenario } from '../../engine/index';
import type { Dataset } from './dataset';
import { digestOf, roomsOf, serverPart, serversOf } from './dataset';
import { ANSWER_OK, answerOf } from './answers';

export interface ParticipationCell {
  resident: boolean;
  /** True when residency is inferred from answers because no scenario was loaded. */
  inferred: boolean;
  authorising: boolean;
  /** The last state event this server learnt for the room by t ("m.room.member @u:hs join"). */
  lastEvent: string | null;
}

export interface ParticipationRoom {
  id: string;
  restricted: boolean;
  /** Rooms this room's allow list names. */
  allows: string[];
  /** Restricted rooms whose allow list names this room. */
  allowedBy: string[];
  lint: LintFinding[];
}

export interface Participation {
  servers: string[];
  rooms: ParticipationRoom[];
  cells: Map<string, ParticipationCell>;
  /** True when the scenario was loaded (otherwise residency is inferred from answers). */
  known: boolean;
}

export function cellKey(server: string, room: string): string {
  return `${server}\u0000${room}`;
}

/**
 * `only` and `onlyRooms`, when given, limit the cells computed to those servers
 * and rooms (what a view will draw), which keeps scrubbing a 1,000-server run
 * cheap: the work is the shown servers' own changes, found through the
 * digest's per-server index.
 */
export function participationAt(dataset: Dataset, t: number, only?: ReadonlySet<string>, onlyRooms?: ReadonlySet<string>): Participation {
  const servers = serversOf(dataset);
  const cells = new Map<string, ParticipationCell>();
  const cell = (server: string, room: string): ParticipationCell => {
    const key = cellKey(server, room);
    let found = cells.get(key);
    if (!found) cells.set(key, (found = { resident: false, inferred: false, authorising: false, lastEvent: null }));
    return found;
  };
  const initial = initialResidencyOf(dataset);
  for (const server of only ?? initial.keys()) {
    for (const entry of initial.get(server) ?? []) {
      if (entry.since > t || (onlyRooms && !onlyRooms.has(entry.room))) continue;
      const c = cell(server, entry.room);
      c.resident = true;
      c.inferred = entry.inferred;
      c.authorising = entry.authorising;
    }
  }
  const log = digestOf(dataset).changes;
  const apply = (i: number): void => {
    const c = cell(log.servers[log.server[i] as number] as string, log.rooms[log.room[i] as number] as string);
    const resident = log.resident[i] as number;
    if (resident >= 2) {
      c.resident = true;
      c.inferred = true;
      if (resident === 3) c.authorising = true;
    } else if (resident >= 0) {
      c.resident = resident === 1;
      if (!c.resident) c.authorising = false;
    }
    const event = log.event[i] as number;
    if (event >= 0) c.lastEvent = log.events[event] as string;
  };
  // Applies one cell's changes up to t: they are one run in `order`, in time order.
  const applyRun = (from: number, to: number, room: number): void => {
    for (let k = from; k < to; k++) {
      const i = log.order[k] as number;
      if ((log.room[i] as number) !== room || (log.t[i] as number) > t) return;
      apply(i);
    }
  };
  if (only) {
    const ids = idsOf(log.servers);
    const roomIds = onlyRooms ? [...onlyRooms].map((room) => idsOf(log.rooms).get(room)).filter((id): id is number => id !== undefined) : null;
    for (const server of only) {
      const s = ids.get(server);
      if (s === undefined) continue;
      const from = log.start[s] as number;
      const to = log.start[s + 1] as number;
      if (roomIds) for (const room of roomIds) applyRun(firstOfRoom(log, from, to, room), to, room);
      else for (let k = from; k < to; k++) if ((log.t[log.order[k] as number] as number) <= t) apply(log.order[k] as number);
    }
  } else for (let i = 0; i < log.t.length && (log.t[i] as number) <= t; i++) apply(i);
  return { servers, rooms: roomsInfoOf(dataset), cells, known: dataset.scenario !== null };
}

/** The first position in order[from..to) whose change is about `room` or a later room (binary search). */
function firstOfRoom(log: { order: Int32Array; room: Int32Array }, from: number, to: number, room: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((log.room[log.order[mid] as number] as number) < room) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const idCache = new WeakMap<readonly string[], Map<string, number>>();

/** name -> position, once per names array. */
function idsOf(names: readonly string[]): Map<string, number> {
  let ids = idCache.get(names);
  if (!ids) idCache.set(names, (ids = new Map(names.map((name, i) => [name, i]))));
  return ids;
}

interface InitialEntry {
  room: string;
  authorising: boolean;
  inferred: boolean;
  /** When residency is first known: 0 from the scenario; the first resident answer when inferred. */
  since: number;
}

const initialCache = new WeakMap<Dataset, Map<string, InitialEntry[]>>();

/** Residency at t = 0 by server, from the scenario, once per run. */
function initialResidencyOf(dataset: Dataset): Map<string, InitialEntry[]> {
  let byServer = initialCache.get(dataset);
  if (byServer) return byServer;
  byServer = new Map();
  const add = (server: string, entry: InitialEntry): void => {
    const list = byServer?.get(server);
    if (list) list.push(entry);
    else byServer?.set(server, [entry]);
  };
  if (dataset.scenario) {
    for (const room of dataset.scenario.rooms) {
      const authorising = authorisingServers(room);
      for (const server of residentServers(room)) add(server, { room: room.id, authorising: authorising.has(server), inferred: false, since: 0 });
    }
  }
  // Without a scenario, residency inferred from answers comes with the digest's changes.
  initialCache.set(dataset, byServer);
  return byServer;
}

const roomsCache = new WeakMap<Dataset, ParticipationRoom[]>();

/** Room headers (restricted, allows, allowed by, lint), once per run, with Maps for the lookups. */
export function roomsInfoOf(dataset: Dataset): ParticipationRoom[] {
  let rooms = roomsCache.get(dataset);
  if (rooms) return rooms;
  const specs = new Map((dataset.scenario?.rooms ?? []).map((r) => [r.id, r]));
  const lint = lintByRoom(dataset.report.lint);
  rooms = roomsOf(dataset).map((id): ParticipationRoom => {
    const spec = specs.get(id);
    const parsed = spec ? parseJoinRules(spec.joinRules) : null;
    const restricted = parsed ? parsed.rule === 'restricted' || parsed.rule === 'knock_restricted' : false;
    return { id, restricted, allows: restricted && parsed ? parsed.allowedRooms : [], allowedBy: [], lint: lint.get(id) ?? [] };
  });
  const byId = new Map(rooms.map((r) => [r.id, r]));
  for (const room of rooms) for (const allowed of room.allows) byId.get(allowed)?.allowedBy.push(room.id);
  roomsCache.set(dataset, rooms);
  return rooms;
}

const lintCache = new WeakMap<readonly LintFinding[], Map<string, LintFinding[]>>();

/** Lint findings by the room they are about, once per run. */
export function lintByRoom(lint: readonly LintFinding[]): Map<string, LintFinding[]> {
  let byRoom = lintCache.get(lint);
  if (byRoom) return byRoom;
  byRoom = new Map();
  for (const finding of lint) {
    if (finding.room === null) continue;
    const list = byRoom.get(finding.room);
    if (list) list.push(finding);
    else byRoom.set(finding.room, [finding]);
  }
  lintCache.set(lint, byRoom);
  return byRoom;
}

function residentServers(room: RoomSpec): Set<string> {
  const servers = new Set<string>();
  for (const [user, membership] of Object.entries(room.members)) if (membership === 'join') servers.add(serverPart(user));
  return servers;
}

/**
 * Servers with a joined local user whose power level reaches the room's `invite`
 * level; a creator counts only while joined (in v12 with unlimited power).
 */
export function authorisingServers(room: RoomSpec): Set<string> {
  const parsed = parseJoinRules(room.joinRules);
  const servers = new Set<string>();
  if (parsed.rule !== 'restricted' && parsed.rule !== 'knock_restricted') return servers;
  const pl = room.powerLevels;
  const invite = typeof pl.invite === 'number' ? pl.invite : 0;
  const rules = roomVersion(room.version);
  for (const [user, membership] of Object.entries(room.members)) {
    if (membership !== 'join') continue;
    const power = userPowerLevel(pl, user, room.creator, rules, room.additionalCreators);
    if (power >= invite) servers.add(serverPart(user));
  }
  return servers;
}
