/**
 * The event queue's chains whose keys are below the radix heap's last key
 * (event-queue.ts): a binary min-heap of (key, order started, first event). The
 * radix heap cannot hold a key below its last one; such pushes are rare in a
 * simulation (an urgent event at the current time while a later-priority one
 * runs, or events scheduled after a run stopped at `until` peeked ahead) but a
 * caller of the queue may make any number, so they get a heap, not a sorted list.
 */
export class EarlyChains {
  private readonly keys: number[] = [];
  private readonly orders: number[] = [];
  private readonly events: number[] = [];
  private started = 0;

  get size(): number {
    return this.keys.length;
  }

  /** The smallest key (the heap must not be empty). */
  get firstKey(): number {
    return this.keys[0] as number;
  }

  /** The first event of the chain with the smallest key, first started among equals. */
  get firstEvent(): number {
    return this.events[0] as number;
  }

  /** The first chain's next event takes its place (same key, same order). */
  set firstEvent(event: number) {
    this.events[0] = event;
  }

  /** A chain of key `key` starting with `event`, after every chain of that key already here. */
  add(key: number, event: number): void {
    const order = this.started++;
    let i = this.keys.length;
    this.keys.push(key);
    this.orders.push(order);
    this.events.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!precedes(key, order, this.keys[parent] as number, this.orders[parent] as number)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, key, order, event);
  }

  /** Removes the first chain (the heap must not be empty). */
  removeFirst(): void {
    const last = this.keys.length - 1;
    const key = this.keys[last] as number;
    const order = this.orders[last] as number;
    const event = this.events[last] as number;
    this.keys.pop();
    this.orders.pop();
    this.events.pop();
    if (last === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && precedes(this.keys[right] as number, this.orders[right] as number, this.keys[child] as number, this.orders[child] as number)) child = right;
      if (!precedes(this.keys[child] as number, this.orders[child] as number, key, order)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, key, order, event);
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as number;
    this.orders[to] = this.orders[from] as number;
    this.events[to] = this.events[from] as number;
  }

  private put(at: number, key: number, order: number, event: number): void {
    this.keys[at] = key;
    this.orders[at] = order;
    this.events[at] = event;
  }
}

/** Whether chain (keyA, orderA) runs before chain (keyB, orderB): by key, then by the order they were started. */
function precedes(keyA: number, orderA: number, keyB: number, orderB: number): boolean {
  return keyA < keyB || (keyA === keyB && orderA < orderB);
}
