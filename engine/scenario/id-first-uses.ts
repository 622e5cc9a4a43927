/**
 * Where each timeline id was first used, as a map from id to a number would keep
 * it, without a map of every id: a join without an `id` is named `join-N`, so a
 * million-join file has a million such names, and a map of them was a tenth of
 * validating that file. An id of that form is kept by its number in an array
 * (while the numbers come about in order, as they do), any other id in a map.
 */
export class IdFirstUses {
  /** By N, the first use of `join-N` (0: none yet). */
  private readonly byNumber: number[] = [0];
  private readonly others = new Map<string, number>();

  get(id: string): number | undefined {
    const n = joinNumber(id);
    if (n > 0 && n < this.byNumber.length) {
      const first = this.byNumber[n] as number;
      if (first !== 0) return first;
    }
    return this.others.get(id);
  }

  /** Records `id`'s first use (nonzero), which get() found none of. */
  set(id: string, first: number): void {
    const n = joinNumber(id);
    // Only the next number or one below it goes to the array, so an id like
    // `join-99999999` never makes it long; the rest go to the map, which get() asks too.
    if (n > 0 && n <= this.byNumber.length) {
      if (n === this.byNumber.length) this.byNumber.push(first);
      else this.byNumber[n] = first;
    } else {
      this.others.set(id, first);
    }
  }
}

const PREFIX = 'join-';
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** N for an id written exactly `join-N` (N from 1, no leading zero, at most nine digits); 0 for any other. */
export function joinNumber(id: string): number {
  const digits = id.length - PREFIX.length;
  if (digits < 1 || digits > 9 || !id.startsWith(PREFIX) || id.charCodeAt(PREFIX.length) === DIGIT_0) return 0;
  let n = 0;
  for (let i = PREFIX.length; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return 0;
    n = n * 10 + (c - DIGIT_0);
  }
  return n;
}
