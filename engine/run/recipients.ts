/**
 * Who a new state event goes to: the servers resident before it and after it
 * (a leave still reaches the server that left; a join reaches the one that
 * joined), and for a member event the target user's server, in name order,
 * without the sender and without a server left out on purpose.
 *
 * The resident lists come sorted from the view, so this is a merge, not a
 * set-and-sort per event.
 */
export function recipientsOf(
  before: readonly string[],
  after: readonly string[],
  extra: string | null,
  sender: string,
  leftOut: string | null,
): string[] {
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

