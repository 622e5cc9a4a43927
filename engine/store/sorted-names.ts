/**
 * Lists of names kept in default string order (UTF-16 code units, as
 * `Array.prototype.sort` leaves them), searched by bisection: resident lists,
 * recipient lists and the servers known to hold an event.
 */

/** The first index of sorted `names` whose name is not below `name`. */
export function insertionPoint(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((names[middle] as string) < name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether sorted `names` holds `name`. */
export function sortedHas(names: readonly string[], name: string): boolean {
  return names[insertionPoint(names, name)] === name;
}

/** Sorted `names` with `name` added (a new array; the same names if it is there already). */
export function withName(names: readonly string[], name: string): readonly string[] {
  const at = insertionPoint(names, name);
  if (names[at] === name) return names;
  // One array of the final length, not slices spread into a third: big rooms' lists run to a thousand names.
  const out = new Array<string>(names.length + 1);
  for (let i = 0; i < at; i++) out[i] = names[i] as string;
  out[at] = name;
  for (let i = at; i < names.length; i++) out[i + 1] = names[i] as string;
  return out;
}

/** Sorted `names` without `name` (a new array; the same names if it is not there). */
export function withoutName(names: readonly string[], name: string): readonly string[] {
  const at = insertionPoint(names, name);
  if (names[at] !== name) return names;
  const out = new Array<string>(names.length - 1);
  for (let i = 0; i < at; i++) out[i] = names[i] as string;
  for (let i = at + 1; i < names.length; i++) out[i - 1] = names[i] as string;
  return out;
}
