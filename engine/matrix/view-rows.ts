/**
 * The per-view numbers of every view of one room, in two arrays shared by all of
 * them: each view's joined users per server index of the room's log, and a bitset
 * of the member events that view received. A view is a row; the arrays are laid
 * out column by column (all views' counts for server i side by side, all views'
 * bits for word w side by side), because the hot use is a batch of deliveries of
 * one event to every resident of its room: they all touch the same column, so
 * the batch walks adjacent memory instead of one array per view scattered over
 * the heap (in a million-join run, waiting for those arrays was the largest
 * single cost).
 *
 * Columns are added as the log grows; rows as views are made, with the arrays
 * re-laid out when the row capacity doubles, so the cost is amortised per
 * room rather than paid per view. Rows are never given back: a view that is
 * dropped keeps its row, which costs a few words and keeps any stale holder
 * harmless.
 */
export class ViewRows {
  /** Joined users: joined[serverIndex * rowCapacity + row]. */
  joined: Int32Array;
  /** Received bits: received[word * rowCapacity + row], bit e & 31 of word e >>> 5. */
  received: Int32Array;
  /** Per-row counters (members, resident servers, residency changes, cache flag): counters[counter * rowCapacity + row]. */
  counters: Int32Array;
  /** Columns allocated in each array. */
  joinedColumns = INITIAL_JOINED;
  wordColumns = INITIAL_WORDS;
  rowCapacity: number;
  private rowCount = 0;

  constructor(initialRows = 2) {
    this.rowCapacity = initialRows;
    this.joined = new Int32Array(INITIAL_JOINED * initialRows);
    this.received = new Int32Array(INITIAL_WORDS * initialRows);
    this.counters = new Int32Array(COUNTERS * initialRows);
  }

  /** Whether counter `which` of `row` is non-zero. */
  flagged(row: number, which: number): boolean {
    return this.counters[which * this.rowCapacity + row] !== 0;
  }

  /** A new row of zeros. */
  addRow(): number {
    if (this.rowCount === this.rowCapacity) this.growRows(Math.max(4, this.rowCapacity * 2));
    return this.rowCount++;
  }

  /** A new row holding a copy of row `source`. */
  copyRow(source: number): number {
    const row = this.addRow();
    const capacity = this.rowCapacity;
    for (let c = 0; c < this.joinedColumns; c++) this.joined[c * capacity + row] = this.joined[c * capacity + source] as number;
    for (let c = 0; c < this.wordColumns; c++) this.received[c * capacity + row] = this.received[c * capacity + source] as number;
    for (let c = 0; c < COUNTERS; c++) this.counters[c * capacity + row] = this.counters[c * capacity + source] as number;
    return row;
  }

  /** Makes room for `more` rows beyond those in use (so a known number of copies costs one layout, not several). */
  reserve(more: number): void {
    if (this.rowCount + more > this.rowCapacity) this.growRows(this.rowCount + more);
  }

  /** Makes room for server index `index` in every row. */
  widenJoined(index: number): void {
    if (index < this.joinedColumns) return;
    this.joinedColumns = Math.max(index + 1, this.joinedColumns * 2);
    this.joined = extended(this.joined, this.joinedColumns * this.rowCapacity);
  }

  /** Makes room for received word `word` in every row. */
  widenWords(word: number): void {
    if (word < this.wordColumns) return;
    this.wordColumns = Math.max(word + 1, this.wordColumns * 2);
    this.received = extended(this.received, this.wordColumns * this.rowCapacity);
  }

  private growRows(rowCapacity: number): void {
    this.joined = relaidOut(this.joined, this.joinedColumns, this.rowCapacity, rowCapacity);
    this.received = relaidOut(this.received, this.wordColumns, this.rowCapacity, rowCapacity);
    this.counters = relaidOut(this.counters, COUNTERS, this.rowCapacity, rowCapacity);
    this.rowCapacity = rowCapacity;
  }
}

/** `cells` copied to the start of a longer array (new columns at the end are zero). */
function extended(cells: Int32Array, length: number): Int32Array {
  const out = new Int32Array(length);
  out.set(cells);
  return out;
}

/** Column-major `cells` with `columns` columns, moved from `fromRows` to `toRows` rows a column. */
function relaidOut(cells: Int32Array, columns: number, fromRows: number, toRows: number): Int32Array {
  const out = new Int32Array(columns * toRows);
  for (let c = 0; c < columns; c++) out.set(cells.subarray(c * fromRows, c * fromRows + fromRows), c * toRows);
  return out;
}

/** The per-row counters. */
export const MEMBER_COUNT = 0;
export const RESIDENT_COUNT = 1;
export const RESIDENCY_CHANGES = 2;
/** 1 while the row's view caches authorisers: applying an event must then go through the view, which drops stale entries. */
export const HAS_AUTHORISER_CACHE = 3;
/** The server index of the latest residency change (so a resident list one change old is updated, not recomputed). */
export const LAST_RESIDENCY_CHANGE = 4;
const COUNTERS = 5;

/** Most rooms are small: start narrow and let them widen. */
const INITIAL_JOINED = 4;
const INITIAL_WORDS = 2;
