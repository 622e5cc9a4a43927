/**
 * Numbers kept per (row, key) pair of small non-negative integers, each row its
 * own small hash table: open addressing with linear probing in one Int32Array per
 * row, an entry being the key (stored + 1, so 0 marks a free place) followed by
 * its `fields` numbers side by side.
 *
 * Why rows apart rather than one table of pairs: lookups come in runs of one row
 * (a server fanning an event out to the servers of a room looks up its link to
 * each of them), and a row's table is a few kilobytes that stay in the CPU's
 * cache through the run, where one table of every pair (millions in a big
 * federation) costs a cache miss per lookup.
 *
 * Entries are never removed. Nothing is allocated per lookup; a row's table
 * doubles when half full.
 */

/** A row's first table: entries, before it doubles. */
const FIRST_ENTRIES = 8;

export class RowTables {
  private readonly stride: number;
  private readonly tables: Int32Array[] = [];
  private readonly used: number[] = [];

  /** `fields` numbers per entry, each set to `unset` when the entry is made. */
  constructor(
    private readonly fields: number,
    private readonly unset: number,
  ) {
    this.stride = fields + 1;
  }

  /**
   * Where the numbers of `key`'s entry in `row` start in table(row) (made on first
   * sight, its numbers `unset`). Read table(row) after this: making an entry may
   * replace the row's table.
   */
  entryOf(row: number, key: number): number {
    while (this.tables.length <= row) {
      this.tables.push(EMPTY_TABLE);
      this.used.push(0);
    }
    let table = this.tables[row] as Int32Array;
    const stored = key + 1;
    const stride = this.stride;
    // Capacity is a power of two entries: the mask picks an entry, times stride its place.
    let mask = table.length / stride - 1;
    if (mask >= 0) {
      for (let i = spread(key) & mask; ; i = (i + 1) & mask) {
        const at = i * stride;
        const found = table[at] as number;
        if (found === stored) return at + 1;
        if (found === 0) break;
      }
    }
    const used = this.used[row] as number;
    if ((used + 1) * 2 > mask + 1) {
      table = this.grown(table, Math.max(FIRST_ENTRIES, (mask + 1) * 2));
      this.tables[row] = table;
      mask = table.length / stride - 1;
    }
    this.used[row] = used + 1;
    return this.place(table, mask, stored);
  }

  /** The table of `row`: the numbers of an entry start where entryOf said. */
  table(row: number): Int32Array {
    return this.tables[row] as Int32Array;
  }

  /** Puts a new entry for `stored` (key + 1) in `table`, its numbers unset; returns where they start. */
  private place(table: Int32Array, mask: number, stored: number): number {
    let i = spread(stored - 1) & mask;
    while ((table[i * this.stride] as number) !== 0) i = (i + 1) & mask;
    const at = i * this.stride;
    table[at] = stored;
    if (this.unset !== 0) table.fill(this.unset, at + 1, at + 1 + this.fields);
    return at + 1;
  }

  /** `table`'s entries in a new table of `entries` places. */
  private grown(table: Int32Array, entries: number): Int32Array {
    const wider = new Int32Array(entries * this.stride);
    const mask = entries - 1;
    for (let at = 0; at < table.length; at += this.stride) {
      const stored = table[at] as number;
      if (stored === 0) continue;
      let i = spread(stored - 1) & mask;
      while ((wider[i * this.stride] as number) !== 0) i = (i + 1) & mask;
      wider.set(table.subarray(at, at + this.stride), i * this.stride);
    }
    return wider;
  }
}

const EMPTY_TABLE = new Int32Array(0);

/** Mixes a small integer key's bits so that neighbouring keys land apart (Fibonacci hashing, high bits folded down). */
function spread(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return h ^ (h >>> 16);
}
