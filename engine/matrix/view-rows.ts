/**
 * The per-view numbers of every view of one room, row after row in one array:
 * each row holds the joined users per server index of the room's log, then a
 * bitset of the member events that view received. A state event goes to every
 * resident of its room in one batch, so its deliveries walk this one block of
 * memory instead of one array per view scattered over the heap (in a million-join
 * run, waiting for those scattered arrays was the largest single cost).
 *
 * All rows share one width; when any view needs more (a new server, more events)
 * every row is widened at once, doubling, so the cost is amortised per room
 * rather than paid per view. Rows are never given back: a view that is dropped
 * keeps its row, which costs a few words and keeps any stale holder harmless.
 */
export class ViewRows {
  /** Row r, server index i: cells[r * stride + i]; received word w: cells[r * stride + joinedWidth + w]. */
  cells: Int32Array;
  joinedWidth = INITIAL_JOINED;
  wordsWidth = INITIAL_WORDS;
  stride = INITIAL_JOINED + INITIAL_WORDS;
  private rowCount = 0;
  private rowCapacity: number;

  constructor(initialRows = 2) {
    this.rowCapacity = initialRows;
    this.cells = new Int32Array(initialRows * this.stride);
  }

  /** A new row of zeros. */
  addRow(): number {
    if (this.rowCount === this.rowCapacity) this.relayout(this.joinedWidth, this.wordsWidth, Math.max(4, Math.ceil(this.rowCapacity * 1.5)));
    return this.rowCount++;
  }

  /** A new row holding a copy of row `source`. */
  copyRow(source: number): number {
    const row = this.addRow();
    const stride = this.stride;
    this.cells.copyWithin(row * stride, source * stride, source * stride + stride);
    return row;
  }

  /** Makes room for server index `index` in every row. */
  widenJoined(index: number): void {
    if (index >= this.joinedWidth) this.relayout(Math.max(index + 1, this.joinedWidth * 2), this.wordsWidth, this.rowCapacity);
  }

  /** Makes room for received word `word` in every row. */
  widenWords(word: number): void {
    if (word >= this.wordsWidth) this.relayout(this.joinedWidth, Math.max(word + 1, this.wordsWidth * 2), this.rowCapacity);
  }

  private relayout(joinedWidth: number, wordsWidth: number, rowCapacity: number): void {
    const stride = joinedWidth + wordsWidth;
    const cells = new Int32Array(rowCapacity * stride);
    const old = this.cells;
    const oldStride = this.stride;
    for (let row = 0; row < this.rowCount; row++) {
      const from = row * oldStride;
      const to = row * stride;
      cells.set(old.subarray(from, from + this.joinedWidth), to);
      cells.set(old.subarray(from + this.joinedWidth, from + oldStride), to + joinedWidth);
    }
    this.cells = cells;
    this.joinedWidth = joinedWidth;
    this.wordsWidth = wordsWidth;
    this.stride = stride;
    this.rowCapacity = rowCapacity;
  }
}

/** Most rooms are small: start narrow and let them widen. */
const INITIAL_JOINED = 4;
const INITIAL_WORDS = 2;
