/**
 * User and room IDs as scenario files write them: `@local:server` and
 * `!local:server`, or for room version 12 and later `!hash` with no server part
 * (the unpadded URL-safe base64 of the create event's hash). The server part runs
 * from the first colon to the end, so a server name with a port (`hs1:8448`)
 * still reads as one server.
 */

import { describeValue } from './describe';
import type { Reader } from './check';
import { report } from './check';

export interface ParsedId {
  localpart: string;
  server: string;
}

const USER_ID = /^@([^:]+):(.+)$/s;
const ROOM_ID = /^!([^:]+):(.+)$/s;
/** A v12 room ID: the hash only. Its length is not checked, so hand-written scenarios may shorten it. */
const SERVERLESS_ROOM_ID = /^![A-Za-z0-9_-]+$/;

export function parseUserId(id: string): ParsedId | undefined {
  const m = USER_ID.exec(id);
  return m?.[1] !== undefined && m[2] !== undefined ? { localpart: m[1], server: m[2] } : undefined;
}

export function parseRoomId(id: string): ParsedId | undefined {
  const m = ROOM_ID.exec(id);
  return m?.[1] !== undefined && m[2] !== undefined ? { localpart: m[1], server: m[2] } : undefined;
}

/** A room ID with no server part, as room version 12 makes them (`!` and the create event's hash). */
export function isServerlessRoomId(id: string): boolean {
  return SERVERLESS_ROOM_ID.test(id);
}

/** Either room ID shape the format knows. */
export function isRoomIdShape(id: string): boolean {
  return parseRoomId(id) !== undefined || isServerlessRoomId(id);
}

export const USER_ID_SHAPE = 'a user ID (@local:server)';
export const ROOM_ID_SHAPE = 'a room ID (!local:server, or !hash in room version 12)';

/** A well-formed user ID; whether the user exists is checked separately (see directory.ts). */
export const readUserId: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && parseUserId(value) !== undefined) return value;
  report(c, path, `expected ${USER_ID_SHAPE}, got ${describeValue(value)}`);
  return undefined;
};

/** A well-formed room ID of either shape; whether the room is listed, and whether its version allows a hash ID, is checked separately. */
export const readRoomId: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && isRoomIdShape(value)) return value;
  report(c, path, `expected ${ROOM_ID_SHAPE}, got ${describeValue(value)}`);
  return undefined;
};
