/**
 * The optional settings file of `fedsim import`: what the room state cannot say.
 * Per-server implementation, supported room versions and extra users (e.g. the
 * server of a user who wants to join), defaults for the rest, and optionally a
 * timeline and expectations to put in the scenario as they are.
 *
 *   defaults: { implementation: synapse }
 *   servers:
 *     hs3: { implementation: dendrite, roomVersions: ["9", "10"], users: [dave] }
 *   timeline: [ { at: 1000, do: join, user: "@dave:hs3", room: "!room:hs1", via: [hs2] } ]
 *   notImported: { "!space:hs9": [hs9, hs2] }   # allowed rooms not imported, and servers known to be in them
 */
import { ALL_ROOM_VERSIONS, IMPLEMENTATION_NAMES } from '../scenario/types';
import { isRoomIdShape } from '../scenario/ids';
import { quote } from './read-room-state';

export interface ServerSetting {
  implementation?: string;
  roomVersions?: string[];
  users?: string[];
}

export interface ImportSettings {
  defaults?: ServerSetting;
  servers: Map<string, ServerSetting>;
  timeline?: unknown;
  expect?: unknown;
  /** Allowed rooms whose state is not imported, with the servers known to be in them. */
  notImported: Map<string, string[]>;
}

const TOP_KEYS = ['defaults', 'servers', 'timeline', 'expect', 'notImported'];
const SERVER_KEYS = ['name', 'implementation', 'roomVersions', 'users'];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads parsed settings; every problem goes to `problems` as `source:path: message`. */
export function readSettings(source: string, value: unknown, problems: string[]): ImportSettings {
  const settings: ImportSettings = { servers: new Map(), notImported: new Map() };
  if (value === undefined || value === null) return settings;
  if (!isObject(value)) {
    problems.push(`${source}: expected a map with servers (and optionally defaults, timeline, expect, notImported)`);
    return settings;
  }
  for (const key of Object.keys(value)) if (!TOP_KEYS.includes(key)) problems.push(`${source}:${key}: unknown key; expected one of ${TOP_KEYS.join(', ')}`);
  if (value.defaults !== undefined) settings.defaults = readServer(source, 'defaults', value.defaults, problems, false);
  const servers = value.servers;
  if (Array.isArray(servers)) {
    servers.forEach((entry, i) => {
      const name = isObject(entry) ? entry.name : undefined;
      if (typeof name !== 'string' || name === '') problems.push(`${source}:servers[${i}].name: expected a server name`);
      else settings.servers.set(name, readServer(source, `servers[${i}]`, entry, problems, true));
    });
  } else if (isObject(servers)) {
    for (const [name, entry] of Object.entries(servers)) settings.servers.set(name, readServer(source, `servers.${name}`, entry, problems, false));
  } else if (servers !== undefined) problems.push(`${source}:servers: expected a map from server name to settings, or a list`);
  if (value.notImported !== undefined) readNotImported(source, value.notImported, settings.notImported, problems);
  if (value.timeline !== undefined) settings.timeline = value.timeline;
  if (value.expect !== undefined) settings.expect = value.expect;
  return settings;
}

/** `notImported`: room ID to a list of server names. */
function readNotImported(source: string, value: unknown, out: Map<string, string[]>, problems: string[]): void {
  if (!isObject(value)) {
    problems.push(`${source}:notImported: expected a map from room ID to the servers known to be in that room`);
    return;
  }
  for (const [roomId, servers] of Object.entries(value)) {
    if (!isRoomIdShape(roomId)) problems.push(`${source}:notImported.${quote(roomId)}: expected a room ID (!local:server, or !hash in room version 12)`);
    else if (!Array.isArray(servers) || !servers.every((s) => typeof s === 'string' && s !== '')) problems.push(`${source}:notImported.${quote(roomId)}: expected a list of server names`);
    else out.set(roomId, servers as string[]);
  }
}

function readServer(source: string, path: string, value: unknown, problems: string[], named: boolean): ServerSetting {
  const out: ServerSetting = {};
  if (!isObject(value)) {
    problems.push(`${source}:${path}: expected a map with implementation, roomVersions or users`);
    return out;
  }
  for (const key of Object.keys(value)) {
    if (!SERVER_KEYS.includes(key) || (key === 'name' && !named)) problems.push(`${source}:${path}.${key}: unknown key; expected implementation, roomVersions or users`);
  }
  const { implementation, roomVersions, users } = value;
  if (implementation !== undefined) {
    if (typeof implementation === 'string' && (IMPLEMENTATION_NAMES as readonly string[]).includes(implementation)) out.implementation = implementation;
    else problems.push(`${source}:${path}.implementation: unknown implementation ${quote(implementation)}; expected one of ${IMPLEMENTATION_NAMES.join(', ')}`);
  }
  if (roomVersions !== undefined) {
    const list = Array.isArray(roomVersions) ? roomVersions.map((v) => (typeof v === 'number' ? String(v) : v)) : null;
    const bad = list === null ? [roomVersions] : list.filter((v) => typeof v !== 'string' || !ALL_ROOM_VERSIONS.includes(v));
    if (list === null || bad.length > 0) problems.push(`${source}:${path}.roomVersions: expected a list of room versions (${ALL_ROOM_VERSIONS.join(', ')}), got ${quote(bad[0] ?? roomVersions)}`);
    else out.roomVersions = list as string[];
  }
  if (users !== undefined) {
    if (Array.isArray(users) && users.every((u) => typeof u === 'string' && u !== '' && !u.includes(':') && !u.startsWith('@'))) out.users = users as string[];
    else problems.push(`${source}:${path}.users: expected a list of local parts such as "alice"`);
  }
  return out;
}
