/**
 * Where a run's member logs and view rows get their Int32Arrays.
 *
 * Why not `new Int32Array(n)` each time: V8 counts every ArrayBuffer as external
 * memory and starts a full garbage collection whenever that has grown by 64 MB
 * since the last one, whatever the heap's own limit. Rooms fill up during a run,
 * so their arrays keep doubling (a new one each time, the old one garbage): in a
 * million-join run 12 of the 15 full collections were started that way, each
 * marking the whole 2 GB heap (about a fifth of the run's time).
 *
 * Int32Slabs carves the arrays out of a few big ArrayBuffers instead, each four
 * times the size of the one before (a run makes a dozen at most, and only those
 * of 64 MiB and more count towards that trigger), and hands an array given back to
 * the next request of the same length. Untouched slab memory costs no resident
 * memory: the allocator maps it lazily. Fourfold rather than doubling: a
 * million-join run needs about 550 MiB, and doubling put its last slab (and a full
 * collection of a 1.6 GB heap) at the very end of the run; growing fourfold, the
 * last one comes while the heap is still small.
 */
export interface Int32Storage {
  /** A zero-filled array of `length` ints. */
  take(length: number): Int32Array;
  /** `array` is not used any more by whoever took it: it may be handed out again. */
  give(array: Int32Array): void;
}

/** Every array its own ArrayBuffer, nothing reused: for views made outside a run (import, tests). */
export const SEPARATE_ARRAYS: Int32Storage = {
  take: (length) => new Int32Array(length),
  give: () => undefined,
};

/** The first slab: 256 KiB, enough for a small scenario's rooms. */
const FIRST_SLAB_INTS = 1 << 16;
/** Slabs stop growing at 1 GiB. */
const LARGEST_SLAB_INTS = 1 << 28;
const SLAB_GROWTH = 4;
/** Arrays start on a cache line (16 ints), so a column of a view-rows block (16 rows) is one line. */
const ALIGN_INTS = 16;

export class Int32Slabs implements Int32Storage {
  private slab: ArrayBuffer | null = null;
  private slabInts = 0;
  /** Ints of the current slab handed out (the rest is untouched zeros). */
  private used = 0;
  private nextSlabInts = FIRST_SLAB_INTS;
  /** Arrays given back, by length. */
  private readonly spare = new Map<number, Int32Array[]>();
  /** How many slabs and ints were made (for tests and benchmarks). */
  slabs = 0;
  intsReserved = 0;

  take(length: number): Int32Array {
    const spare = this.spare.get(length);
    if (spare !== undefined && spare.length > 0) {
      const array = spare.pop() as Int32Array;
      // Given back with its last contents: only fresh slab space is known to be zero.
      array.fill(0);
      return array;
    }
    if (this.slab === null || this.used + length > this.slabInts) this.newSlab(length);
    const array = new Int32Array(this.slab as ArrayBuffer, this.used * 4, length);
    this.used += (length + ALIGN_INTS - 1) & ~(ALIGN_INTS - 1);
    return array;
  }

  give(array: Int32Array): void {
    if (array.length === 0) return;
    let spare = this.spare.get(array.length);
    if (spare === undefined) this.spare.set(array.length, (spare = []));
    spare.push(array);
  }

  /** A fresh slab big enough for `length` (the rest of the current one is left unused: at most one array's worth). */
  private newSlab(length: number): void {
    const ints = Math.max(this.nextSlabInts, length);
    this.slab = new ArrayBuffer(ints * 4);
    this.slabInts = ints;
    this.used = 0;
    this.nextSlabInts = Math.min(this.nextSlabInts * SLAB_GROWTH, LARGEST_SLAB_INTS);
    this.slabs++;
    this.intsReserved += ints;
  }
}
