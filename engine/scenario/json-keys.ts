/**
 * A scan of JSON text that JSON.parse has already accepted, for what JSON.parse
 * lets through: duplicate keys (the last one silently wins) and nesting deeper than
 * MAX_NESTING. Iterative, so no input can overflow the stack.
 *
 * It runs over every scenario file, so it is written for speed: character codes
 * instead of one-character strings, string ends found by indexOf, keys taken as
 * slices (decoded only when they hold an escape), and each object's keys kept in
 * one shared list (most objects have a handful, so a linear search beats a Set per
 * object; an object with many keys gets a Set).
 */

import { MAX_NESTING } from './nesting';

export interface JsonTextProblem {
  /** Offset in the text of the offending key or bracket. */
  offset: number;
  message: string;
}

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const COMMA = 44; // ,
/** Past this many keys an object's keys also go into a Set. */
const LINEAR_KEYS = 16;

/** Problems in valid JSON `text`, in text order; stops at the first nesting problem. */
export function findJsonTextProblems(text: string): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  // Per open bracket: where its keys start in `keys` (-1 for a list), and its Set once it has many keys.
  const firstKey: number[] = [];
  const keySets: Array<Set<string> | null> = [];
  const keys: string[] = [];
  let expectKey = false;
  const length = text.length;
  // The first backslash at or after the scan's position (length when none): a key holds an escape when it is before the key's end.
  let nextBackslash = -1;
  for (let i = 0; i < length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      if (firstKey.length >= MAX_NESTING) {
        problems.push({ offset: i, message: `nested more than ${MAX_NESTING} levels deep` });
        return problems;
      }
      firstKey.push(ch === OPEN_BRACE ? keys.length : -1);
      keySets.push(null);
      expectKey = ch === OPEN_BRACE;
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      const first = firstKey.pop() as number;
      keySets.pop();
      if (first >= 0) keys.length = first;
      expectKey = false;
    } else if (ch === COMMA) {
      expectKey = firstKey.length > 0 && (firstKey[firstKey.length - 1] as number) >= 0;
    } else if (ch === QUOTE) {
      const start = i;
      // The closing quote: the next one not escaped by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      if (expectKey) {
        if (nextBackslash < start) {
          nextBackslash = text.indexOf('\\', start);
          if (nextBackslash < 0) nextBackslash = length;
        }
        const escaped = nextBackslash < i;
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (isDuplicate(key, firstKey[firstKey.length - 1] as number, keys, keySets)) {
          problems.push({ offset: start, message: `duplicate key ${JSON.stringify(key)}` });
        }
      }
      expectKey = false;
    }
  }
  return problems;
}

/** Whether the open object (its keys from `first` in `keys`) already has `key`; records it if not. */
function isDuplicate(key: string, first: number, keys: string[], keySets: Array<Set<string> | null>): boolean {
  const top = keySets.length - 1;
  const set = keySets[top];
  if (set != null) {
    if (set.has(key)) return true;
    set.add(key);
    return false;
  }
  for (let k = first; k < keys.length; k++) if (keys[k] === key) return true;
  keys.push(key);
  if (keys.length - first > LINEAR_KEYS) keySets[top] = new Set(keys.slice(first));
  return false;
}
