/**
 * User and room IDs as scenario files write them: `@local:server` and
 * `!local:server`. The server part runs from the first colon to the end, so a
 * server name with a port (`hs1:8448`) still reads as one server.
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

export function parseUserId(id: string): ParsedId | undefined {
  const m = USER_ID.exec(id);
  return m?.[1] !== undefined && m[2] !== undefined ? { localpart: m[1], server: m[2] } : undefined;
}

export function parseRoomId(id: string): ParsedId | undefined {
  const m = ROOM_ID.exec(id);
  return m?.[1] !== undefined && m[2] !== undefined ? { localpart: m[1], server: m[2] } : undefined;
}

export const USER_ID_SHAPE = 'a user ID (@local:server)';
export const ROOM_ID_SHAPE = 'a room ID (!local:server)';

/** A well-formed user ID; whether the user exists is checked separately (see directory.ts). */
export const readUserId: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && parseUserId(value) !== undefined) return value;
  report(c, path, `expected ${USER_ID_SHAPE}, got ${describeValue(value)}`);
  return undefined;
};

/** A well-formed room ID; whether the room is listed is checked separately. */
export const readRoomId: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && parseRoomId(value) !== undefined) return value;
  report(c, path, `expected ${ROOM_ID_SHAPE}, got ${describeValue(value)}`);
  return undefined;
};
