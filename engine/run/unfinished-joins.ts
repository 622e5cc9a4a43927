/**
 * The joins under way, in the order they started: a list threaded through the
 * join records themselves, so adding and removing one allocates nothing.
 *
 * (A Set did this before. A million-join run adds and deletes a million entries,
 * and the Set kept rebuilding its table as they came and went; the tables it
 * dropped had lived long enough to reach the old generation, where only a full
 * collection frees them.)
 */
export interface UnfinishedLinks<T> {
  previousUnfinished: T | null;
  nextUnfinished: T | null;
}

export class UnfinishedJoins<T extends UnfinishedLinks<T>> {
  private first: T | null = null;
  private last: T | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `join` at the end (it must not be in the list). */
  add(join: T): void {
    join.previousUnfinished = this.last;
    join.nextUnfinished = null;
    if (this.last === null) this.first = join;
    else this.last.nextUnfinished = join;
    this.last = join;
    this.count++;
  }

  /** Removes `join` (nothing happens if it is not in the list); a removed join links to nothing, so it keeps no other join alive. */
  delete(join: T): void {
    const previous = join.previousUnfinished;
    const next = join.nextUnfinished;
    if (previous === null && next === null && this.first !== join) return;
    if (previous === null) this.first = next;
    else previous.nextUnfinished = next;
    if (next === null) this.last = previous;
    else next.previousUnfinished = previous;
    join.previousUnfinished = null;
    join.nextUnfinished = null;
    this.count--;
  }

  /** Calls `visit` with each join in start order; `visit` may remove the join it is given. */
  forEach(visit: (join: T) => void): void {
    let join = this.first;
    while (join !== null) {
      const next: T | null = join.nextUnfinished;
      visit(join);
      join = next;
    }
  }
}
