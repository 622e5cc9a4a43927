/**
 * `m.room.power_levels` content as written in a room's `powerLevels` and in a
 * `setPowerLevels` action. Levels are integers; `users` may name users the
 * scenario does not declare (a level for a user who never shows up is harmless),
 * but each key must be a well-formed user ID.
 */

import type { Checker, Reader } from './check';
import { checkKeys, readInteger, readObject, report } from './check';
import { FORMAT_KEYS } from './format-keys';
import { describeValue } from './describe';
import { parseUserId, USER_ID_SHAPE } from './ids';
import { getOwn, setOwn } from './own';
import { childPath } from './path';
import type { PowerLevelsContent } from './types';

const LEVEL_KEYS = FORMAT_KEYS.powerLevelLevels;
const MAP_KEYS = FORMAT_KEYS.powerLevelMaps;
const ALL_KEYS: readonly string[] = [...LEVEL_KEYS, ...MAP_KEYS];

/** Power levels content, copied field by field so nothing unchecked slips through. */
export const readPowerLevels: Reader<PowerLevelsContent> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, ALL_KEYS);
  const content: PowerLevelsContent = {};
  let ok = true;
  for (const key of Object.keys(object)) {
    const at = childPath(path, key);
    const raw = getOwn(object, key);
    let level: unknown;
    if ((LEVEL_KEYS as readonly string[]).includes(key)) level = readInteger(c, raw, at);
    else if (key === 'users') level = readLevelMap(c, raw, at, checkUserKey);
    else if (key === 'events' || key === 'notifications') level = readLevelMap(c, raw, at, undefined);
    else continue; // unknown, already reported
    if (level === undefined) ok = false;
    else setOwn(content, key, level);
  }
  return ok ? content : undefined;
};

/** Whether `key` is a user ID; reports it at `path` if not. */
function checkUserKey(c: Checker, key: string, path: string): boolean {
  if (parseUserId(key) !== undefined) return true;
  report(c, path, `expected ${USER_ID_SHAPE} as key, got ${describeValue(key)}`);
  return false;
}

/** A map of names to integer levels, such as `users` or `events`. */
function readLevelMap(
  c: Checker,
  value: unknown,
  path: string,
  checkKey: ((c: Checker, key: string, path: string) => boolean) | undefined,
): Record<string, number> | undefined {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  const levels: Record<string, number> = {};
  let ok = true;
  for (const key of Object.keys(object)) {
    const at = childPath(path, key);
    const keyOk = checkKey === undefined || checkKey(c, key, at);
    const level = readInteger(c, getOwn(object, key), at);
    if (!keyOk || level === undefined) ok = false;
    else setOwn(levels, key, level);
  }
  return ok ? levels : undefined;
}
