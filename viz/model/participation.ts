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
import { roomsOf, serverPart, serversOf } from './dataset';
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

interface Change {
  t: number;
  server: string;
  room: string;
  resident?: boolean;
  event?: string;
}

/** Residency and knowledge changes in time order, computed once per dataset. */
const changesCache = new WeakMap<Dataset, Change[]>();

function changesOf(dataset: Dataset): Change[] {
  let changes = changesCache.get(dataset);
  if (changes) return changes;
  changes = [];
  for (const join of dataset.report.joins) {
    if (join.outcome === 'joined') changes.push({ t: join.finishedAt, server: join.joiner ?? serverPart(join.user), room: join.room, resident: true });
  }
  const lastEventByStamp = new Map<string, string>();
  for (const record of dataset.trace) {
    if (record.type === 'forget') changes.push({ t: record.t, server: record.server, room: record.room, resident: false });
    else if (record.type === 'state') {
      const event = `${record.event} ${record.stateKey} ${record.value}`.trim();
      lastEventByStamp.set(`${record.room}\u0000${record.stamp}`, event);
      changes.push({ t: record.t, server: record.server, room: record.room, event });
    } else if (record.type === 'deliver' && record.applied) {
      const event = lastEventByStamp.get(`${record.room}\u0000${record.stamp}`);
      if (event) changes.push({ t: record.t, server: record.to, room: record.room, event });
    }
  }
  // Stable sort keeps trace order for records at the same time.
  changes.sort((a, b) => a.t - b.t);
  changesCache.set(dataset, changes);
  return changes;
}

/**
 * `only`, when given, limits the cells computed to those servers (the rows a view
 * will draw), which keeps scrubbing a 1,000-server run cheap.
 */
export function participationAt(dataset: Dataset, t: number, only?: ReadonlySet<string>): Participation {
  const scenario = dataset.scenario;
  const servers = serversOf(dataset);
  const roomIds = roomsOf(dataset);
  const cells = new Map<string, ParticipationCell>();
  const wanted = (server: string): boolean => !only || only.has(server);
  const cell = (server: string, room: string): ParticipationCell => {
    const key = cellKey(server, room);
    let found = cells.get(key);
    if (!found) cells.set(key, (found = { resident: false, inferred: false, authorising: false, lastEvent: null }));
    return found;
  };
  if (scenario) {
    for (const room of scenario.rooms) {
      const authorising = authorisingServers(room);
      for (const server of residentServers(room)) {
        if (!wanted(server)) continue;
        const c = cell(server, room.id);
        c.resident = true;
        c.authorising = authorising.has(server);
      }
    }
  } else {
    // Without the t = 0 state, a server that answered as a resident (200 or a resident's refusal) was one.
    for (const join of dataset.report.joins) {
      join.attempts.forEach((attempt) => {
        if (attempt.at > t || !wanted(attempt.server)) return;
        const answer = answerOf(attempt);
        if (answer === ANSWER_OK || answer === 'M_UNABLE_TO_AUTHORISE_JOIN' || answer === 'M_UNABLE_TO_GRANT_JOIN') {
          const c = cell(attempt.server, join.room);
          c.resident = true;
          c.inferred = true;
          if (answer === ANSWER_OK && attempt.step === 'make_join' && join.authorisedBy) c.authorising = true;
        }
      });
    }
  }
  for (const change of changesOf(dataset)) {
    if (change.t > t) break;
    if (!wanted(change.server)) continue;
    const c = cell(change.server, change.room);
    if (change.resident !== undefined) {
      c.resident = change.resident;
      if (!change.resident) c.authorising = false;
    }
    if (change.event) c.lastEvent = change.event;
  }
  return { servers, rooms: roomsInfo(scenario, roomIds, dataset.report.lint), cells, known: scenario !== null };
}

function roomsInfo(scenario: Scenario | null, roomIds: string[], lint: readonly LintFinding[]): ParticipationRoom[] {
  const rooms = roomIds.map((id): ParticipationRoom => {
    const spec = scenario?.rooms.find((r) => r.id === id);
    const parsed = spec ? parseJoinRules(spec.joinRules) : null;
    const restricted = parsed ? parsed.rule === 'restricted' || parsed.rule === 'knock_restricted' : false;
    return { id, restricted, allows: restricted && parsed ? parsed.allowedRooms : [], allowedBy: [], lint: lint.filter((f) => f.room === id) };
  });
  const byId = new Map(rooms.map((r) => [r.id, r]));
  for (const room of rooms) for (const allowed of room.allows) byId.get(allowed)?.allowedBy.push(room.id);
  return rooms;
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
