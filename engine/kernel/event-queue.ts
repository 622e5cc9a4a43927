/**
 * The pending-event set, ordered by (time, priority, sequence): same-time,
 * same-priority events run in the order they were scheduled (SimPy's rule).
 *
 * Layout, for speed: times are whole milliseconds, so many events share a
 * (time, priority) key (fixed latencies, timeouts set together, the hold model).
 * Events of one key form chains, FIFO lists linked through the event slots; the
 * queue is a binary min-heap in typed arrays whose entries are the chains' first
 * events. Pushing onto a chain is O(1), only a new chain touches the heap, and
 * popping the head of a longer chain puts the next event in its place without
 * moving anything.
 *
 * A new event finds the newest chain of its key through a direct-mapped cache
 * (one slot per hash of the key, no probing) that names the chain's last event.
 * The cache is never cleaned: a hit counts only if that event's slot was not
 * freed since (the cache keeps the slot's generation) and the event is still
 * last. A miss (no valid chain, or the slot taken by another key) starts a new
 * chain, even when an older chain of the same key is pending. Chains
 * of one key run in the order they were started (the heap breaks key ties by a
 * chain number) and an event only ever joins the newest chain of its key, so the
 * order is scheduling order.
 *
 * Memory: with distinct times (a random network's latencies) every event is a
 * chain of one, and the queue's cost is the heap plus the reads it cannot avoid:
 * a pop reads the heap's top and its event's block, a push writes its event's
 * block and reads one cache slot. Chains kept apart from their events, as
 * buckets, cost more scattered reads per event (distinct times ran about 15 %
 * slower that way, ties the same). Nothing is allocated per event once warm.
 */
import { doubled } from '../store/index';
import { invariant } from './invariant';

/** Priorities at the same instant: lower runs first. */
export const PRIORITY_URGENT = 0;
export const PRIORITY_NORMAL = 1;
export const PRIORITY_LATE = 2;

// time and priority share one float key: time * PRIORITY_SPAN + priority. Exact for
// integer times up to 2^53 / 8, about 35 000 years of simulated milliseconds.
const PRIORITY_SPAN = 8;
const NONE = -1;
/** An event slot's numbers in eventFields: kind, next event of its chain, its chain's number, the slot's generation. */
const KIND = 0;
const NEXT = 1;
const CHAIN = 2;
const GENERATION = 3;
const EVENT_FIELDS = 4;
/** A cache slot's numbers in cacheLast: the last event of its key's newest chain, and that event's generation. */
const CACHE_LAST = 0;
const CACHE_GENERATION = 1;
const CACHE_FIELDS = 2;
/** Slots of the key-to-chain cache (a power of two): 2^16, 1 MiB with the keys, events and generations. */
const DEFAULT_CACHE_SLOTS = 1 << 16;

export class EventQueue<P> {
  // The heap: each entry's key and the first event of its chain.
  private heapKeys: Float64Array;
  private heapEvents: Int32Array;
  private heapSize = 0;
  // Event slots: EVENT_FIELDS numbers each, side by side in one 16-byte block (a
  // read of one is a read of all): kind, the next event of its chain, the number of
  // the chain it heads (valid for a chain's first event), and the slot's generation
  // (counted up each time the slot is freed, so a cache entry naming an earlier
  // occupant can tell).
  private eventFields: Int32Array;
  private chainsStarted = 0;
  private payloads: (P | undefined)[] = [];
  private freeEvents: number[] = [];
  private eventsUsed = 0;
  private count = 0;
  // The cache: per slot, a key, and CACHE_FIELDS numbers side by side: the last
  // event of the newest chain of that key (NONE when never set) and that event's
  // slot generation then.
  private readonly cacheKeys: Float64Array;
  private readonly cacheLast: Int32Array;
  private readonly cacheMask: number;

  /** `cacheSlots` (a power of two) is for tests, which make keys collide with a tiny cache. */
  constructor(initialCapacity = 1024, cacheSlots = DEFAULT_CACHE_SLOTS) {
    const capacity = Math.max(4, initialCapacity);
    this.heapKeys = new Float64Array(capacity);
    this.heapEvents = new Int32Array(capacity);
    this.eventFields = new Int32Array(capacity * EVENT_FIELDS);
    invariant(cacheSlots > 0 && (cacheSlots & (cacheSlots - 1)) === 0, () => `cache slots must be a power of two, got ${cacheSlots}`);
    this.cacheKeys = new Float64Array(cacheSlots).fill(-1);
    this.cacheLast = new Int32Array(cacheSlots * CACHE_FIELDS).fill(NONE);
    this.cacheMask = cacheSlots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds an event of `kind` carrying `payload` at integer time `time`. */
  push(time: number, priority: number, kind: number, payload: P): void {
    // A plain test, not invariant(cond, () => message): no closure is made per event.
    if (!(priority >= 0 && priority < PRIORITY_SPAN)) invariant(false, `priority out of range: ${priority}`);
    const event = this.takeEventSlot();
    const fields = this.eventFields;
    const at = event * EVENT_FIELDS;
    const key = time * PRIORITY_SPAN + priority;
    fields[at + KIND] = kind;
    fields[at + NEXT] = NONE;
    this.payloads[event] = payload;
    this.count++;
    const slot = cacheSlot(key, this.cacheMask);
    const cache = this.cacheLast;
    const entry = slot * CACHE_FIELDS;
    if (this.cacheKeys[slot] === key) {
      const lastAt = (cache[entry + CACHE_LAST] as number) * EVENT_FIELDS;
      // The same occupant (not freed since: same generation) and still last: join its chain.
      if (lastAt >= 0 && fields[lastAt + GENERATION] === cache[entry + CACHE_GENERATION] && fields[lastAt + NEXT] === NONE) {
        fields[lastAt + NEXT] = event;
        cache[entry + CACHE_LAST] = event;
        cache[entry + CACHE_GENERATION] = fields[at + GENERATION] as number;
        return;
      }
    }
    fields[at + CHAIN] = this.chainsStarted;
    this.chainsStarted = (this.chainsStarted + 1) | 0;
    this.cacheKeys[slot] = key;
    cache[entry + CACHE_LAST] = event;
    cache[entry + CACHE_GENERATION] = fields[at + GENERATION] as number;
    this.heapInsert(key, event);
  }

  /** Time of the next event; Infinity when empty. */
  peekTime(): number {
    return this.heapSize === 0 ? Infinity : Math.floor((this.heapKeys[0] as number) / PRIORITY_SPAN);
  }

  /**
   * Removes the next event. Its kind and payload are left in `popped` (reused, not
   * reallocated) and its time is returned; -1 when the queue is empty.
   */
  pop(popped: { kind: number; payload: P | undefined }): number {
    if (this.heapSize === 0) return -1;
    const key = this.heapKeys[0] as number;
    const event = this.heapEvents[0] as number;
    const fields = this.eventFields;
    const at = event * EVENT_FIELDS;
    popped.kind = fields[at + KIND] as number;
    popped.payload = this.payloads[event];
    const next = fields[at + NEXT] as number;
    fields[at + GENERATION] = ((fields[at + GENERATION] as number) + 1) | 0;
    this.payloads[event] = undefined;
    this.freeEvents.push(event);
    this.count--;
    if (next !== NONE) {
      // The chain goes on: its next event takes the entry (same key, same chain
      // number); the next pop reads that event's block anyway.
      this.heapEvents[0] = next;
      fields[next * EVENT_FIELDS + CHAIN] = fields[at + CHAIN] as number;
    } else {
      this.heapRemoveTop();
    }
    return Math.floor(key / PRIORITY_SPAN);
  }

  private heapInsert(key: number, event: number): void {
    const keys = this.heapKeys, events = this.heapEvents;
    let i = this.heapSize++;
    // A new chain was started after every pending one, so it goes after those of an equal key.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      events[i] = events[parent] as number;
      i = parent;
    }
    keys[i] = key;
    events[i] = event;
  }

  private heapRemoveTop(): void {
    const keys = this.heapKeys, events = this.heapEvents, fields = this.eventFields;
    const last = --this.heapSize;
    if (last === 0) return;
    const key = keys[last] as number;
    const event = events[last] as number;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last) {
        const rk = keys[right] as number;
        const lk = keys[child] as number;
        // Equal keys (chains of one key): the one started first is the smaller.
        if (rk < lk || (rk === lk && startedBefore(fields, events[right] as number, events[child] as number))) child = right;
      }
      const ck = keys[child] as number;
      if (key < ck || (key === ck && startedBefore(fields, event, events[child] as number))) break;
      keys[i] = ck;
      events[i] = events[child] as number;
      i = child;
    }
    keys[i] = key;
    events[i] = event;
  }

  private takeEventSlot(): number {
    if (this.freeEvents.length > 0) return this.freeEvents.pop() as number;
    if (this.eventsUsed * EVENT_FIELDS === this.eventFields.length) {
      this.eventFields = doubled(this.eventFields);
      this.heapKeys = doubled(this.heapKeys);
      this.heapEvents = doubled(this.heapEvents);
    }
    return this.eventsUsed++;
  }
}

/**
 * Whether the chain headed by event `a` was started before the one headed by `b`
 * (the heap's tie-break between chains of one key). Chain numbers are 32-bit and
 * wrap, so they are compared by their difference: right while the pending chains
 * of one key were started within 2^31 chains of each other.
 */
function startedBefore(fields: Int32Array, a: number, b: number): boolean {
  return (((fields[a * EVENT_FIELDS + CHAIN] as number) - (fields[b * EVENT_FIELDS + CHAIN] as number)) | 0) < 0;
}

/** The cache slot of `key` (time * 8 + priority): the time's low bits, the priority folded in above them. */
function cacheSlot(key: number, mask: number): number {
  const low = key | 0; // the key's low 32 bits (ToInt32 of an integer is exact modulo 2^32)
  return ((low >>> 3) ^ ((low & 7) << 13)) & mask;
}
