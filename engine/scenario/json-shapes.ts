/**
 * Readies V8's hidden classes for a big scenario file's objects before
 * JSON.parse reads it, so that the file parses at the speed of its size.
 *
 * JSON.parse gives each object the hidden class it reaches by following
 * transitions, key by key, from a map V8 shares among all objects with the same
 * number of keys; a key seen there for the first time adds a transition, until
 * the map holds as many as V8 allows. A room's `members` and its power levels'
 * `users` are keyed by user ID, so a big federation's rooms add thousands of
 * distinct first keys to those shared maps and fill them. Objects parsed after
 * that whose first key found no transition get a hidden class of their own
 * each: in a generated million-join file every timeline entry did (a million
 * hidden classes). JSON.parse then took 2.5 times as long (6.5 s against 2.6 s),
 * the parsed file held 465 MB instead of 250 MB, and every read of an entry's
 * fields during validation was a lookup instead of an offset.
 *
 * Parsing the first item of each of the file's big lists on its own, first,
 * lays down the transitions for that item's keys, in the file's own key order,
 * before anything can fill the maps: the same million-join file then parses in
 * 3.0 s. Priming only changes speed, never a result: an item that is not found
 * or does not parse is skipped.
 */

/** Below this size a file parses fast whatever its shapes, and is not primed. */
const PRIME_FROM_CHARS = 1 << 20;
/** The scenario's lists that can hold many objects of one shape. */
const LISTS = ['servers', 'rooms', 'timeline', 'expect'] as const;
/** An item longer than this is not parsed on its own (a room with a huge member list says little about the others' shapes). */
const MAX_ITEM_CHARS = 1 << 16;

/** Parses the first item of each of `text`'s big lists on its own, so that JSON.parse(text) finds their shapes laid down. */
export function primeJsonShapes(text: string): void {
  if (text.length < PRIME_FROM_CHARS) return;
  for (const list of LISTS) {
    const item = firstListItem(text, list);
    if (item === null) continue;
    try {
      JSON.parse(item);
    } catch {
      // A guess that missed (the key inside a string, say): priming is only for speed.
    }
  }
}

/**
 * The text of the first object in the list under key `key` (`"key": [ {...}`),
 * found by a search for the key and a scan to the object's closing brace that
 * steps over strings; null when there is none, or when it is longer than
 * MAX_ITEM_CHARS.
 */
export function firstListItem(text: string, key: string): string | null {
  const opening = new RegExp(`"${key}"\\s*:\\s*\\[\\s*\\{`, 'y');
  for (let at = text.indexOf(`"${key}"`); at >= 0; at = text.indexOf(`"${key}"`, at + 1)) {
    opening.lastIndex = at;
    if (!opening.test(text)) continue;
    const start = opening.lastIndex - 1;
    const end = objectEnd(text, start, Math.min(text.length, start + MAX_ITEM_CHARS));
    return end < 0 ? null : text.slice(start, end + 1);
  }
  return null;
}

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }

/** The index of the `}` that closes the object opening at `start`, looking no further than `limit`; -1 when not found. */
function objectEnd(text: string, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      // Skip the string: to the next quote not escaped by a backslash.
      for (i++; i < limit; i++) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) break;
      }
    } else if (ch === OPEN_BRACE) depth++;
    else if (ch === CLOSE_BRACE && --depth === 0) return i;
  }
  return -1;
}
