/**
 * The pending-event set: a binary min-heap ordered by (time, priority, sequence).
 * The sequence number makes same-time, same-priority events run in the order they
 * were scheduled (SimPy's rule). Keys live in typed arrays and payloads in a slot
 * array with a free list, so scheduling allocates nothing per event once warm.
 */
import { invariant } from './invariant';

/** Priorities at the same instant: lower runs first. */
export const PRIORITY_URGENT = 0;
export const PRIORITY_NORMAL = 1;
export const PRIORITY_LATE = 2;

// time and priority share one float key: time * PRIORITY_SPAN + priority. Exact for
// integer times up to 2^53 / 8, about 35 000 years of simulated milliseconds.
const PRIORITY_SPAN = 8;

export class EventQueue<P> {
  private keys: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private slots: Int32Array;
  private payloads: (P | undefined)[] = [];
  private freeSlots: number[] = [];
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an event of `kind` carrying `payload` at integer time `time`. */
  push(time: number, priority: number, kind: number, payload: P): void {
    // A plain test, not invariant(cond, () => message): no closure is made per event.
    if (!(priority >= 0 && priority < PRIORITY_SPAN)) invariant(false, `priority out of range: ${priority}`);
    if (this.count === this.keys.length) this.grow();
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.payloads.length;
    this.payloads[slot] = payload;
    let i = this.count++;
    const key = time * PRIORITY_SPAN + priority;
    const seq = this.nextSeq++;
    // Sift up: move parents down until the new key's place is found.
    const keys = this.keys, seqs = this.seqs, kinds = this.kinds, slots = this.slots;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk < key || (pk === key && (seqs[parent] as number) < seq)) break;
      keys[i] = pk;
      seqs[i] = seqs[parent] as number;
      kinds[i] = kinds[parent] as number;
      slots[i] = slots[parent] as number;
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    kinds[i] = kind;
    slots[i] = slot;
  }

  /** Time of the next event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : Math.floor((this.keys[0] as number) / PRIORITY_SPAN);
  }

  /**
   * Removes the next event. Its kind and payload are left in `popped` (reused, not
   * reallocated) and its time is returned; -1 when the queue is empty.
   */
  pop(popped: { kind: number; payload: P | undefined }): number {
    if (this.count === 0) return -1;
    const keys = this.keys, seqs = this.seqs, kinds = this.kinds, slots = this.slots;
    const topKey = keys[0] as number;
    const slot = slots[0] as number;
    popped.kind = kinds[0] as number;
    popped.payload = this.payloads[slot];
    this.payloads[slot] = undefined;
    this.freeSlots.push(slot);

    const last = --this.count;
    if (last > 0) {
      const key = keys[last] as number;
      const seq = seqs[last] as number;
      const kind = kinds[last] as number;
      const lastSlot = slots[last] as number;
      let i = 0;
      const half = last >> 1;
      // Sift down the former last element from the root.
      while (i < half) {
        let child = 2 * i + 1;
        const right = child + 1;
        if (right < last) {
          const ck = keys[child] as number, rk = keys[right] as number;
          if (rk < ck || (rk === ck && (seqs[right] as number) < (seqs[child] as number))) child = right;
        }
        const ck = keys[child] as number;
        if (key < ck || (key === ck && seq < (seqs[child] as number))) break;
        keys[i] = ck;
        seqs[i] = seqs[child] as number;
        kinds[i] = kinds[child] as number;
        slots[i] = slots[child] as number;
        i = child;
      }
      keys[i] = key;
      seqs[i] = seq;
      kinds[i] = kind;
      slots[i] = lastSlot;
    }
    return Math.floor(topKey / PRIORITY_SPAN);
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const kinds = new Int32Array(capacity);
    kinds.set(this.kinds);
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.keys = keys;
    this.seqs = seqs;
    this.kinds = kinds;
    this.slots = slots;
  }
}
