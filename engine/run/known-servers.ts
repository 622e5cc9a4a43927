/**
 * The servers a state event is known to have been sent to (or to hold it), so
 * that forwarding and queued retries skip them. Built once per sending and shared
 * by all its deliveries; a forwarding adds its own names on top of the sender's
 * instead of copying them. Name lists are kept sorted and searched, not hashed:
 * most events are never asked, and a Set per event was a measurable share of a
 * big run.
 */
export class KnownServers {
  /** `names` must be sorted (default string order); `parent`'s names count as known too. */
  constructor(private readonly parent: KnownServers | null, private readonly names: readonly string[]) {}

  has(name: string): boolean {
    return sortedHas(this.names, name) || (this.parent !== null && this.parent.has(name));
  }
}

/** Whether sorted `names` holds `name` (binary search). */
export function sortedHas(names: readonly string[], name: string): boolean {
  let low = 0;
  let high = names.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const probe = names[middle] as string;
    if (probe === name) return true;
    if (probe < name) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
