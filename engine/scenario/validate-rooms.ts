/**
 * The `rooms` section (scenario-format.md, "Rooms"): each room's state at t = 0.
 * Expands the `joinRule`/`allow` shorthand into `m.room.join_rules` content, fills
 * in the default version and power levels, and joins the creator unless `members`
 * says otherwise (a creator who left is common in real rooms).
 */

import type { Checker, Reader } from './check';
import {
  checkKeys,
  readEnum,
  readList,
  readListOf,
  readObject,
  readBoolean,
  readNonEmptyString,
  readOptional,
  readRequired,
  readString,
  report,
  reportDuplicate,
} from './check';
import type { Directory } from './directory';
import { checkKnownUser, readKnownUser } from './directory';
import { isServerlessRoomId, readRoomId, readUserId } from './ids';
import { getOwn, hasOwn, isRawObject, setOwn } from './own';
import type { RawObject } from './own';
import { childPath } from './path';
import { readRoomVersion } from './room-versions';
import { roomVersion } from '../matrix/room-versions';
import type { JoinRulesContent, Membership, PowerLevelsContent, RoomSpec, ServerAclContent } from './types';
import { DEFAULT_ROOM_VERSION } from './types';
import { readPowerLevels } from './validate-power-levels';
import { FORMAT_KEYS } from './format-keys';

const ROOM_KEYS = FORMAT_KEYS.room;
const SERVER_ACL_KEYS = FORMAT_KEYS.serverAcl;
export const JOIN_RULES = ['public', 'invite', 'knock', 'restricted', 'knock_restricted'] as const;
export const MEMBERSHIPS: readonly Membership[] = ['join', 'invite', 'leave', 'ban', 'knock'];

const readJoinRule = readEnum(JOIN_RULES);
const readMembership = readEnum(MEMBERSHIPS);
const readAllow = readListOf(readRoomId);

/**
 * Raw join rules content. Only its shape as an object is checked: malformed allow
 * lists are part of what scenarios model, and the engine ignores bad entries the
 * way servers do (scenario-format.md, under "Timeline").
 */
export const readJoinRulesContent: Reader<JoinRulesContent> = (c, value, path) => readObject(c, value, path);

/** `rooms`; records each room ID in `dir`. Needs the servers already in `dir`. */
export function validateRooms(c: Checker, raw: unknown, path: string, dir: Directory): RoomSpec[] {
  const list = readList(c, raw, path);
  if (list === undefined) {
    dir.roomsComplete = false;
    return [];
  }
  // Room IDs first, so the directory is whole before anything refers to it.
  const firstAt = new Map<string, string>();
  const ids = list.map((item, i) => recordRoomId(c, item, childPath(path, i), dir, firstAt));
  const rooms: RoomSpec[] = [];
  list.forEach((item, i) => {
    const room = validateRoom(c, item, childPath(path, i), dir, ids[i]);
    if (room !== undefined) rooms.push(room);
  });
  return rooms;
}

/** Reads a room's `id` into `dir`; undefined if unreadable or taken. */
function recordRoomId(
  c: Checker,
  item: unknown,
  path: string,
  dir: Directory,
  firstAt: Map<string, string>,
): string | undefined {
  if (!isRawObject(item) || !hasOwn(item, 'id')) return undefined; // reported by validateRoom
  const idPath = childPath(path, 'id');
  const id = readRoomId(c, getOwn(item, 'id'), idPath);
  if (id === undefined) return undefined;
  const first = firstAt.get(id);
  if (first !== undefined) {
    reportDuplicate(c, idPath, 'room ID', id, first);
    return undefined;
  }
  firstAt.set(id, idPath);
  dir.rooms.add(id);
  return id;
}

function validateRoom(c: Checker, raw: unknown, path: string, dir: Directory, id: string | undefined): RoomSpec | undefined {
  const object = readObject(c, raw, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, ROOM_KEYS);
  if (!hasOwn(object, 'id')) report(c, childPath(path, 'id'), 'missing required field');
  const version = readOptional(c, object, path, 'version', readRoomVersion) ?? DEFAULT_ROOM_VERSION;
  const rules = roomVersion(version);
  if (id !== undefined && isServerlessRoomId(id) && !rules.roomIdsWithoutServer) {
    report(c, childPath(path, 'id'), `a room ID without a server part needs room version 12 or later; this room is version ${version}`);
  }
  const creator = readRequired(c, object, path, 'creator', readKnownUser(dir));
  const additionalCreators = readOptional(c, object, path, 'additionalCreators', readListOf(readKnownUser(dir)));
  const joinRules = validateJoinRules(c, object, path);
  const powerLevels = readOptional(c, object, path, 'powerLevels', readPowerLevels);
  const members = validateMembers(c, object, path, dir, creator);
  const serverAcl = readOptional(c, object, path, 'serverAcl', readServerAcl);
  const notImported = readOptional(c, object, path, 'notImported', readNotImported(dir));
  const creatorsOk = checkAdditionalCreators(c, path, version, creator, additionalCreators, powerLevels);
  if (id === undefined || creator === undefined || joinRules === undefined || members === undefined || !creatorsOk) return undefined;
  if (hasOwn(object, 'serverAcl') && serverAcl === undefined) return undefined;
  if (hasOwn(object, 'additionalCreators') && additionalCreators === undefined) return undefined;
  if (hasOwn(object, 'notImported') && notImported === undefined) return undefined;
  return {
    id,
    version,
    creator,
    ...(additionalCreators !== undefined && additionalCreators.length > 0 ? { additionalCreators } : {}),
    joinRules,
    powerLevels: powerLevels ?? defaultPowerLevels(creator),
    members,
    ...(serverAcl !== undefined ? { serverAcl } : {}),
    ...(notImported !== undefined ? { notImported } : {}),
  };
}

/**
 * `additionalCreators` exist from room version 12; each is a creator once, and
 * none may be in `powerLevels.users` (their power is unlimited, not a number).
 */
function checkAdditionalCreators(
  c: Checker,
  path: string,
  version: string,
  creator: string | undefined,
  extra: string[] | undefined,
  powerLevels: PowerLevelsContent | undefined,
): boolean {
  if (extra === undefined) return true;
  const at = childPath(path, 'additionalCreators');
  if (!roomVersion(version).creatorsHaveInfinitePower) {
    report(c, at, `room version ${version} has no additional creators; they exist from room version 12`);
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  extra.forEach((user, i) => {
    if (user === creator) {
      report(c, childPath(at, i), `${user} is the creator already`);
      ok = false;
    } else if (seen.has(user)) {
      report(c, childPath(at, i), `${user} is listed twice`);
      ok = false;
    }
    seen.add(user);
    const users = powerLevels?.users;
    if (users !== undefined && hasOwn(users as RawObject, user)) {
      report(c, childPath(childPath(childPath(path, 'powerLevels'), 'users'), user), `${user} is an additional creator, whose power is unlimited; remove it from powerLevels.users`);
      ok = false;
    }
  });
  return ok;
}

const readServerNames = readListOf(readNonEmptyString);

/**
 * `notImported`: a map from the ID of an allowed room whose state was not
 * imported to the servers believed to be in it (free names: they need not be
 * scenario servers). A room listed under `rooms` was imported, so it cannot be here.
 */
function readNotImported(dir: Directory): Reader<Record<string, string[]>> {
  return (c, value, path) => {
    const object = readObject(c, value, path);
    if (object === undefined) return undefined;
    const out: Record<string, string[]> = {};
    let ok = true;
    for (const roomId of Object.keys(object)) {
      const at = childPath(path, roomId);
      const id = readRoomId(c, roomId, at);
      const servers = readServerNames(c, getOwn(object, roomId), at);
      if (id !== undefined && dir.rooms.has(id)) {
        report(c, at, `${id} is listed under rooms, so its state was imported`);
        ok = false;
      }
      if (id === undefined || servers === undefined) ok = false;
      else setOwn(out, id, servers);
    }
    return ok ? out : undefined;
  };
}

const readGlobs = readListOf(readString);

/** `serverAcl`: `m.room.server_acl` content; globs are strings, `allow_ip_literals` a boolean. */
const readServerAcl: Reader<ServerAclContent> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, SERVER_ACL_KEYS);
  const allow = readOptional(c, object, path, 'allow', readGlobs);
  const deny = readOptional(c, object, path, 'deny', readGlobs);
  const ipLiterals = readOptional(c, object, path, 'allow_ip_literals', readBoolean);
  if ((hasOwn(object, 'allow') && allow === undefined) || (hasOwn(object, 'deny') && deny === undefined)) return undefined;
  return {
    ...(allow !== undefined ? { allow } : {}),
    ...(deny !== undefined ? { deny } : {}),
    ...(ipLiterals !== undefined ? { allow_ip_literals: ipLiterals } : {}),
  };
};

/** Creator at 100, everything else at spec defaults. */
function defaultPowerLevels(creator: string): PowerLevelsContent {
  const users: Record<string, number> = {};
  setOwn(users, creator, 100);
  return { users };
}

/** `joinRules` as given, or `joinRule`/`allow` expanded; never both. */
function validateJoinRules(c: Checker, object: RawObject, path: string): JoinRulesContent | undefined {
  if (hasOwn(object, 'joinRules')) {
    const content = readOptional(c, object, path, 'joinRules', readJoinRulesContent);
    if (hasOwn(object, 'joinRule') || hasOwn(object, 'allow')) {
      report(c, childPath(path, 'joinRules'), 'give either joinRules or joinRule/allow, not both');
      return undefined;
    }
    return content;
  }
  const joinRule = readOptional(c, object, path, 'joinRule', readJoinRule);
  const allow = readOptional(c, object, path, 'allow', readAllow);
  if (hasOwn(object, 'joinRule') && joinRule === undefined) return undefined;
  if (hasOwn(object, 'allow') && allow === undefined) return undefined;
  const content: JoinRulesContent = { join_rule: joinRule ?? 'public' };
  if (allow !== undefined) content.allow = allow.map((roomId) => ({ type: 'm.room_membership', room_id: roomId }));
  return content;
}

/** `members` with the creator joined first unless listed with another membership. */
function validateMembers(
  c: Checker,
  object: RawObject,
  path: string,
  dir: Directory,
  creator: string | undefined,
): Record<string, Membership> | undefined {
  const members: Record<string, Membership> = {};
  if (creator !== undefined) setOwn(members, creator, 'join');
  const raw = readOptional(c, object, path, 'members', readObject);
  if (raw === undefined) return hasOwn(object, 'members') ? undefined : members;
  const membersPath = childPath(path, 'members');
  let ok = true;
  for (const userId of Object.keys(raw)) {
    const at = childPath(membersPath, userId);
    const idOk = readUserId(c, userId, at) !== undefined;
    if (idOk) checkKnownUser(c, dir, userId, at);
    const membership = readMembership(c, getOwn(raw, userId), at);
    if (!idOk || membership === undefined) {
      ok = false;
      continue;
    }
    setOwn(members, userId, membership);
  }
  return ok ? members : undefined;
}
