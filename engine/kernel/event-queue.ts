/**
 * The pending-event set, ordered by (time, priority, sequence): same-time,
 * same-priority events run in the order they were scheduled (SimPy's rule).
 *
 * Layout, for speed: times are whole milliseconds, so many events share a
 * (time, priority) key (fixed latencies, timeouts set together, the hold model).
 * The queue is a binary min-heap of the *distinct* keys in typed arrays, each key
 * owning a FIFO bucket of events; FIFO order within a bucket is scheduling order,
 * so no sequence number is needed. Pushing onto an existing key is O(1) and only a
 * new key touches the heap. Events and buckets live in typed-array slots with free
 * lists, and keys find their bucket through an allocation-free hash table
 * (key-table.ts), so nothing is allocated per event once warm.
 */
import { doubled } from '../store/index';
import { invariant } from './invariant';
import { KeyTable } from '../store/index';

/** Priorities at the same instant: lower runs first. */
export const PRIORITY_URGENT = 0;
export const PRIORITY_NORMAL = 1;
export const PRIORITY_LATE = 2;

// time and priority share one float key: time * PRIORITY_SPAN + priority. Exact for
// integer times up to 2^53 / 8, about 35 000 years of simulated milliseconds.
const PRIORITY_SPAN = 8;
const NONE = -1;

export class EventQueue<P> {
  // The heap: distinct keys and the bucket of each.
  private heapKeys: Float64Array;
  private heapBuckets: Int32Array;
  private heapSize = 0;
  /** Key to bucket, for the keys now in the heap. */
  private readonly bucketOfKey: KeyTable;
  // Buckets: first and last event slot of each (a singly linked list through nextEvent).
  private bucketHead: Int32Array;
  private bucketTail: Int32Array;
  private freeBuckets: number[] = [];
  private bucketsUsed = 0;
  // Event slots: kind, payload, and the next event of the same bucket.
  private eventKind: Int32Array;
  private nextEvent: Int32Array;
  private payloads: (P | undefined)[] = [];
  private freeEvents: number[] = [];
  private eventsUsed = 0;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(4, initialCapacity);
    this.bucketOfKey = new KeyTable(capacity);
    this.heapKeys = new Float64Array(capacity);
    this.heapBuckets = new Int32Array(capacity);
    this.bucketHead = new Int32Array(capacity);
    this.bucketTail = new Int32Array(capacity);
    this.eventKind = new Int32Array(capacity);
    this.nextEvent = new Int32Array(capacity);
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
    const bucket = this.bucketOfKey.get(key);
    if (bucket >= 0) {
      // Same key as pending events: joins the end of their bucket.
      this.nextEvent[this.bucketTail[bucket] as number] = event;
      this.bucketTail[bucket] = event;
      return;
    }
    const fresh = this.takeBucketSlot();
    this.bucketHead[fresh] = event;
    this.bucketTail[fresh] = event;
    this.bucketOfKey.insert(key, fresh);
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
      // The bucket is empty: its key leaves the heap.
      this.bucketOfKey.delete(key);
      this.freeBuckets.push(bucket);
      this.heapRemoveTop();
    }
    return Math.floor(key / PRIORITY_SPAN);
  }

  private heapInsert(key: number, bucket: number): void {
    const keys = this.heapKeys, buckets = this.heapBuckets;
    let i = this.heapSize++;
    // Keys in the heap are distinct, so a strict comparison orders them fully.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk < key) break;
      keys[i] = pk;
      buckets[i] = buckets[parent] as number;
      i = parent;
    }
    keys[i] = key;
    buckets[i] = bucket;
  }

  private heapRemoveTop(): void {
    const keys = this.heapKeys, buckets = this.heapBuckets;
    const last = --this.heapSize;
    if (last === 0) return;
    const key = keys[last] as number;
    const bucket = buckets[last] as number;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last && (keys[right] as number) < (keys[child] as number)) child = right;
      const ck = keys[child] as number;
      if (key < ck) break;
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
      this.heapKeys = doubled(this.heapKeys);
      this.heapBuckets = doubled(this.heapBuckets);
    }
    return this.bucketsUsed++;
  }
}
