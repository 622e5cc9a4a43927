/**
 * An incremental 64-bit hash of the canonical trace (fingerprint scheme 2). Not
 * cryptographic: only a stable, machine-independent identity for "what happened".
 *
 * The trace is a sequence of fields, and every field is one or more 32-bit words
 * mixed into two independent lanes:
 * - a string is one word, its `stringWord`: FNV-1a over its UTF-16 code units with
 *   its length folded in, so ("ab","c") and ("a","bc") differ;
 * - a non-negative 31-bit integer (times in ms, stamps, ids) is itself;
 * - any other number is its IEEE-754 bits read little-endian, and a tag.
 * Record keys are not hashed: a record's type (its first string) fixes its keys
 * and their order, so the values alone say what happened.
 *
 * Why words, not code units: scheme 1 mixed every code unit of every key and value
 * into the lanes, ~100 units per delivery, and a million-join run has tens of
 * millions of deliveries. A name's word never changes, so callers that repeat a
 * name work its word out once and hand it in (`addWord`); a delivery is then seven
 * words. Which words were precomputed changes only the speed, never the value.
 */

/** Which scheme this file computes; reports carry it, since fingerprints of different schemes never match. */
export const FINGERPRINT_SCHEME = 2;

/** The word a string field hashes to. */
export function stringWord(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ text.length, 0x9e3779b1);
}

/** Follows a number that is not a 31-bit integer (so 1.5 is never the words of two small integers). */
const FLOAT_TAG = 0x6a09e667;

/** For reading a float's bits in a fixed byte order on any machine. */
const FLOAT_BITS = new DataView(new ArrayBuffer(8));

export class Fingerprint {
  private a = 0x9747b28c | 0;
  private b = 0x5f356495 | 0;

  /**
   * Mixes one 32-bit word into both lanes: lane a is murmur3's block step, lane b
   * a multiply-rotate with other constants, so a collision in one lane is not one
   * in the other.
   */
  addWord(word: number): void {
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    let a = this.a ^ Math.imul(k, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let b = Math.imul(this.b + word, 0x85ebca6b);
    b = (b << 17) | (b >>> 15);
    this.b = Math.imul(b, 0xc2b2ae35) ^ (b >>> 13);
  }

  /** Mixes in one string field. */
  addString(text: string): void {
    this.addWord(stringWord(text));
  }

  /** Mixes in one number field. */
  addNumber(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) {
      this.addWord(value);
      return;
    }
    // NaN has many bit patterns; a trace has one meaning for it.
    FLOAT_BITS.setFloat64(0, value === value ? value : Number.NaN, true);
    this.addWord(FLOAT_BITS.getInt32(0, true));
    this.addWord(FLOAT_BITS.getInt32(4, true));
    this.addWord(FLOAT_TAG);
  }

  /** The current value as 16 hex digits (lanes avalanched, so close traces give unrelated values). */
  digest(): string {
    let a = this.a ^ Math.imul(this.b, 0x27d4eb2d);
    let b = this.b ^ Math.imul(this.a, 0x165667b1);
    a ^= a >>> 16; a = Math.imul(a, 0x85ebca6b); a ^= a >>> 13; a = Math.imul(a, 0xc2b2ae35); a ^= a >>> 16;
    b ^= b >>> 16; b = Math.imul(b, 0x85ebca6b); b ^= b >>> 13; b = Math.imul(b, 0xc2b2ae35); b ^= b >>> 16;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}
