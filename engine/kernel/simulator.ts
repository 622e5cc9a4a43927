/**
 * The discrete-event loop: an integer-millisecond virtual clock over an EventQueue.
 * Only `step()` advances time, and it never goes backwards. Events are (kind, payload)
 * pairs dispatched to one handler supplied by the model; the kernel knows nothing of
 * Matrix. Wall-clock pacing, if any, is the caller's business.
 */
import { EventQueue, PRIORITY_NORMAL } from './event-queue';
import { invariant } from './invariant';

/**
 * Handles one event at the simulator's current time. Returning `false` marks the
 * event as cancelled (a timeout whose request was already answered, say): it is
 * neither counted nor moves `lastEventAt`. The heap has no delete, so cancellation
 * is lazy, as in SimPy. Returning a number n > 0 says the event stood for n model
 * events scheduled together (a batch due at the same instant), and counts n.
 */
export type EventHandler<P> = (kind: number, payload: P) => boolean | number | void;

export class Simulator<P> {
  private readonly queue: EventQueue<P>;
  private readonly popped: { kind: number; payload: P | undefined } = { kind: 0, payload: undefined };
  private clock = 0;
  private processed = 0;
  private lastEvent = 0;

  constructor(private readonly handler: EventHandler<P>, initialCapacity?: number) {
    this.queue = new EventQueue<P>(initialCapacity);
  }

  /** Current simulated time in ms. */
  get now(): number {
    return this.clock;
  }

  /** Time of the last event that was not cancelled. */
  get lastEventAt(): number {
    return this.lastEvent;
  }

  /** Events processed so far (cancelled ones not counted). */
  get events(): number {
    return this.processed;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Schedules an event `delay` ms from now (integer, ≥ 0). */
  schedule(delay: number, kind: number, payload: P, priority = PRIORITY_NORMAL): void {
    // Plain tests, not invariant(cond, () => message): no closure is made per event.
    if (!(delay >= 0 && Number.isInteger(delay))) invariant(false, `delay must be a non-negative integer, got ${delay}`);
    this.queue.push(this.clock + delay, priority, kind, payload);
  }

  /** Schedules an event at absolute time `at` (integer, not in the past). */
  scheduleAt(at: number, kind: number, payload: P, priority = PRIORITY_NORMAL): void {
    if (!(at >= this.clock && Number.isInteger(at))) invariant(false, `cannot schedule at ${at}: now is ${this.clock}`);
    this.queue.push(at, priority, kind, payload);
  }

  /** Runs the next event; false when none is left. */
  step(): boolean {
    const time = this.queue.pop(this.popped);
    if (time < 0) return false;
    if (time < this.clock) invariant(false, `time went backwards: ${time} < ${this.clock}`);
    this.clock = time;
    const payload = this.popped.payload as P;
    this.popped.payload = undefined;
    const outcome = this.handler(this.popped.kind, payload);
    if (outcome !== false) {
      this.processed += typeof outcome === 'number' ? outcome : 1;
      this.lastEvent = time;
    }
    return true;
  }

  /**
   * Runs events until none is left or the next one is later than `until`. With
   * `onProgress`, calls it with (events processed, simulated now) every `every`
   * events run; the kernel knows no wall clock, so pacing a display is the caller's.
   */
  run(until = Infinity, onProgress?: (events: number, now: number) => void, every = 1 << 16): void {
    // An empty queue peeks as Infinity, so test the size too: Infinity <= Infinity.
    // Without a limit nothing needs peeking: step() says when the queue is empty.
    if (onProgress === undefined) {
      if (until === Infinity) while (this.step());
      else while (this.queue.size > 0 && this.queue.peekTime() <= until) this.step();
      return;
    }
    let countdown = every;
    while (this.queue.size > 0 && (until === Infinity || this.queue.peekTime() <= until)) {
      this.step();
      if (--countdown === 0) {
        countdown = every;
        onProgress(this.processed, this.clock);
      }
    }
    onProgress(this.processed, this.clock);
  }
}
