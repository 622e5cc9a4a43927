/**
 * Federation requests whose joiner still waits for an answer, by request id.
 *
 * Ids are handed out in sequence and most requests are answered within a few
 * network latencies, so the waiting ones sit in a window of recent ids: a ring
 * indexed by id (modulo its size) holds them, and only grows (doubling) when a
 * request still waiting would be overwritten by a new id. Setting and deleting
 * allocate nothing, unlike a Map, which rebuilt its table over and over as a
 * million requests came and went, leaving tables for the full collector.
 */
export interface Awaitable {
  readonly id: number;
}

const INITIAL_SIZE = 1024;

export class AwaitedRequests<R extends Awaitable> {
  private ring: (R | undefined)[] = new Array<R | undefined>(INITIAL_SIZE).fill(undefined);
  private mask = INITIAL_SIZE - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** `request` is awaited from now on (its id must be new). */
  set(request: R): void {
    while (this.ring[request.id & this.mask] !== undefined) this.grow();
    this.ring[request.id & this.mask] = request;
    this.count++;
  }

  /** The awaited request with `id`, or undefined when it is settled (or never was awaited). */
  get(id: number): R | undefined {
    const request = this.ring[id & this.mask];
    return request !== undefined && request.id === id ? request : undefined;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** The request with `id` is settled: no longer awaited. */
  delete(id: number): void {
    const at = id & this.mask;
    const request = this.ring[at];
    if (request === undefined || request.id !== id) return;
    this.ring[at] = undefined;
    this.count--;
  }

  /** Doubles the ring: each waiting request moves to its slot in the bigger one (distinct ids stay distinct). */
  private grow(): void {
    const old = this.ring;
    const size = old.length * 2;
    this.ring = new Array<R | undefined>(size).fill(undefined);
    this.mask = size - 1;
    for (const request of old) if (request !== undefined) this.ring[request.id & this.mask] = request;
  }
}
