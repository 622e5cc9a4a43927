/**
 * Room versions as scenario files write them: strings, though a bare number such
 * as `10` is taken as `"10"` because YAML reads `version: 10` as a number.
 */

import { describeValue } from './describe';
import type { Reader } from './check';
import { report } from './check';
import { ALL_ROOM_VERSIONS } from './types';

/** A room version listed in ALL_ROOM_VERSIONS, as a string. */
export const readRoomVersion: Reader<string> = (c, value, path) => {
  const version = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof version !== 'string') {
    report(c, path, `expected a room version string, got ${describeValue(value)}`);
    return undefined;
  }
  if (!ALL_ROOM_VERSIONS.includes(version)) {
    report(c, path, `unknown room version ${describeValue(version)}; known versions are ${ALL_ROOM_VERSIONS.join(', ')}`);
    return undefined;
  }
  return version;
};
