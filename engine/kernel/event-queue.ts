/**
 * The pending-event set, ordered by (time, priority, sequence): same-time,
 * same-priority events run in the order they were scheduled (SimPy's rule).
 *
 * Layout, for speed: times are whole milliseconds, so many events share a
 * (time, priority) key (fixed latencies, timeouts set together, the hold model).
 * The queue is a binary min-heap of buckets in typed arrays, each bucket a FIFO
 * list of events of one key; FIFO order within a bucket is scheduling order.
 * Pushing onto an existing bucket is O(1) and only a new bucket touches the heap.
 *
 * A new event finds the bucket of its key through a direct-mapped cache (one slot
 * per hash of the key, no probing, nothing to delete): a hit appends to the
 * newest bucket of that key; a miss (a key not pending, or its slot taken by
 * another key) starts a new bucket, even when an older bucket of the same key is
 * still pending. Buckets of one key then run in the order they were started (the
 * heap breaks key ties by a bucket sequence number), and every event joins the
 * newest bucket of its key, so the order is still scheduling order. On distinct
 * times (a random network's latencies) this costs a heap push and a pop per event
 * and almost nothing more; a hash table from key to bucket cost a lookup, an
 * insert and a delete per event. Nothing is allocated per event once warm.
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
/** Slots of the key-to-bucket cache (a power of two): 2^16, a quarter MiB with the keys, so it stays in cache. */
const DEFAULT_CACHE_SLOTS = 1 << 16;

export class EventQueue<P> {
  // The heap: each entry's key and bucket.
  private heapKeys: Float64Array;
  private heapBuckets: Int32Array;
  private heapSize = 0;
  // Buckets: first and last event slot of each (a singly linked list through
  // nextEvent), and the order they were started in (ties between equal keys).
  private bucketHead: Int32Array;
  private bucketTail: Int32Array;
  private bucketStarted: Float64Array;
  private bucketsStarted = 0;
  private freeBuckets: number[] = [];
  private bucketsUsed = 0;
  // The cache: per slot, a key and the newest pending bucket of that key (NONE when empty).
  private readonly cacheKeys: Float64Array;
  private readonly cacheBuckets: Int32Array;
  private readonly cacheMask: number;
  // Event slots: kind, payload, and the next event of the same bucket.
  private eventKind: Int32Array;
  private nextEvent: Int32Array;
  private payloads: (P | undefined)[] = [];
  private freeEvents: number[] = [];
  private eventsUsed = 0;
  private count = 0;

  /** `cacheSlots` (a power of two) is for tests, which make keys collide with a tiny cache. */
  constructor(initialCapacity = 1024, cacheSlots = DEFAULT_CACHE_SLOTS) {
    const capacity = Math.max(4, initialCapacity);
    this.heapKeys = new Float64Array(capacity);
    this.heapBuckets = new Int32Array(capacity);
    this.bucketHead = new Int32Array(capacity);
    this.bucketTail = new Int32Array(capacity);
    this.bucketStarted = new Float64Array(capacity);
    this.eventKind = new Int32Array(capacity);
    this.nextEvent = new Int32Array(capacity);
    invariant(cacheSlots > 0 && (cacheSlots & (cacheSlots - 1)) === 0, () => `cache slots must be a power of two, got ${cacheSlots}`);
    this.cacheKeys = new Float64Array(cacheSlots).fill(-1);
    this.cacheBuckets = new Int32Array(cacheSlots).fill(NONE);
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
    this.eventKind[event] = kind;
    this.nextEvent[event] = NONE;
    this.payloads[event] = payload;
    this.count++;
    const key = time * PRIORITY_SPAN + priority;
    const slot = cacheSlot(key, this.cacheMask);
    const cached = this.cacheBuckets[slot] as number;
    if (cached !== NONE && this.cacheKeys[slot] === key) {
      // The newest bucket of this key is pending: the event joins its end.
      this.nextEvent[this.bucketTail[cached] as number] = event;
      this.bucketTail[cached] = event;
      return;
    }
    const fresh = this.takeBucketSlot();
    this.bucketHead[fresh] = event;
    this.bucketTail[fresh] = event;
    this.bucketStarted[fresh] = this.bucketsStarted++;
    this.cacheKeys[slot] = key;
    this.cacheBuckets[slot] = fresh;
    this.heapInsert(key, fresh);
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
    const bucket = this.heapBuckets[0] as number;
    const event = this.bucketHead[bucket] as number;
    popped.kind = this.eventKind[event] as number;
    popped.payload = this.payloads[event];
    this.payloads[event] = undefined;
    this.freeEvents.push(event);
    this.count--;
    const next = this.nextEvent[event] as number;
    if (next !== NONE) {
      this.bucketHead[bucket] = next;
    } else {
      // The bucket is empty: it leaves the heap, and the cache if the cache still names it.
      const slot = cacheSlot(key, this.cacheMask);
      if (this.cacheBuckets[slot] === bucket) this.cacheBuckets[slot] = NONE;
      this.freeBuckets.push(bucket);
      this.heapRemoveTop();
    }
    return Math.floor(key / PRIORITY_SPAN);
  }

  private heapInsert(key: number, bucket: number): void {
    const keys = this.heapKeys, buckets = this.heapBuckets;
    let i = this.heapSize++;
    // A new bucket was started after every pending one, so it goes after those of an equal key.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      buckets[i] = buckets[parent] as number;
      i = parent;
    }
    keys[i] = key;
    buckets[i] = bucket;
  }

  private heapRemoveTop(): void {
    const keys = this.heapKeys, buckets = this.heapBuckets, started = this.bucketStarted;
    const last = --this.heapSize;
    if (last === 0) return;
    const key = keys[last] as number;
    const bucket = buckets[last] as number;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last) {
        const rk = keys[right] as number;
        const lk = keys[child] as number;
        // Equal keys (buckets of one key): the one started first is the smaller.
        if (rk < lk || (rk === lk && (started[buckets[right] as number] as number) < (started[buckets[child] as number] as number))) child = right;
      }
      const ck = keys[child] as number;
      if (key < ck || (key === ck && (started[bucket] as number) < (started[buckets[child] as number] as number))) break;
      keys[i] = ck;
      buckets[i] = buckets[child] as number;
      i = child;
    }
    keys[i] = key;
    buckets[i] = bucket;
  }

  private takeEventSlot(): number {
    if (this.freeEvents.length > 0) return this.freeEvents.pop() as number;
    if (this.eventsUsed === this.eventKind.length) {
      this.eventKind = doubled(this.eventKind);
      this.nextEvent = doubled(this.nextEvent);
    }
    return this.eventsUsed++;
  }

  private takeBucketSlot(): number {
    if (this.freeBuckets.length > 0) return this.freeBuckets.pop() as number;
    if (this.bucketsUsed === this.bucketHead.length) {
      this.bucketHead = doubled(this.bucketHead);
      this.bucketTail = doubled(this.bucketTail);
      this.bucketStarted = doubled(this.bucketStarted);
      this.heapKeys = doubled(this.heapKeys);
      this.heapBuckets = doubled(this.heapBuckets);
    }
    return this.bucketsUsed++;
  }
}

/** The cache slot of `key` (time * 8 + priority): the time's low bits, the priority folded in above them. */
function cacheSlot(key: number, mask: number): number {
  const low = key | 0; // the key's low 32 bits (ToInt32 of an integer is exact modulo 2^32)
  return ((low >>> 3) ^ ((low & 7) << 13)) & mask;
}
