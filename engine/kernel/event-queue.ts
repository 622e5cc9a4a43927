/**
 * The pending-event set, ordered by (time, priority, sequence): same-time,
 * same-priority events run in the order they were scheduled (SimPy's rule).
 *
 * Layout, for speed. Times are whole milliseconds, so many events share a (time,
 * priority) key (fixed latencies, timeouts set together, the hold model). Events
 * of one key form chains, FIFO lists linked through the event slots, and only a
 * chain's first event takes a place in the ordered structure. A new event finds
 * the newest chain of its key through a direct-mapped cache (one slot per hash of
 * the key, no probing) that names the chain's last event. The cache is never
 * cleaned: a hit counts only if that event's slot was not freed since (the cache
 * keeps the slot's generation) and the event is still last. A miss (no valid
 * chain, or the slot taken by another key) starts a new chain, even when an older
 * chain of the same key is pending.
 *
 * The chains are ordered by a radix heap, which a discrete-event queue may use
 * because a simulation never schedules before the time it has reached: keys only
 * grow. Chains sit in buckets by where their key first differs from the last key
 * taken out (`last`), read in hexadecimal digits (4 bits): bucket (d, v) holds the
 * chains whose highest digit differing from last's is digit d, with value v there
 * (v is above last's digit, keys being above last). Bucket number d * 16 + v
 * orders the buckets as their keys, and chains of key `last` are kept apart
 * (bucket zero). When bucket zero runs out, the lowest filled bucket's smallest
 * key becomes `last` and that bucket's chains move down to the buckets they now
 * belong in, all below digit d. Each chain moves only downwards, a digit at a
 * time: about log16 of its bucket's size times, where binary digits would move
 * it four times as often; every move is a sequential append. A binary heap
 * instead reads about log2(pending) places scattered over its arrays on every
 * push and pop. Moves keep the buckets' order, and two chains of one key are
 * always in the same bucket, so chains of a key run in the order they were
 * started: the order is scheduling order, with no tie-break to store.
 *
 * A push below `last` (the queue used outside a simulation, an urgent event at the
 * current time while a later-priority one runs, or one made after `peekTime`
 * looked ahead) goes to a small binary heap (early-chains.ts) that is always
 * taken out first, as its keys are smaller than any bucket's.
 *
 * Memory: once warm nothing is allocated per event; buckets keep their capacity.
 */
import { doubled } from '../store/index';
import { invariant } from './invariant';
import { EarlyChains } from './early-chains';

/** Priorities at the same instant: lower runs first. */
export const PRIORITY_URGENT = 0;
export const PRIORITY_NORMAL = 1;
export const PRIORITY_LATE = 2;

// time and priority share one float key: time * PRIORITY_SPAN + priority. Exact for
// integer times up to 2^53 / 8, about 35 000 years of simulated milliseconds.
const PRIORITY_SPAN = 8;
const NONE = -1;
/** An event slot's numbers in eventFields: kind, next event of its chain, the slot's generation (a fourth is unused: 16-byte blocks). */
const KIND = 0;
const NEXT = 1;
const GENERATION = 2;
const EVENT_FIELDS = 4;
/**
 * A cache slot's four numbers in `cache`, side by side in 16 bytes (one read): the
 * key's low and high 32-bit words, the last event of its key's newest chain, and
 * that event's slot generation then.
 */
const CACHE_KEY_LOW = 0;
const CACHE_KEY_HIGH = 1;
const CACHE_LAST = 2;
const CACHE_GENERATION = 3;
const CACHE_FIELDS = 4;
/** Slots of the key-to-chain cache (a power of two): 2^16, 1 MiB. */
const DEFAULT_CACHE_SLOTS = 1 << 16;
/**
 * How far ahead of `last` a key may be and still use the cache: 2^16 ms (in keys,
 * times 8). The cache is a megabyte read at a place set by the key's time, so a
 * push far ahead reads a place nothing near it reads (a likely miss of the CPU's
 * caches: a sixth of a run whose times are all distinct), for a chain rarely
 * joined: what is scheduled a minute or more ahead is a timeout or a backoff, not
 * a burst at one instant. Such a push starts a chain of its own, which changes no
 * order: chains of one key run in the order they were started. A key within the
 * horizon stays within it (`last` only grows), so a cached chain of a key is
 * always its newest.
 */
const CACHE_HORIZON = 2 ** 16 * PRIORITY_SPAN;
/** log2 of the bits in a digit: digits of 4 bits, 16 values. */
const DIGIT_SHIFT = 2;
const DIGIT_BITS = 1 << DIGIT_SHIFT;
const DIGIT_VALUES = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT_VALUES - 1;
const DIGITS_PER_WORD = 32 / DIGIT_BITS;
/**
 * Buckets: d * DIGIT_VALUES + v for a key whose highest hexadecimal digit
 * differing from last's is digit d (0 to 15; 8 up from the key's high word) with
 * value v there. Value 0 is never used (v is above last's digit), and bucket 0
 * stands for key == last (zeroEvents). Keys are exact below 2^53; a time the
 * scenario format allows beyond that (up to 2^53 - 1 ms, so keys up to 2^56, and a
 * little more once latencies are added) is inexact, as it always was, but still
 * has a bucket.
 */
const BUCKETS = 2 * DIGITS_PER_WORD * DIGIT_VALUES;
/** The first bucket of the high word's digits: buckets below it hold keys that share last's high word. */
const HIGH_WORD_BUCKETS = DIGITS_PER_WORD * DIGIT_VALUES;
/** Words of the filled-bucket bit set, 32 buckets to a word. */
const FILLED_WORDS = BUCKETS / 32;
/** The latest time the queue takes (its key, time * 8 + priority, stays below 2^63, so its high word stays a positive int32). */
const MAX_TIME = 2 ** 59;
const TWO_32 = 4294967296;

export class EventQueue<P> {
  // Event slots: EVENT_FIELDS numbers each, side by side in one 16-byte block (a
  // read of one is a read of all): kind, the next event of its chain, and the
  // slot's generation (counted up each time the slot is freed, so a cache entry
  // naming an earlier occupant can tell).
  private eventFields: Int32Array;
  private readonly payloads: (P | undefined)[] = [];
  private readonly freeEvents: number[] = [];
  private eventsUsed = 0;
  private count = 0;
  // The radix heap: per bucket from 1 up, its chains' keys and first events, in
  // the order they came. Bucket 0's chains all have key `last`: only their first
  // events are kept, taken from the front (zeroHead).
  private readonly bucketKeys: Float64Array[] = [];
  private readonly bucketEvents: Int32Array[] = [];
  private readonly bucketLength = new Int32Array(BUCKETS);
  private zeroEvents: Int32Array;
  private zeroLength = 0;
  private zeroHead = 0;
  /** Which buckets from 1 up hold chains: bucket b is bit b % 32 of word b / 32 (lowest set bit, lowest keys). */
  private readonly filled = new Int32Array(FILLED_WORDS);
  // The last key taken from the buckets, whole and as its two 32-bit words.
  private last = 0;
  private lastHigh = 0;
  private lastLow = 0;
  // Chains of keys below `last` (early-chains.ts).
  private readonly early = new EarlyChains();
  // The cache: CACHE_FIELDS numbers per slot (a high word of -1 matches no key).
  private readonly cache: Int32Array;
  private readonly cacheMask: number;

  /** `cacheSlots` (a power of two) is for tests, which make keys collide with a tiny cache. */
  constructor(initialCapacity = 1024, cacheSlots = DEFAULT_CACHE_SLOTS) {
    const capacity = Math.max(4, initialCapacity);
    this.eventFields = new Int32Array(capacity * EVENT_FIELDS);
    this.zeroEvents = new Int32Array(capacity);
    // Buckets of digit value 0 are never used (bucket 0 is zeroEvents): no room for them.
    for (let b = 0; b < BUCKETS; b++) {
      const size = (b & DIGIT_MASK) === 0 ? 0 : 16;
      this.bucketKeys.push(new Float64Array(size));
      this.bucketEvents.push(new Int32Array(size));
    }
    invariant(cacheSlots > 0 && (cacheSlots & (cacheSlots - 1)) === 0, () => `cache slots must be a power of two, got ${cacheSlots}`);
    this.cache = new Int32Array(cacheSlots * CACHE_FIELDS).fill(-1);
    this.cacheMask = cacheSlots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds an event of `kind` carrying `payload` at integer time `time`. */
  push(time: number, priority: number, kind: number, payload: P): void {
    // A plain test, not invariant(cond, () => message): no closure is made per event.
    if (!(priority >= 0 && priority < PRIORITY_SPAN)) invariant(false, `priority out of range: ${priority}`);
    if (!(time <= MAX_TIME)) invariant(false, `time out of range: ${time} (at most 2^59 ms)`);
    const event = this.takeEventSlot();
    const fields = this.eventFields;
    const at = event * EVENT_FIELDS;
    const key = time * PRIORITY_SPAN + priority;
    fields[at + KIND] = kind;
    fields[at + NEXT] = NONE;
    this.payloads[event] = payload;
    this.count++;
    // A key far ahead of the last one taken is left out of the cache (see CACHE_HORIZON).
    if (key - this.last < CACHE_HORIZON) {
      const cache = this.cache;
      const low = key | 0; // the key's low 32 bits (ToInt32 of an integer is exact modulo 2^32)
      const high = (key / TWO_32) | 0;
      const entry = cacheSlot(low, this.cacheMask) * CACHE_FIELDS;
      if (cache[entry + CACHE_KEY_LOW] === low && cache[entry + CACHE_KEY_HIGH] === high) {
        const lastAt = (cache[entry + CACHE_LAST] as number) * EVENT_FIELDS;
        // The same occupant (not freed since: same generation) and still last: join its chain.
        if (fields[lastAt + GENERATION] === cache[entry + CACHE_GENERATION] && fields[lastAt + NEXT] === NONE) {
          fields[lastAt + NEXT] = event;
          cache[entry + CACHE_LAST] = event;
          cache[entry + CACHE_GENERATION] = fields[at + GENERATION] as number;
          return;
        }
      }
      cache[entry + CACHE_KEY_LOW] = low;
      cache[entry + CACHE_KEY_HIGH] = high;
      cache[entry + CACHE_LAST] = event;
      cache[entry + CACHE_GENERATION] = fields[at + GENERATION] as number;
    }
    if (key === this.last) this.appendToZero(event);
    else if (key > this.last) this.append(this.bucketOf(key), key, event);
    else this.early.add(key, event);
  }

  /** Time of the next event; Infinity when empty. */
  peekTime(): number {
    if (this.count === 0) return Infinity;
    if (this.early.size > 0) return Math.floor(this.early.firstKey / PRIORITY_SPAN);
    this.fillBucketZero();
    return Math.floor(this.last / PRIORITY_SPAN);
  }

  /**
   * Removes the next event. Its kind and payload are left in `popped` (reused, not
   * reallocated) and its time is returned; -1 when the queue is empty.
   */
  pop(popped: { kind: number; payload: P | undefined }): number {
    if (this.count === 0) return -1;
    const fields = this.eventFields;
    let key: number;
    let event: number;
    if (this.early.size === 0) {
      if (this.zeroLength === 0) this.fillBucketZero();
      key = this.last;
      const events = this.zeroEvents;
      const head = this.zeroHead;
      event = events[head] as number;
      const next = fields[event * EVENT_FIELDS + NEXT] as number;
      // The chain goes on: its next event takes the entry.
      if (next !== NONE) events[head] = next;
      else if (head + 1 === this.zeroLength) {
        this.zeroHead = 0;
        this.zeroLength = 0;
      } else this.zeroHead = head + 1;
    } else {
      const early = this.early;
      key = early.firstKey;
      event = early.firstEvent;
      const next = fields[event * EVENT_FIELDS + NEXT] as number;
      if (next !== NONE) early.firstEvent = next;
      else early.removeFirst();
    }
    const at = event * EVENT_FIELDS;
    popped.kind = fields[at + KIND] as number;
    popped.payload = this.payloads[event];
    fields[at + GENERATION] = ((fields[at + GENERATION] as number) + 1) | 0;
    this.payloads[event] = undefined;
    this.freeEvents.push(event);
    this.count--;
    return Math.floor(key / PRIORITY_SPAN);
  }

  /** The bucket of `key`, above `last`: its highest digit differing from last's, and its value there. */
  private bucketOf(key: number): number {
    const high = (key / TWO_32) | 0;
    if (high !== this.lastHigh) return HIGH_WORD_BUCKETS + wordBucket(high, this.lastHigh);
    return wordBucket(key >>> 0, this.lastLow);
  }

  private appendToZero(event: number): void {
    if (this.zeroLength === this.zeroEvents.length) this.zeroEvents = doubled(this.zeroEvents);
    this.zeroEvents[this.zeroLength++] = event;
  }

  /** Appends a chain to bucket `bucket`, 1 or above. */
  private append(bucket: number, key: number, event: number): void {
    const length = this.bucketLength[bucket] as number;
    let keys = this.bucketKeys[bucket] as Float64Array;
    if (length === keys.length) {
      this.bucketKeys[bucket] = keys = doubled(keys);
      this.bucketEvents[bucket] = doubled(this.bucketEvents[bucket] as Int32Array);
    }
    keys[length] = key;
    (this.bucketEvents[bucket] as Int32Array)[length] = event;
    this.bucketLength[bucket] = length + 1;
    this.filled[bucket >> 5] = (this.filled[bucket >> 5] as number) | (1 << (bucket & 31));
  }

  /**
   * Makes bucket 0 hold the next chains: when it is empty, the lowest filled
   * bucket's smallest key becomes `last` and that bucket's chains move, in their
   * order, to the (lower) buckets they belong in now.
   */
  private fillBucketZero(): void {
    if (this.zeroLength !== 0) return;
    const filled = this.filled;
    let word = 0;
    while (word < FILLED_WORDS && filled[word] === 0) word++;
    if (word === FILLED_WORDS) return;
    const bits = filled[word] as number;
    const bucket = word * 32 + 31 - Math.clz32(bits & -bits);
    const keys = this.bucketKeys[bucket] as Float64Array;
    const events = this.bucketEvents[bucket] as Int32Array;
    const length = this.bucketLength[bucket] as number;
    this.bucketLength[bucket] = 0;
    filled[word] = bits & ~(1 << (bucket & 31));
    let smallest = keys[0] as number;
    for (let i = 1; i < length; i++) if ((keys[i] as number) < smallest) smallest = keys[i] as number;
    this.last = smallest;
    this.lastHigh = (smallest / TWO_32) | 0;
    const lastLow = smallest >>> 0;
    this.lastLow = lastLow;
    if (bucket < HIGH_WORD_BUCKETS) {
      // A bucket of the low word's digits: its keys share last's high word, so only their low words are read.
      for (let i = 0; i < length; i++) {
        const key = keys[i] as number;
        if (key === smallest) this.appendToZero(events[i] as number);
        else this.append(wordBucket(key >>> 0, lastLow), key, events[i] as number);
      }
      return;
    }
    for (let i = 0; i < length; i++) {
      const key = keys[i] as number;
      if (key === smallest) this.appendToZero(events[i] as number);
      else this.append(this.bucketOf(key), key, events[i] as number);
    }
  }

  private takeEventSlot(): number {
    if (this.freeEvents.length > 0) return this.freeEvents.pop() as number;
    if (this.eventsUsed * EVENT_FIELDS === this.eventFields.length) this.eventFields = doubled(this.eventFields);
    return this.eventsUsed++;
  }
}

/**
 * The bucket, counted from the word's first, of a key's 32-bit word `word` that
 * is above last's `lastWord`: the highest digit in which they differ, and the
 * key's value there.
 */
function wordBucket(word: number, lastWord: number): number {
  const digit = (31 - Math.clz32(word ^ lastWord)) >> DIGIT_SHIFT;
  return digit * DIGIT_VALUES + ((word >>> (digit * DIGIT_BITS)) & DIGIT_MASK);
}

/** The cache slot of a key (time * 8 + priority) from its low word: the time's low bits, the priority folded in above them. */
function cacheSlot(low: number, mask: number): number {
  return ((low >>> 3) ^ ((low & 7) << 13)) & mask;
}
