/**
 * An incremental 64-bit hash of the canonical trace. Two 32-bit FNV-1a-style lanes
 * with different offsets and a final avalanche; not cryptographic, only a stable,
 * machine-independent identity for "what happened". Strings are hashed by UTF-16
 * code unit and numbers by their decimal text, so the value never depends on
 * platform float formatting beyond JavaScript's own (which is specified).
 */

/** Ends every field, so field boundaries count. */
const SEPARATOR = 0x1f;

/** Scratch for addNumber's digits (a 31-bit integer has at most 10). */
const DIGITS = new Int32Array(10);

/** Lane a after one UTF-16 code unit. */
function mixA(a: number, unit: number): number {
  return Math.imul(a ^ unit, 0x01000193);
}

/** Lane b after one UTF-16 code unit. */
function mixB(b: number, unit: number): number {
  const mixed = Math.imul(b ^ unit, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

export class Fingerprint {
  private a = 0x811c9dc5 | 0;
  private b = 0x01000193 ^ 0x5bd1e995;

  /** Mixes one string in, followed by a separator so ("ab","c") differs from ("a","bc"). */
  addString(text: string): void {
    // The lanes stay in locals across the string: one load and store per string, not per unit.
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = mixA(a, unit);
      b = mixB(b, unit);
    }
    this.a = a;
    this.b = b;
    this.endField();
  }

  /** Mixes one number in (as its canonical decimal text). */
  addNumber(value: number): void {
    // Times, stamps and ids are small non-negative integers: hash their decimal
    // digits straight from the number, the same code units String(value) would
    // give, without making a string per number (a trace has millions).
    if (!(value >= 0 && value <= 0x7fffffff && (value | 0) === value)) {
      this.addString(String(value));
      return;
    }
    // Digits least significant first into a scratch buffer (integer arithmetic
    // only), then mixed most significant first, as the text reads.
    let rest = value;
    let count = 0;
    do {
      DIGITS[count++] = 48 + (rest % 10);
      rest = (rest / 10) | 0;
    } while (rest > 0);
    let a = this.a;
    let b = this.b;
    while (count > 0) {
      const unit = DIGITS[--count] as number;
      a = mixA(a, unit);
      b = mixB(b, unit);
    }
    this.a = a;
    this.b = b;
    this.endField();
  }

  /** Closes a field: the separator goes into both lanes (without the per-unit shift, as it always has). */
  private endField(): void {
    this.a = Math.imul(this.a ^ SEPARATOR, 0x01000193);
    this.b = Math.imul(this.b ^ SEPARATOR, 0x5bd1e995);
  }

  /** The current value as 16 hex digits. */
  digest(): string {
    let a = this.a, b = this.b;
    a ^= a >>> 16; a = Math.imul(a, 0x85ebca6b); a ^= a >>> 13; a = Math.imul(a, 0xc2b2ae35); a ^= a >>> 16;
    b ^= b >>> 16; b = Math.imul(b, 0x85ebca6b); b ^= b >>> 13; b = Math.imul(b, 0xc2b2ae35); b ^= b >>> 16;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}
