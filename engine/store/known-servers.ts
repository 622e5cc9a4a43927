/**
 * The servers a state event is known to have been sent to (or to hold it), so
 * that forwarding and queued retries skip them. Built once per sending and shared
 * by all its deliveries; a forwarding adds its own names on top of the sender's
 * instead of copying them. Name lists are kept sorted and searched, not hashed:
 * most events are never asked, and a Set per event was a measurable share of a
 * big run.
 */
import { sortedHas } from './sorted-names';

export class KnownServers {
  /** `names` must be sorted (default string order); `parent`'s names count as known too. */
  constructor(private readonly parent: KnownServers | null, private readonly names: readonly string[]) {}

  has(name: string): boolean {
    return sortedHas(this.names, name) || (this.parent !== null && this.parent.has(name));
  }
}
