import { SEPARATE_ARRAYS, type Int32Storage } from './int32-slabs';

/**
 * The per-view numbers of every view of one room, kept together: each view's
 * joined users per server index of the room's log, a bitset of the member events
 * it received, and a few counters. A view is a row.
 *
 * Rows are stored in blocks of 16 (one cache line of a column), each block
 * column by column (all its rows' counts for server i side by side, all their
 * bits for word w side by side), because the hot use is a batch of deliveries
 * of one event to every resident of its room: they touch the same column of
 * consecutive rows, so the batch walks adjacent memory instead of one array per
 * view scattered over the heap (in a million-join run, waiting for those arrays
 * was the largest single cost).
 * Blocks mean a new view never moves the others (a big room has thousands of
 * views and thousands of servers, so re-laying out everything per doubling was
 * itself a cost); a new column widens each block, doubling, so that cost is
 * amortised. Rows are never given back: a view that is dropped keeps its row,
 * which costs a few words and keeps any stale holder harmless.
 */
export class ViewRows {
  /** Columns allocated: server indices, residency words (a bit per server index), received words. */
  joinedColumns = INITIAL_JOINED;
  wordColumns = INITIAL_WORDS;
  /**
   * One Int32Array per block, columns in this order: the counters, the joined
   * counts (joinedColumns), the residency words (a bit per joined column), the received
   * words (wordColumns). One allocation per
   * block and per widening, not three: a big federation has a hundred thousand
   * rooms, mostly small, and typed arrays are dear to make.
   */
  private readonly blocks: Int32Array[] = [];
  private rowCount = 0;

  /** `storage` gives the blocks (and takes back those a widening replaces). */
  constructor(private readonly storage: Int32Storage = SEPARATE_ARRAYS) {}

  /** Joined users of server index `index` in `row` (0 beyond the columns). */
  joined(row: number, index: number): number {
    return index < this.joinedColumns ? ((this.blocks[row >>> BLOCK_SHIFT] as Int32Array)[(COUNTERS + index) * BLOCK + (row & BLOCK_MASK)] as number) : 0;
  }

  /** Adds `delta` to the joined users of server index `index` in `row` (its residency bit follows); returns the old count. */
  addJoined(row: number, index: number, delta: number): number {
    if (index >= this.joinedColumns) this.widenJoined(index);
    const block = this.blocks[row >>> BLOCK_SHIFT] as Int32Array;
    const at = (COUNTERS + index) * BLOCK + (row & BLOCK_MASK);
    const before = block[at] as number;
    const after = before + delta;
    block[at] = after;
    if (before > 0 !== after > 0) {
      const word = (COUNTERS + this.joinedColumns + (index >>> 5)) * BLOCK + (row & BLOCK_MASK);
      block[word] = (block[word] as number) ^ (1 << (index & 31));
    }
    return before;
  }

  /** Whether server index `index` has a joined user in `row` (its count is above zero). */
  isResident(row: number, index: number): boolean {
    if (index >= this.joinedColumns) return false;
    const word = (COUNTERS + this.joinedColumns + (index >>> 5)) * BLOCK + (row & BLOCK_MASK);
    return (((this.blocks[row >>> BLOCK_SHIFT] as Int32Array)[word] as number) & (1 << (index & 31))) !== 0;
  }

  /** Whether `row` has received member event `e`. */
  hasReceived(row: number, e: number): boolean {
    const word = e >>> 5;
    if (word >= this.wordColumns) return false;
    const at = (this.receivedStart() + word) * BLOCK + (row & BLOCK_MASK);
    return (((this.blocks[row >>> BLOCK_SHIFT] as Int32Array)[at] as number) & (1 << (e & 31))) !== 0;
  }

  markReceived(row: number, e: number): void {
    const word = e >>> 5;
    if (word >= this.wordColumns) this.widenWords(word);
    const block = this.blocks[row >>> BLOCK_SHIFT] as Int32Array;
    const at = (this.receivedStart() + word) * BLOCK + (row & BLOCK_MASK);
    block[at] = (block[at] as number) | (1 << (e & 31));
  }

  counter(row: number, which: number): number {
    return (this.blocks[row >>> BLOCK_SHIFT] as Int32Array)[which * BLOCK + (row & BLOCK_MASK)] as number;
  }

  setCounter(row: number, which: number, value: number): void {
    (this.blocks[row >>> BLOCK_SHIFT] as Int32Array)[which * BLOCK + (row & BLOCK_MASK)] = value;
  }

  /** A new row of zeros. */
  addRow(): number {
    if ((this.rowCount & BLOCK_MASK) === 0) this.blocks.push(this.storage.take(this.columns() * BLOCK));
    return this.rowCount++;
  }

  /** A new row holding a copy of row `source`. */
  copyRow(source: number): number {
    const row = this.addRow();
    const from = this.blocks[source >>> BLOCK_SHIFT] as Int32Array;
    const to = this.blocks[row >>> BLOCK_SHIFT] as Int32Array;
    const f = source & BLOCK_MASK;
    const t = row & BLOCK_MASK;
    const columns = this.columns();
    for (let c = 0; c < columns; c++) to[c * BLOCK + t] = from[c * BLOCK + f] as number;
    return row;
  }

  /** Columns per block: counters, joined counts, residency words, received words. */
  private columns(): number {
    return this.receivedStart() + this.wordColumns;
  }

  /** The first received word's column. */
  private receivedStart(): number {
    return COUNTERS + this.joinedColumns + residentWordsFor(this.joinedColumns);
  }

  /**
   * Room for server index `index`: joined columns double (at least), the
   * residency words that many more bits, and the columns after each move up.
   */
  private widenJoined(index: number): void {
    const oldJoined = this.joinedColumns;
    const oldResident = residentWordsFor(oldJoined);
    const joined = Math.max(index + 1, oldJoined * 2);
    const resident = residentWordsFor(joined);
    const words = this.wordColumns;
    for (let b = 0; b < this.blocks.length; b++) {
      const old = this.blocks[b] as Int32Array;
      const grown = this.storage.take((COUNTERS + joined + resident + words) * BLOCK);
      grown.set(old.subarray(0, (COUNTERS + oldJoined) * BLOCK));
      grown.set(old.subarray((COUNTERS + oldJoined) * BLOCK, (COUNTERS + oldJoined + oldResident) * BLOCK), (COUNTERS + joined) * BLOCK);
      grown.set(old.subarray((COUNTERS + oldJoined + oldResident) * BLOCK), (COUNTERS + joined + resident) * BLOCK);
      this.blocks[b] = grown;
      this.storage.give(old);
    }
    this.joinedColumns = joined;
  }

  /** Room for received word `word`: the words are the last columns, so each block just grows. */
  private widenWords(word: number): void {
    this.wordColumns = Math.max(word + 1, this.wordColumns * 2);
    const size = this.columns() * BLOCK;
    for (let b = 0; b < this.blocks.length; b++) {
      const old = this.blocks[b] as Int32Array;
      const grown = this.storage.take(size);
      grown.set(old);
      this.blocks[b] = grown;
      this.storage.give(old);
    }
  }
}

/** The per-row counters. */
export const MEMBER_COUNT = 0;
export const RESIDENT_COUNT = 1;
export const RESIDENCY_CHANGES = 2;
/** 1 while the row's view caches authorisers: applying an event must then go through the view, which drops stale entries. */
export const HAS_AUTHORISER_CACHE = 3;
/**
 * The server indices of the latest RECENT_CHANGES residency changes, change n at
 * RECENT_CHANGE + n % RECENT_CHANGES: a resident list a few changes old is updated
 * name by name instead of rescanned.
 */
export const RECENT_CHANGE = 4;
export const RECENT_CHANGES = 8;
const COUNTERS = RECENT_CHANGE + RECENT_CHANGES;

/** Rows per block. */
const BLOCK_SHIFT = 4;
const BLOCK = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK - 1;

/** Most rooms are small: start narrow and let them widen. */
const INITIAL_JOINED = 4;
const INITIAL_WORDS = 2;

/** Residency words for `joined` server indices: a bit each. */
function residentWordsFor(joined: number): number {
  return (joined + 31) >>> 5;
}
