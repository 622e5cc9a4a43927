import { insertionPoint } from '../store/index';

/**
 * Who a new state event goes to: the servers resident before it and after it
 * (a leave still reaches the server that left; a join reaches the one that
 * joined), and for a member event the target user's server, in name order,
 * without the sender and without a server left out on purpose.
 *
 * The resident lists come sorted from the view, so this is a merge, not a
 * set-and-sort per event, and usually not even that (see below).
 */
export function recipientsOf(
  before: readonly string[],
  after: readonly string[],
  extra: string | null,
  sender: string,
  leftOut: string | null,
): string[] {
  // One event changes one user's membership, so at most one server's residency:
  // then the union of the two lists is the longer one, and no names need comparing
  // beyond a few binary searches.
  if (before === after || (after.length === before.length + 1 && isOneLonger(after, before)) || (before.length === after.length + 1 && isOneLonger(before, after))) {
    return adjusted(after.length >= before.length ? after : before, extra, sender, leftOut);
  }
  const out: string[] = [];
  const add = (name: string): void => {
    if (name !== sender && name !== leftOut) out.push(name);
  };
  let pending = extra;
  let i = 0;
  let j = 0;
  for (;;) {
    const a = before[i];
    const b = before === after ? undefined : after[j];
    let next: string;
    if (a === undefined && b === undefined) break;
    if (b === undefined || (a !== undefined && a < b)) {
      next = a as string;
      i++;
    } else if (a === undefined || b < a) {
      next = b;
      j++;
    } else {
      next = a;
      i++;
      j++;
    }
    if (pending !== null && pending < next) {
      add(pending);
      pending = null;
    } else if (pending === next) {
      pending = null;
    }
    add(next);
  }
  if (pending !== null) add(pending);
  return out;
}


/** Sorted `names` with `extra` added (when absent) and `sender` and `leftOut` removed, as a new array. */
function adjusted(names: readonly string[], extra: string | null, sender: string, leftOut: string | null): string[] {
  const out = names.slice();
  if (extra !== null) {
    const at = insertionPoint(out, extra);
    if (out[at] !== extra) out.splice(at, 0, extra);
  }
  for (const name of [sender, leftOut]) {
    if (name === null) continue;
    const at = insertionPoint(out, name);
    if (out[at] === name) out.splice(at, 1);
  }
  return out;
}

/**
 * Whether `longer` is `shorter` with one name inserted. A linear pass, but of
 * identity comparisons: the lists come from one view and share their strings.
 */
function isOneLonger(longer: readonly string[], shorter: readonly string[]): boolean {
  let skipped = 0;
  for (let i = 0; i < shorter.length; i++) {
    if (longer[i + skipped] === shorter[i]) continue;
    if (skipped === 1 || longer[i + 1] !== shorter[i]) return false;
    skipped = 1;
  }
  return true;
}
