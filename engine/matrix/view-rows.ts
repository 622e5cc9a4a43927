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
  /** Columns allocated: server indices, received words. */
  joinedColumns = INITIAL_JOINED;
  wordColumns = INITIAL_WORDS;
  private readonly joinedBlocks: Int32Array[] = [];
  private readonly receivedBlocks: Int32Array[] = [];
  private readonly counterBlocks: Int32Array[] = [];
  private rowCount = 0;

  /** Joined users of server index `index` in `row` (0 beyond the columns). */
  joined(row: number, index: number): number {
    return index < this.joinedColumns ? ((this.joinedBlocks[row >>> BLOCK_SHIFT] as Int32Array)[index * BLOCK + (row & BLOCK_MASK)] as number) : 0;
  }

  /** Adds `delta` to the joined users of server index `index` in `row`; returns the old count. */
  addJoined(row: number, index: number, delta: number): number {
    if (index >= this.joinedColumns) this.widenJoined(index);
    const block = this.joinedBlocks[row >>> BLOCK_SHIFT] as Int32Array;
    const at = index * BLOCK + (row & BLOCK_MASK);
    const before = block[at] as number;
    block[at] = before + delta;
    return before;
  }

  /** Whether `row` has received member event `e`. */
  hasReceived(row: number, e: number): boolean {
    const word = e >>> 5;
    if (word >= this.wordColumns) return false;
    return (((this.receivedBlocks[row >>> BLOCK_SHIFT] as Int32Array)[word * BLOCK + (row & BLOCK_MASK)] as number) & (1 << (e & 31))) !== 0;
  }

  markReceived(row: number, e: number): void {
    const word = e >>> 5;
    if (word >= this.wordColumns) this.widenWords(word);
    const block = this.receivedBlocks[row >>> BLOCK_SHIFT] as Int32Array;
    const at = word * BLOCK + (row & BLOCK_MASK);
    block[at] = (block[at] as number) | (1 << (e & 31));
  }

  counter(row: number, which: number): number {
    return (this.counterBlocks[row >>> BLOCK_SHIFT] as Int32Array)[which * BLOCK + (row & BLOCK_MASK)] as number;
  }

  setCounter(row: number, which: number, value: number): void {
    (this.counterBlocks[row >>> BLOCK_SHIFT] as Int32Array)[which * BLOCK + (row & BLOCK_MASK)] = value;
  }

  /** A new row of zeros. */
  addRow(): number {
    if ((this.rowCount & BLOCK_MASK) === 0) {
      this.joinedBlocks.push(new Int32Array(this.joinedColumns * BLOCK));
      this.receivedBlocks.push(new Int32Array(this.wordColumns * BLOCK));
      this.counterBlocks.push(new Int32Array(COUNTERS * BLOCK));
    }
    return this.rowCount++;
  }

  /** A new row holding a copy of row `source`. */
  copyRow(source: number): number {
    const row = this.addRow();
    copyColumns(this.joinedBlocks, this.joinedColumns, source, row);
    copyColumns(this.receivedBlocks, this.wordColumns, source, row);
    copyColumns(this.counterBlocks, COUNTERS, source, row);
    return row;
  }

  private widenJoined(index: number): void {
    this.joinedColumns = Math.max(index + 1, this.joinedColumns * 2);
    widen(this.joinedBlocks, this.joinedColumns);
  }

  private widenWords(word: number): void {
    this.wordColumns = Math.max(word + 1, this.wordColumns * 2);
    widen(this.receivedBlocks, this.wordColumns);
  }
}

/** Copies row `from` to row `to` in every one of `columns` columns. */
function copyColumns(blocks: Int32Array[], columns: number, from: number, to: number): void {
  const source = blocks[from >>> BLOCK_SHIFT] as Int32Array;
  const target = blocks[to >>> BLOCK_SHIFT] as Int32Array;
  const f = from & BLOCK_MASK;
  const t = to & BLOCK_MASK;
  for (let c = 0; c < columns; c++) target[c * BLOCK + t] = source[c * BLOCK + f] as number;
}

/** Gives every block `columns` columns (new ones at the end, zero). */
function widen(blocks: Int32Array[], columns: number): void {
  for (let b = 0; b < blocks.length; b++) {
    const grown = new Int32Array(columns * BLOCK);
    grown.set(blocks[b] as Int32Array);
    blocks[b] = grown;
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
 * name by name instead of rescanned (a scan reads one column per server).
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
