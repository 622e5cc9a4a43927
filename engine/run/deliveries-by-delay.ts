/**
 * The deliveries of one state event's fan-out, by latency: copies that draw the
 * same latency travel as one delivery. A table reused by every send (a send on a
 * random network used to make a Map of them): a send lets go of the slots it used
 * when the next one begins, and a send with more distinct latencies than half
 * the table goes on in a Map.
 */

/** Slots in the table (a power of two). */
const SLOTS = 256;

/** The table: `begin` a send, `find` or `remember` its delivery of each latency, `end` it. */
export class DeliveriesByDelay<D> {
  private readonly delays = new Int32Array(SLOTS);
  /** The delivery in each slot; null for a free slot. */
  private readonly deliveries: (D | null)[] = new Array<D | null>(SLOTS).fill(null);
  /** Slots the current send filled (at most half the table, so probes stay short), and where they are. */
  private used = 0;
  private readonly usedSlots = new Int32Array(SLOTS / 2);
  private overflow: Map<number, D> | null = null;

  /** Starts a send: the table is empty. */
  begin(): void {
    this.forget();
  }

  /** The current send's delivery of `delay`, or null. */
  find(delay: number): D | null {
    // Linear probing: a free slot ends the search (the table is at most half full).
    for (let i = delay & (SLOTS - 1); ; i = (i + 1) & (SLOTS - 1)) {
      const delivery = this.deliveries[i] as D | null;
      if (delivery === null) return this.overflow?.get(delay) ?? null;
      if (this.delays[i] === delay) return delivery;
    }
  }

  /** Records the current send's delivery of `delay` (which `find` did not have). */
  remember(delay: number, delivery: D): void {
    if (this.used === SLOTS / 2) {
      (this.overflow ??= new Map()).set(delay, delivery);
      return;
    }
    let i = delay & (SLOTS - 1);
    while (this.deliveries[i] !== null) i = (i + 1) & (SLOTS - 1);
    this.delays[i] = delay;
    this.deliveries[i] = delivery;
    this.usedSlots[this.used++] = i;
  }

  /** The send is over: its deliveries are let go (the table must not keep them alive). */
  end(): void {
    this.forget();
  }

  /** Frees the slots of the last send (only those: most sends use a few). */
  private forget(): void {
    for (let k = 0; k < this.used; k++) this.deliveries[this.usedSlots[k] as number] = null;
    this.used = 0;
    this.overflow = null;
  }
}
