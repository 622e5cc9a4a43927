/**
 * Data paths as they appear in problems: `rooms[2].powerLevels.invite`,
 * `timeline[0].via[1]`, `rooms[1].members["@alice:hs1"]`. Keys that are not plain
 * identifiers are quoted so a path reads back to exactly one value.
 */

import { quote } from './describe';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of `key` inside the value at `parent` (`''` is the top level). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  // Quoted, and cut when very long: a path names a place, it need not repeat a huge key.
  return `${parent}[${quote(key)}]`;
}
