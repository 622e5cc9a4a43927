/**
 * The `defaults` and `servers` sections (scenario-format.md, "Servers"): each
 * server's implementation profile, supported room versions and users, with the
 * file's defaults filled in. Also records every server and user in the directory.
 */

import type { Checker, Reader } from './check';
import {
  checkKeys,
  readEnum,
  readList,
  readListOf,
  readNonEmptyString,
  readObject,
  readOptional,
  readRequired,
  report,
  reportDuplicate,
} from './check';
import { describeValue } from './describe';
import type { Directory } from './directory';
import { hasOwn } from './own';
import { childPath } from './path';
import { readRoomVersion } from './room-versions';
import type { ImplementationName, ServerSpec } from './types';
import { ALL_ROOM_VERSIONS, IMPLEMENTATION_NAMES } from './types';
import { FORMAT_KEYS } from './format-keys';

export interface ServerDefaults {
  implementation: ImplementationName;
  roomVersions: string[];
}

const DEFAULTS_KEYS = FORMAT_KEYS.defaults;
const SERVER_KEYS = FORMAT_KEYS.server;

const readImplementation = readEnum(IMPLEMENTATION_NAMES);

/** A list of known room versions, each at most once. */
const readRoomVersions: Reader<string[]> = (c, value, path) => {
  const versions = readListOf(readRoomVersion)(c, value, path);
  if (versions === undefined) return undefined;
  const firstAt = new Map<string, number>();
  versions.forEach((v, i) => {
    const first = firstAt.get(v);
    if (first === undefined) firstAt.set(v, i);
    else reportDuplicate(c, childPath(path, i), 'room version', v, childPath(path, first));
  });
  return versions;
};

/** A user's local part: `alice` of `@alice:hs1`. A colon would end it early, so none is allowed. */
const readLocalpart: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && value !== '' && !value.includes(':') && !value.startsWith('@')) return value;
  report(c, path, `expected a user's local part such as "alice" (no @ or :), got ${describeValue(value)}`);
  return undefined;
};

/**
 * Local parts, each at most once on its server. Bad entries are reported and left
 * out, not the whole list, so references to the good ones still check out.
 */
const readUsers: Reader<string[]> = (c, value, path) => {
  const list = readList(c, value, path);
  if (list === undefined) return undefined;
  const firstAt = new Map<string, number>();
  const users: string[] = [];
  list.forEach((item, i) => {
    const user = readLocalpart(c, item, childPath(path, i));
    if (user === undefined) return;
    const first = firstAt.get(user);
    if (first !== undefined) reportDuplicate(c, childPath(path, i), 'user', user, childPath(path, first));
    else firstAt.set(user, i);
    users.push(user);
  });
  return users;
};

/** `defaults`, filled in with synapse and every room version where the file is silent. */
export function validateDefaults(c: Checker, raw: unknown, path: string): ServerDefaults {
  const fallback: ServerDefaults = { implementation: 'synapse', roomVersions: [...ALL_ROOM_VERSIONS] };
  if (raw === undefined) return fallback;
  const object = readObject(c, raw, path);
  if (object === undefined) return fallback;
  checkKeys(c, object, path, DEFAULTS_KEYS);
  return {
    implementation: readOptional(c, object, path, 'implementation', readImplementation) ?? fallback.implementation,
    roomVersions: readOptional(c, object, path, 'roomVersions', readRoomVersions) ?? fallback.roomVersions,
  };
}

/** `servers`; records each readable server and its users in `dir`. */
export function validateServers(c: Checker, raw: unknown, path: string, dir: Directory, defaults: ServerDefaults): ServerSpec[] {
  const list = readList(c, raw, path);
  if (list === undefined) {
    dir.serversComplete = false;
    return [];
  }
  const firstAt = new Map<string, string>();
  const servers: ServerSpec[] = [];
  list.forEach((item, i) => {
    const server = validateServer(c, item, childPath(path, i), dir, defaults, firstAt);
    if (server !== undefined) servers.push(server);
  });
  return servers;
}

function validateServer(
  c: Checker,
  raw: unknown,
  path: string,
  dir: Directory,
  defaults: ServerDefaults,
  firstAt: Map<string, string>,
): ServerSpec | undefined {
  const object = readObject(c, raw, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, SERVER_KEYS);
  const name = readRequired(c, object, path, 'name', readNonEmptyString);
  const implementation = readOptional(c, object, path, 'implementation', readImplementation);
  const roomVersions = readOptional(c, object, path, 'roomVersions', readRoomVersions);
  const users = readOptional(c, object, path, 'users', readUsers);
  if (name === undefined) return undefined;
  const namePath = childPath(path, 'name');
  const first = firstAt.get(name);
  if (first !== undefined) {
    reportDuplicate(c, namePath, 'server name', name, first);
    return undefined;
  }
  firstAt.set(name, namePath);
  const usersGiven = hasOwn(object, 'users');
  // A users value that is not a list leaves the server's users unknown rather than
  // empty, so that each reference to them is not reported a second time.
  dir.servers.set(name, users === undefined && usersGiven ? undefined : new Set(users ?? []));
  return {
    name,
    implementation: implementation ?? defaults.implementation,
    roomVersions: roomVersions ?? [...defaults.roomVersions],
    users: users ?? [],
  };
}
