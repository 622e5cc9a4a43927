/**
 * One room's state events (a GET /rooms/{roomId}/state array; see room-inputs.ts
 * for the other shapes) to the room as the scenario format has it: version
 * (m.room.create content.room_version, default "1"), creators (the create event's
 * sender from v11, content.creator before; in v12 also additional_creators), join
 * rules, power levels, every membership, and the `m.space.child`/`m.space.parent`
 * links with their `via` lists (servers believed to be in the linked room).
 * Real data is messy: unknown event types are skipped, redacted events (content
 * stripped to what the redaction algorithm keeps) and missing fields are coped
 * with, and everything that could not be used becomes a warning.
 */
import { ROOM_VERSIONS } from '../matrix/room-versions';
import { parseRoomId, parseUserId } from '../scenario/ids';
import type { ServerAclContent } from '../matrix/server-acl';
import type { Membership } from '../scenario/types';

export interface ImportedRoom {
  roomId: string;
  version: string;
  /** The creators in order (the v12 additional creators after the first), as the events say. */
  creators: string[];
  joinRules: Record<string, unknown> | null;
  powerLevels: Record<string, unknown> | null;
  /** `m.room.server_acl` content with only well-formed fields, or null when the room has none. */
  serverAcl: ServerAclContent | null;
  members: Map<string, Membership>;
  /** `m.space.parent` and `m.space.child` state: linked room ID to its `via` servers (links without a via list are removed links). */
  spaceParents: Map<string, string[]>;
  spaceChildren: Map<string, string[]>;
}

const MEMBERSHIPS: readonly string[] = ['join', 'invite', 'leave', 'ban', 'knock'];
const USED_TYPES = new Set(['m.room.create', 'm.room.join_rules', 'm.room.power_levels', 'm.room.member', 'm.room.server_acl', 'm.space.parent', 'm.space.child']);
const LEVEL_KEYS = ['ban', 'invite', 'kick', 'redact', 'state_default', 'events_default', 'users_default'];
/** Unstable room versions seen in the wild, mapped to the stable version they became. */
const UNSTABLE_VERSIONS: Record<string, string> = { 'org.matrix.msc3787': '10', 'org.matrix.msc3083.v2': '8', 'org.matrix.hydra.11': '12' };
/** A room with more state events than this is not a room a person administers; refuse it rather than grind. */
export const MAX_EVENTS = 1_000_000;

/** Keeps text from a file safe to quote in a warning or a YAML comment: one line, bounded. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 77)}...` : clean);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface StateEvent {
  index: number;
  type: string;
  stateKey: string;
  sender: unknown;
  content: Record<string, unknown>;
  roomId: unknown;
}

/**
 * The room in `events`, or null (with a warning) when nothing usable is there.
 * `roomId`, when known from outside (a /sync response's key, --room-id), names the
 * room whatever the events say, and lets events without `room_id` be read.
 */
export function readRoomState(source: string, events: unknown, warn: (message: string) => void, roomId?: string): ImportedRoom | null {
  if (!Array.isArray(events)) {
    warn(`${source}: expected a JSON array of state events (GET /rooms/{roomId}/state), got ${isObject(events) ? 'an object' : typeof events}; file skipped`);
    return null;
  }
  if (events.length > MAX_EVENTS) {
    warn(`${source}: ${events.length} events is more than fedsim imports (${MAX_EVENTS}); file skipped`);
    return null;
  }
  const state = new Map<string, StateEvent>();
  const unused = new Map<string, number>();
  events.forEach((raw: unknown, index) => {
    if (!isObject(raw)) return warn(`${source}:[${index}]: not an event object; ignored`);
    const { type, state_key: stateKey } = raw;
    if (typeof type !== 'string') return warn(`${source}:[${index}]: event without a string type; ignored`);
    if (typeof stateKey !== 'string') return warn(`${source}:[${index}]: ${quote(type)} has no state_key, so it is not state; ignored`);
    if (!USED_TYPES.has(type)) {
      unused.set(type, (unused.get(type) ?? 0) + 1);
      return;
    }
    const key = `${type}|${stateKey}`;
    if (state.has(key)) warn(`${source}:[${index}]: a second ${type} for state key ${quote(stateKey)}; the later one is used`);
    // A redacted event may have lost its content entirely; treat that as empty content.
    state.set(key, { index, type, stateKey, sender: raw.sender, content: isObject(raw.content) ? raw.content : {}, roomId: raw.room_id });
  });
  if (unused.size > 0) {
    const list = [...unused].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${quote(t).slice(1, -1)}${n > 1 ? ` ×${n}` : ''}`);
    warn(`${source}: not used (fedsim models no such state): ${list.join(', ')}`);
  }
  const create = state.get('m.room.create|');
  const found = roomId ?? findRoomId(source, create, state, warn);
  if (found === null) return null;
  return readRoom(source, found, create, state, warn);
}

function readRoom(source: string, roomId: string, create: StateEvent | undefined, state: Map<string, StateEvent>, warn: (m: string) => void): ImportedRoom {
  const version = readVersion(source, create, warn);
  const creators = readCreators(source, create, version, warn);
  const members = new Map<string, Membership>();
  for (const event of state.values()) {
    if (event.type !== 'm.room.member') continue;
    if (parseUserId(event.stateKey) === undefined) {
      warn(`${source}:[${event.index}]: member event for ${quote(event.stateKey)}, which is not a user ID; ignored`);
      continue;
    }
    const membership = event.content.membership;
    if (typeof membership !== 'string' || !MEMBERSHIPS.includes(membership)) {
      warn(`${source}:[${event.index}]: member event for ${event.stateKey} ${membership === undefined ? "has no membership (a redacted event that lost it?)" : `has membership ${quote(membership)}`}; ignored`);
      continue;
    }
    members.set(event.stateKey, membership as Membership);
  }
  const joinRulesEvent = state.get('m.room.join_rules|');
  const joinRules = joinRulesEvent ? pickJoinRules(joinRulesEvent.content) : null;
  if (!joinRulesEvent) warn(`${source}: ${roomId} has no m.room.join_rules; without one only invited users may join, so it is imported as invite`);
  const powerEvent = state.get('m.room.power_levels|');
  const powerLevels = powerEvent ? readPowerLevels(source, powerEvent, warn) : null;
  if (!powerEvent) warn(`${source}: ${roomId} has no m.room.power_levels; the spec defaults apply (creator 100, everyone else 0, invite 0)`);
  const aclEvent = state.get('m.room.server_acl|');
  const serverAcl = aclEvent ? readServerAcl(source, aclEvent.content, warn) : null;
  return { roomId, version, creators, joinRules, powerLevels, serverAcl, members, spaceParents: spaceLinks(state, 'm.space.parent'), spaceChildren: spaceLinks(state, 'm.space.child') };
}

/** Space links of one type: state key (the linked room) to its via servers; an event without a via list is a removed link. */
function spaceLinks(state: Map<string, StateEvent>, type: string): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const event of state.values()) {
    if (event.type !== type || !event.stateKey.startsWith('!')) continue;
    const via = event.content.via;
    if (!Array.isArray(via)) continue;
    links.set(event.stateKey, via.filter((v): v is string => typeof v === 'string' && v !== '' && !/[\s]/.test(v)));
  }
  return links;
}

/** The usable parts of `m.room.server_acl`: string globs and a boolean; anything else is dropped with a warning. */
function readServerAcl(source: string, content: Record<string, unknown>, warn: (m: string) => void): ServerAclContent {
  const acl: ServerAclContent = {};
  for (const key of ['allow', 'deny'] as const) {
    const raw = content[key];
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) {
      warn(`${source}: m.room.server_acl ${key} is not a list; treated as empty`);
      acl[key] = [];
      continue;
    }
    const globs = raw.filter((g): g is string => typeof g === 'string');
    if (globs.length < raw.length) warn(`${source}: m.room.server_acl ${key}: ${raw.length - globs.length} entries that are not strings ignored`);
    acl[key] = globs;
  }
  if (typeof content.allow_ip_literals === 'boolean') acl.allow_ip_literals = content.allow_ip_literals;
  return acl;
}

function findRoomId(source: string, create: StateEvent | undefined, state: Map<string, StateEvent>, warn: (m: string) => void): string | null {
  const ids = new Map<string, number>();
  for (const event of state.values()) if (typeof event.roomId === 'string') ids.set(event.roomId, (ids.get(event.roomId) ?? 0) + 1);
  const fromCreate = typeof create?.roomId === 'string' ? create.roomId : undefined;
  const byCount = [...ids].sort((a, b) => b[1] - a[1])[0]?.[0];
  const roomId = fromCreate ?? byCount;
  if (roomId === undefined) {
    warn(`${source}: no event names its room_id, so the room cannot be identified (give it with --room-id); file skipped`);
    return null;
  }
  if (ids.size > 1) warn(`${source}: events name ${ids.size} different rooms; using ${quote(roomId)} and importing the rest as if they were its state`);
  if (!roomId.startsWith('!')) {
    warn(`${source}: room_id ${quote(roomId)} is not a room ID; file skipped`);
    return null;
  }
  return roomId;
}

function readVersion(source: string, create: StateEvent | undefined, warn: (m: string) => void): string {
  if (!create) {
    warn(`${source}: no m.room.create event; assuming room version 1, as the spec does without one`);
    return '1';
  }
  const raw = create.content.room_version;
  if (raw === undefined) return '1';
  if (typeof raw !== 'string') {
    warn(`${source}: m.room.create room_version ${quote(raw)} is not a string; assuming 1`);
    return '1';
  }
  if (ROOM_VERSIONS.has(raw)) return raw;
  const mapped = UNSTABLE_VERSIONS[raw];
  if (mapped !== undefined) {
    warn(`${source}: unstable room version ${quote(raw)} is imported as ${mapped}, the stable version it became`);
    return mapped;
  }
  warn(`${source}: room version ${quote(raw)} is unknown to fedsim; imported as 10`);
  return '10';
}

function readCreators(source: string, create: StateEvent | undefined, version: string, warn: (m: string) => void): string[] {
  if (!create) return [];
  const rules = ROOM_VERSIONS.get(version);
  const out: string[] = [];
  const add = (value: unknown, what: string): void => {
    if (typeof value === 'string' && parseUserId(value) !== undefined) {
      if (!out.includes(value)) out.push(value);
    } else warn(`${source}: ${what} ${quote(value ?? null)} is not a user ID; ignored`);
  };
  // Since v11 the creator is the create event's sender; before, content.creator (redaction keeps it).
  if (rules?.creatorIsCreateEventSender) add(create.sender, 'm.room.create sender');
  else if (create.content.creator !== undefined) add(create.content.creator, 'm.room.create content.creator');
  else {
    warn(`${source}: m.room.create has no content.creator (redacted?); its sender is taken as the creator`);
    add(create.sender, 'm.room.create sender');
  }
  // Since v12, additional_creators are creators too.
  if (rules?.creatorsHaveInfinitePower && Array.isArray(create.content.additional_creators)) {
    for (const extra of create.content.additional_creators) add(extra, 'additional creator');
  }
  return out;
}

/** `join_rule` and `allow` only: other keys mean nothing to the auth rules. */
function pickJoinRules(content: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (content.join_rule !== undefined) out.join_rule = content.join_rule;
  if (content.allow !== undefined) out.allow = content.allow;
  return out;
}

/** An integer level from a number or, as room versions before 10 allow, a numeric string. */
function level(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d{1,15}\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

function readPowerLevels(source: string, event: StateEvent, warn: (m: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(event.content)) {
    if (LEVEL_KEYS.includes(key)) {
      const n = level(value);
      if (n === undefined) dropped.push(`${key} ${quote(value)}`);
      else out[key] = n;
    } else if (key === 'users' || key === 'events' || key === 'notifications') {
      if (!isObject(value)) {
        dropped.push(key);
        continue;
      }
      const map: Record<string, number> = {};
      for (const [name, raw] of Object.entries(value)) {
        const n = level(raw);
        if (n === undefined || (key === 'users' && parseUserId(name) === undefined)) dropped.push(`${key}.${quote(name).slice(1, -1)}`);
        else map[name] = n;
      }
      out[key] = map;
    } else dropped.push(key);
  }
  if (dropped.length > 0) warn(`${source}: m.room.power_levels: not used: ${dropped.slice(0, 10).join(', ')}${dropped.length > 10 ? `, and ${dropped.length - 10} more` : ''}`);
  return out;
}

/** Whether `id` has the `!local:server` shape the scenario format needs. */
export function hasServerPart(id: string): boolean {
  return parseRoomId(id) !== undefined;
}
