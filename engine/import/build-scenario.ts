/**
 * Room states plus settings to one scenario: rooms with a creator joined at t = 0
 * (the contract needs one), allow lists in the shorthand when they are clean and
 * as raw content when not (so lint can see what is wrong with them), and the
 * servers and users the memberships imply. The result is validated like any file.
 */
import { powerOf } from '../matrix/auth-rules';
import { serverOf } from '../matrix/ids';
import { RoomView } from '../matrix/room-view';
import { validateScenario } from '../scenario/load';
import { formatProblem } from '../scenario/problems';
import type { Membership, PowerLevelsContent } from '../scenario/types';
import { hasServerPart, quote, readRoomState, type ImportedRoom } from './read-room-state';
import { readSettings, type ImportSettings } from './server-settings';
import type { ImportOptions, ImportResult, RawScenario, RoomStateInput } from './types';

const JOIN_RULES = ['public', 'invite', 'knock', 'restricted', 'knock_restricted'];

/** Builds a scenario from room state arrays; pure: takes parsed JSON, returns the scenario and every warning. */
export function importScenario(inputs: readonly RoomStateInput[], options: ImportOptions = {}): ImportResult {
  const warnings: string[] = [];
  const problems: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const settings = readSettings(options.settingsSource ?? 'settings', options.settings, problems);
  if (problems.length > 0) return { scenario: null, warnings, problems };

  const byId = new Map<string, { room: ImportedRoom; source: string }>();
  for (const input of inputs) {
    const room = readRoomState(input.source, input.events, warn);
    if (!room) continue;
    const earlier = byId.get(room.roomId);
    if (earlier) warn(`${input.source}: ${room.roomId} was also in ${earlier.source}; this file's state is used`);
    byId.set(room.roomId, { room, source: input.source });
  }
  const idMap = mapRoomIds([...byId.values()], warn);
  const rooms: RawScenario[] = [];
  for (const { room, source } of byId.values()) {
    const built = buildRoom(room, source, idMap, warn);
    if (built) rooms.push(built);
  }
  if (rooms.length === 0) {
    problems.push(`${inputs.map((i) => i.source).join(', ') || '(no input)'}: no room could be imported`);
    return { scenario: null, warnings, problems };
  }
  const scenario: RawScenario = {
    fedsim: 1,
    name: options.name ?? `imported-${String(rooms[0]?.id).slice(1).split(':')[0]}`,
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

/**
 * Room IDs need a server part in the scenario format; v12 room IDs have none
 * (they are hashes), so they get their creator's server, and every allow entry
 * naming them is rewritten to match.
 */
function mapRoomIds(rooms: { room: ImportedRoom; source: string }[], warn: (m: string) => void): Map<string, string> {
  const map = new Map<string, string>();
  for (const { room, source } of rooms) {
    if (hasServerPart(room.roomId)) continue;
    const server = room.creators[0] ? serverOf(room.creators[0]) : 'imported';
    const mapped = `${room.roomId}:${server}`;
    warn(`${source}: room ID ${room.roomId} has no server part (a v12 room ID); it is written as ${mapped}`);
    map.set(room.roomId, mapped);
  }
  return map;
}

function buildRoom(room: ImportedRoom, source: string, idMap: Map<string, string>, warn: (m: string) => void): RawScenario | null {
  const id = idMap.get(room.roomId) ?? room.roomId;
  const joined = [...room.members].filter(([, m]) => m === 'join').map(([u]) => u);
  if (joined.length === 0) {
    warn(`${source}: ${id} has no joined member, so no server holds its state; room skipped`);
    return null;
  }
  const powerLevels = { ...(room.powerLevels ?? {}) } as PowerLevelsContent;
  const extraCreators = room.creators.slice(1);
  if (extraCreators.length > 0) {
    // The format has one creator; v12's other creators keep their unlimited power as the largest level there is.
    powerLevels.users = { ...(powerLevels.users ?? {}) };
    for (const c of extraCreators) powerLevels.users[c] = Number.MAX_SAFE_INTEGER;
    warn(`${source}: ${id} has additional creators (${extraCreators.join(', ')}); fedsim has one creator per room, so they get power ${Number.MAX_SAFE_INTEGER} instead`);
  }
  const creator = pickCreator(room, id, joined, powerLevels, source, warn);
  const members: Record<string, Membership> = {};
  for (const [user, membership] of [...room.members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) members[user] = membership;
  return {
    id,
    version: room.version,
    creator,
    ...joinRulesFields(room, idMap),
    ...(room.powerLevels || extraCreators.length > 0 ? { powerLevels } : {}),
    members,
    ...(room.serverAcl ? { serverAcl: room.serverAcl } : {}),
  };
}

/** The real creator when joined; otherwise the strongest joined member stands in (the contract needs a joined creator). */
function pickCreator(room: ImportedRoom, id: string, joined: string[], powerLevels: PowerLevelsContent, source: string, warn: (m: string) => void): string {
  const real = room.creators[0];
  if (real !== undefined && room.members.get(real) === 'join') return real;
  const view = new RoomView(id, room.version, real ?? '', {}, powerLevels);
  const standIn = [...joined].sort((a, b) => powerOf(view, b) - powerOf(view, a) || (a < b ? -1 : 1))[0] as string;
  const why = real === undefined ? 'the creator is unknown' : `the creator ${real} is ${room.members.get(real) ?? 'not a member'}`;
  const v12 = view.rules.creatorsHaveInfinitePower ? '; in this v12 room that gives the stand-in unlimited power, which the real room does not have' : '';
  warn(`${source}: ${id}: ${why}, and fedsim needs the creator joined, so ${standIn} stands in as creator${v12}`);
  return standIn;
}

function joinRulesFields(room: ImportedRoom, idMap: Map<string, string>): RawScenario {
  if (room.joinRules === null) return { joinRule: 'invite' };
  const { join_rule: rule, allow } = room.joinRules;
  const mappedAllow = Array.isArray(allow)
    ? allow.map((entry: unknown) => {
        if (entry === null || typeof entry !== 'object') return entry;
        const roomId = (entry as { room_id?: unknown }).room_id;
        return typeof roomId === 'string' && idMap.has(roomId) ? { ...(entry as object), room_id: idMap.get(roomId) } : entry;
      })
    : allow;
  const clean =
    typeof rule === 'string' &&
    JOIN_RULES.includes(rule) &&
    (mappedAllow === undefined ||
      (Array.isArray(mappedAllow) &&
        mappedAllow.every((e: unknown) => e !== null && typeof e === 'object' && (e as { type?: unknown }).type === 'm.room_membership' && typeof (e as { room_id?: unknown }).room_id === 'string' && hasServerPart((e as { room_id: string }).room_id) && Object.keys(e as object).length === 2)));
  if (!clean) return { joinRules: { ...(rule !== undefined ? { join_rule: rule } : {}), ...(mappedAllow !== undefined ? { allow: mappedAllow } : {}) } };
  return { joinRule: rule, ...(Array.isArray(mappedAllow) ? { allow: mappedAllow.map((e) => (e as { room_id: string }).room_id) } : {}) };
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
