/**
 * What the scenario declares to exist: its servers, their users and its rooms.
 * Every reference elsewhere in the file (members, creators, timeline users, via
 * servers, partitions) is checked against it, so a run never meets a name that
 * nothing defines.
 */

import { quote } from './describe';
import { didYouMean } from './did-you-mean';
import type { Checker, Reader } from './check';
import { readNonEmptyString, report } from './check';
import { parseUserId, readRoomId, readUserId } from './ids';

export interface Directory {
  /** Server name to its users' local parts; `undefined` when the users list could not be read. */
  readonly servers: Map<string, Set<string> | undefined>;
  /** Room IDs listed under `rooms`. */
  readonly rooms: Set<string>;
  /**
   * False when the whole `servers` (or `rooms`) section is missing or unreadable:
   * then every reference would be reported, and that would only bury the one
   * problem that matters. A single broken entry does not clear them.
   */
  serversComplete: boolean;
  roomsComplete: boolean;
}

export function createDirectory(): Directory {
  return { servers: new Map(), rooms: new Set(), serversComplete: true, roomsComplete: true };
}

/** Reports `userId` unless its server is listed and lists its local part. */
export function checkKnownUser(c: Checker, dir: Directory, userId: string, path: string): void {
  const id = parseUserId(userId);
  if (id === undefined) return;
  if (!dir.servers.has(id.server)) {
    if (dir.serversComplete) {
      report(c, path, `unknown user ${quote(userId)}: no server ${quote(id.server)}${didYouMean(id.server, [...dir.servers.keys()])}`);
    }
    return;
  }
  const users = dir.servers.get(id.server);
  if (users === undefined || users.has(id.localpart)) return;
  report(c, path, `unknown user ${quote(userId)}: ${id.server} has no user ${quote(id.localpart)}${didYouMean(id.localpart, [...users])}`);
}

/** A well-formed user ID of a user the scenario declares. */
export function readKnownUser(dir: Directory): Reader<string> {
  return (c, value, path) => {
    const id = readUserId(c, value, path);
    if (id !== undefined) checkKnownUser(c, dir, id, path);
    return id;
  };
}

/** The name of a listed server. */
export function readKnownServer(dir: Directory): Reader<string> {
  return (c, value, path) => {
    const name = readNonEmptyString(c, value, path);
    if (name !== undefined && !dir.servers.has(name) && dir.serversComplete) {
      report(c, path, `unknown server ${quote(name)}${didYouMean(name, [...dir.servers.keys()])}`);
    }
    return name;
  };
}

/** The ID of a room listed under `rooms`. */
export function readKnownRoom(dir: Directory): Reader<string> {
  return (c, value, path) => {
    const id = readRoomId(c, value, path);
    if (id !== undefined && !dir.rooms.has(id) && dir.roomsComplete) {
      report(c, path, `unknown room ${quote(id)}: it is not listed under rooms${didYouMean(id, [...dir.rooms])}`);
    }
    return id;
  };
}
