/**
 * Room states plus settings to one scenario. Rooms come as they are: creators
 * with their real membership (a creator who left stays left; v12 additional
 * creators are kept), room IDs as given (v12 IDs have no server part), allow
 * lists in the shorthand when they are clean and as raw content when not (so
 * lint can see what is wrong with them). Allowed rooms whose state was not given
 * are recorded as `notImported`, with the servers the settings or the
 * `m.space.*` via lists say are in them. Nothing is invented: no member, no ID.
 * The result is validated like any file.
 */
import { serverOf } from '../matrix/ids';
import { isRestrictedRule } from '../matrix/join-rules';
import { roomVersion } from '../matrix/room-versions';
import { validateScenario } from '../scenario/load';
import { formatProblem } from '../scenario/problems';
import { isRoomIdShape } from '../scenario/ids';
import type { Membership, PowerLevelsContent } from '../scenario/types';
import { quote, readRoomState, type ImportedRoom } from './read-room-state';
import { roomsOfInput } from './room-inputs';
import { readSettings, type ImportSettings } from './server-settings';
import type { ImportOptions, ImportResult, RawScenario, RoomStateInput } from './types';

const JOIN_RULES = ['public', 'invite', 'knock', 'restricted', 'knock_restricted'];

/** Builds a scenario from room state; pure: takes parsed JSON, returns the scenario and every warning. */
export function importScenario(inputs: readonly RoomStateInput[], options: ImportOptions = {}): ImportResult {
  const warnings: string[] = [];
  const problems: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const settings = readSettings(options.settingsSource ?? 'settings', options.settings, problems);
  if (problems.length > 0) return { scenario: null, warnings, problems };

  const byId = new Map<string, { room: ImportedRoom; source: string }>();
  for (const input of inputs) {
    for (const one of roomsOfInput(input, warn)) {
      const room = readRoomState(one.source, one.events, warn, one.roomId);
      if (!room) continue;
      const earlier = byId.get(room.roomId);
      if (earlier) warn(`${one.source}: ${room.roomId} was also in ${earlier.source}; this file's state is used`);
      byId.set(room.roomId, { room, source: one.source });
    }
  }
  const imported = [...byId.values()];
  const rooms: RawScenario[] = [];
  for (const { room, source } of imported) {
    const built = buildRoom(room, source, imported, settings, warn);
    if (built) rooms.push(built);
  }
  if (rooms.length === 0) {
    problems.push(`${inputs.map((i) => i.source).join(', ') || '(no input)'}: no room could be imported`);
    return { scenario: null, warnings, problems };
  }
  warnMissingVia(settings.timeline, imported, options.settingsSource ?? 'settings', warn);
  const scenario: RawScenario = {
    fedsim: 1,
    name: options.name ?? `imported-${String(rooms[0]?.id).slice(1).split(':')[0]?.slice(0, 24)}`,
    description: `Imported by fedsim import from ${inputs.map((i) => i.source).join(', ')}${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'}; see the comments at the top)` : ''}.`,
    ...(settings.defaults ? { defaults: settings.defaults } : {}),
    servers: buildServers(rooms, settings),
    rooms,
    ...(settings.timeline !== undefined ? { timeline: settings.timeline } : {}),
    ...(settings.expect !== undefined ? { expect: settings.expect } : {}),
  };
  const checked = validateScenario(scenario, 'imported scenario');
  if (!checked.ok) {
    // The timeline and expectations come from the settings file as they are, so problems there are its problems.
    const source = options.settingsSource ?? 'settings';
    const located = checked.problems.map((p) => (/^(timeline|expect)\b/.test(p.path) ? { ...p, file: source } : p));
    return { scenario: null, warnings, problems: located.map(formatProblem) };
  }
  return { scenario, warnings, problems };
}

/** How a creator who is not joined stands, in words. */
const NOT_JOINED: Record<string, string> = {
  leave: 'has left',
  ban: 'is banned',
  invite: 'is invited, not joined',
  knock: 'has knocked, not joined',
  none: 'is not a member (no member event; a /sync with lazy-loaded members omits them)',
};

function buildRoom(
  room: ImportedRoom,
  source: string,
  imported: readonly { room: ImportedRoom }[],
  settings: ImportSettings,
  warn: (m: string) => void,
): RawScenario | null {
  const id = room.roomId;
  const [creator, ...extraCreators] = room.creators;
  if (creator === undefined) {
    warn(`${source}: ${id}: the creator is unknown (no usable m.room.create), and a room needs one; room skipped`);
    return null;
  }
  const members: Record<string, Membership> = {};
  for (const [user, membership] of [...room.members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) members[user] = membership;
  if ([...room.members.values()].every((m) => m !== 'join')) warn(`${source}: ${id} has no joined member, so no server holds its state: nobody can join it, nor qualify through it`);
  for (const c of room.creators) {
    const membership = room.members.get(c);
    if (membership === 'join') continue;
    // The format joins a creator it is not told about; the state says this one is not joined, so say so.
    if (membership === undefined) members[c] = 'leave';
    const v12 = roomVersion(room.version).creatorsHaveInfinitePower ? ': a v12 creator who is not joined cannot use its unlimited power' : '';
    warn(`${source}: ${id}: the ${c === creator ? 'creator' : 'additional creator'} ${c} ${NOT_JOINED[membership ?? 'none']}, and is kept so${v12}`);
  }
  let powerLevels = room.powerLevels as PowerLevelsContent | null;
  const listed = extraCreators.filter((c) => powerLevels?.users !== undefined && Object.prototype.hasOwnProperty.call(powerLevels.users, c));
  if (powerLevels && listed.length > 0) {
    // v12 creators have no level, only unlimited power; the format refuses them in users.
    const users = { ...(powerLevels.users ?? {}) };
    for (const c of listed) delete users[c];
    powerLevels = { ...powerLevels, users };
    warn(`${source}: ${id}: additional creators ${listed.join(', ')} are in m.room.power_levels users, which v12 ignores for creators; left out`);
  }
  warnUnlinkedParents(room, source, warn);
  const joinRules = joinRulesFields(room);
  const notImported = isRestrictedRule(String(room.joinRules?.join_rule)) ? notImportedRooms(room, imported, settings) : null;
  return {
    id,
    version: room.version,
    creator,
    ...(extraCreators.length > 0 ? { additionalCreators: extraCreators } : {}),
    ...joinRules,
    ...(powerLevels ? { powerLevels } : {}),
    members,
    ...(room.serverAcl ? { serverAcl: room.serverAcl } : {}),
    ...(notImported ? { notImported } : {}),
  };
}

/**
 * The allowed rooms of `room` whose state was not given, each with the servers
 * believed to be in it: the settings' `notImported`, the `via` of every imported
 * `m.space.parent`/`m.space.child` event that links to it, and the `via` of the
 * allow entry itself (an MSC3083 draft field that rooms made then still carry).
 */
function notImportedRooms(room: ImportedRoom, imported: readonly { room: ImportedRoom }[], settings: ImportSettings): Record<string, string[]> | null {
  const allow = room.joinRules?.allow;
  if (!Array.isArray(allow)) return null;
  const given = new Set(imported.map((i) => i.room.roomId));
  const out: Record<string, string[]> = {};
  for (const entry of allow) {
    const roomId = entry !== null && typeof entry === 'object' ? (entry as { room_id?: unknown }).room_id : undefined;
    if (typeof roomId !== 'string' || !isRoomIdShape(roomId) || given.has(roomId) || roomId in out) continue;
    const servers = new Set(settings.notImported.get(roomId) ?? []);
    const entryVia = (entry as { via?: unknown }).via;
    if (Array.isArray(entryVia)) for (const s of entryVia) if (typeof s === 'string' && s !== '' && !/\s/.test(s)) servers.add(s);
    for (const { room: other } of imported) {
      for (const via of [other.spaceParents.get(roomId), other.spaceChildren.get(roomId)]) for (const s of via ?? []) servers.add(s);
    }
    out[roomId] = [...servers].sort();
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A restricted room whose space parent is not in its allow list: the space's members cannot join through the space. */
function warnUnlinkedParents(room: ImportedRoom, source: string, warn: (m: string) => void): void {
  if (!isRestrictedRule(String(room.joinRules?.join_rule))) return;
  const allow = Array.isArray(room.joinRules?.allow) ? (room.joinRules?.allow as unknown[]) : [];
  const allowed = new Set(allow.map((e) => (e !== null && typeof e === 'object' ? (e as { room_id?: unknown }).room_id : undefined)));
  for (const [parent, via] of room.spaceParents) {
    if (allowed.has(parent)) continue;
    warn(`${source}: ${room.roomId} has the space parent ${parent}${via.length > 0 ? ` (via ${via.join(', ')})` : ''}, which its allow list does not name, so that space's members cannot join through it`);
  }
}

/**
 * Joins of the settings' timeline that give no via, into a room some imported
 * space links with a via list: the servers a client following that link would ask.
 */
function warnMissingVia(timeline: unknown, imported: readonly { room: ImportedRoom }[], source: string, warn: (m: string) => void): void {
  if (!Array.isArray(timeline)) return;
  timeline.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object') return;
    const { do: kind, room, via, id } = item as Record<string, unknown>;
    if (kind !== 'join' || typeof room !== 'string' || (Array.isArray(via) && via.length > 0)) return;
    const servers = new Set<string>();
    for (const { room: other } of imported) for (const s of other.spaceChildren.get(room) ?? []) servers.add(s);
    if (servers.size > 0) warn(`${source}:timeline[${i}]: join ${typeof id === 'string' ? id : `#${i + 1}`} into ${room} gives no via; the space's m.space.child link suggests via: [${[...servers].join(', ')}]`);
  });
}

function joinRulesFields(room: ImportedRoom): RawScenario {
  if (room.joinRules === null) return { joinRule: 'invite' };
  const { join_rule: rule, allow } = room.joinRules;
  const clean =
    typeof rule === 'string' &&
    JOIN_RULES.includes(rule) &&
    (allow === undefined ||
      (Array.isArray(allow) &&
        allow.every((e: unknown) => e !== null && typeof e === 'object' && (e as { type?: unknown }).type === 'm.room_membership' && typeof (e as { room_id?: unknown }).room_id === 'string' && isRoomIdShape((e as { room_id: string }).room_id) && Object.keys(e as object).length === 2)));
  if (!clean) return { joinRules: { ...(rule !== undefined ? { join_rule: rule } : {}), ...(allow !== undefined ? { allow } : {}) } };
  return { joinRule: rule, ...(Array.isArray(allow) ? { allow: allow.map((e) => (e as { room_id: string }).room_id) } : {}) };
}

function buildServers(rooms: RawScenario[], settings: ImportSettings): RawScenario[] {
  const users = new Map<string, Set<string>>();
  const add = (userId: string): void => {
    const server = serverOf(userId);
    const local = userId.slice(1, userId.indexOf(':'));
    let set = users.get(server);
    if (!set) users.set(server, (set = new Set()));
    set.add(local);
  };
  for (const room of rooms) {
    add(room.creator as string);
    for (const c of (room.additionalCreators as string[] | undefined) ?? []) add(c);
    for (const user of Object.keys(room.members as Record<string, string>)) add(user);
  }
  for (const [name, setting] of settings.servers) {
    let set = users.get(name);
    if (!set) users.set(name, (set = new Set()));
    for (const u of setting.users ?? []) set.add(u);
  }
  return [...users.keys()].sort().map((name) => {
    const setting = settings.servers.get(name);
    return {
      name,
      ...(setting?.implementation ? { implementation: setting.implementation } : {}),
      ...(setting?.roomVersions ? { roomVersions: setting.roomVersions } : {}),
      users: [...(users.get(name) ?? [])].sort(),
    };
  });
}

export { quote };
