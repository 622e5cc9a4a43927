/**
 * A hash table from integer-valued float keys to small non-negative integers,
 * in typed arrays: open addressing with linear probing and backward-shift
 * deletion, so neither lookups, inserts nor deletes allocate. It serves the event
 * queue, where a Map with keys beyond the small-integer range would box a number
 * on every insert.
 */

const EMPTY = -1;

export class KeyTable {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const keys = this.keys, values = this.values, mask = this.mask;
    let i = hash(key) & mask;
    for (;;) {
      const value = values[i] as number;
      if (value === EMPTY) return EMPTY;
      if (keys[i] === key) return value;
      i = (i + 1) & mask;
    }
  }

  /** Stores `value` (≥ 0) for `key`, which must not be in the table. */
  insert(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.values.length) this.grow();
    this.place(key, value);
    this.size++;
  }

  /** Removes `key`, which must be in the table. */
  delete(key: number): void {
    const keys = this.keys, values = this.values, mask = this.mask;
    let i = hash(key) & mask;
    while (keys[i] !== key || values[i] === EMPTY) i = (i + 1) & mask;
    // Backward-shift: pull later entries of the probe run into the gap, so no
    // tombstones build up and lookups stay short.
    let gap = i;
    let j = (i + 1) & mask;
    while (values[j] !== EMPTY) {
      const home = hash(keys[j] as number) & mask;
      // Entry j may move into the gap unless its home lies cyclically in (gap, j].
      const between = gap <= j ? home > gap && home <= j : home > gap || home <= j;
      if (!between) {
        keys[gap] = keys[j] as number;
        values[gap] = values[j] as number;
        gap = j;
      }
      j = (j + 1) & mask;
    }
    values[gap] = EMPTY;
    this.size--;
  }

  private place(key: number, value: number): void {
    const keys = this.keys, values = this.values, mask = this.mask;
    let i = hash(key) & mask;
    while (values[i] !== EMPTY) i = (i + 1) & mask;
    keys[i] = key;
    values[i] = value;
  }

  private grow(): void {
    const oldKeys = this.keys, oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Int32Array(oldValues.length * 2).fill(EMPTY);
    this.mask = this.values.length - 1;
    for (let i = 0; i < oldValues.length; i++) if (oldValues[i] !== EMPTY) this.place(oldKeys[i] as number, oldValues[i] as number);
  }
}

/** Mixes an integer-valued float (up to 2^53) into 32 bits. */
function hash(key: number): number {
  let h = (key | 0) ^ Math.floor(key / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
