/**
 * The deliveries of one state event's fan-out, by latency: copies that draw the
 * same latency travel as one delivery. A table reused by every send (a send on a
 * random network used to make a Map of them): entries of earlier sends are told
 * apart by their send number, so nothing is cleared between sends, and a send
 * with more distinct latencies than half the table goes on in a Map.
 */

/** Slots in the table (a power of two). */
const SLOTS = 256;

/** The table: `begin` a send, `find` or `remember` its delivery of each latency, `end` it. */
export class DeliveriesByDelay<D> {
  private readonly delays = new Int32Array(SLOTS);
  private readonly sends = new Int32Array(SLOTS);
  private readonly deliveries: (D | null)[] = new Array<D | null>(SLOTS).fill(null);
  private sendNumber = 0;
  /** Entries of the current send in the table (at most half its slots, so probes stay short), and where they are. */
  private used = 0;
  private readonly usedSlots = new Int32Array(SLOTS / 2);
  private overflow: Map<number, D> | null = null;

  /** A new send's number (kept to 32 bits, as the table stores it; never 0, the number of a slot never used). */
  begin(): number {
    this.forget();
    this.sendNumber = (this.sendNumber + 1) | 0 || 1;
    return this.sendNumber;
  }

  /** The send's delivery of `delay`, or null. */
  find(send: number, delay: number): D | null {
    let i = delay & (SLOTS - 1);
    // Linear probing among this send's entries; a slot of an earlier send is free.
    for (let probes = 0; probes < SLOTS; probes++) {
      if (this.sends[i] !== send) return this.overflow?.get(delay) ?? null;
      if (this.delays[i] === delay) return this.deliveries[i] as D;
      i = (i + 1) & (SLOTS - 1);
    }
    return this.overflow?.get(delay) ?? null;
  }

  /** Records the send's delivery of `delay` (which `find` did not have). */
  remember(send: number, delay: number, delivery: D): void {
    let i = delay & (SLOTS - 1);
    // At most half full, so probes stay short; past that, the Map.
    if (this.used < SLOTS / 2) {
      while (this.sends[i] === send) i = (i + 1) & (SLOTS - 1);
      this.sends[i] = send;
      this.delays[i] = delay;
      this.deliveries[i] = delivery;
      this.usedSlots[this.used++] = i;
      return;
    }
    (this.overflow ??= new Map()).set(delay, delivery);
  }

  /** The send is over: its deliveries are let go (the table must not keep them alive). */
  end(): void {
    this.forget();
  }

  /** Lets go of the entries of the last send (only those: most sends use a few slots). */
  private forget(): void {
    for (let k = 0; k < this.used; k++) this.deliveries[this.usedSlots[k] as number] = null;
    this.used = 0;
    this.overflow = null;
  }
}
