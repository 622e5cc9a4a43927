import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { EventQueue, PRIORITY_LATE, PRIORITY_NORMAL, PRIORITY_URGENT } from '../../engine/index';

function drain<P>(queue: EventQueue<P>): { time: number; kind: number; payload: P | undefined }[] {
  const out = [];
  const popped: { kind: number; payload: P | undefined } = { kind: 0, payload: undefined };
  for (let time = queue.pop(popped); time >= 0; time = queue.pop(popped)) out.push({ time, kind: popped.kind, payload: popped.payload });
  return out;
}

/**
 * A queue beside a stable sort of what was pushed into it, (time, priority, then
 * order pushed): every pop must give the sort's first event and its time.
 */
class SortChecked {
  private readonly pending: { time: number; priority: number; seq: number }[] = [];
  private readonly popped: { kind: number; payload: number | undefined } = { kind: 0, payload: undefined };
  private seq = 0;

  constructor(readonly queue: EventQueue<number>) {}

  get size(): number {
    return this.pending.length;
  }

  push(time: number, priority: number): void {
    this.queue.push(time, priority, priority, this.seq);
    this.pending.push({ time, priority, seq: this.seq++ });
  }

  /** Pops from both and expects the same event at the same time; returns the time. */
  pop(): number {
    this.pending.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
    const next = this.pending.shift()!;
    const time = this.queue.pop(this.popped);
    expect(time).toBe(next.time);
    expect(this.popped.payload).toBe(next.seq);
    return time;
  }

  drain(): void {
    while (this.size > 0) this.pop();
    expect(this.queue.size).toBe(0);
  }
}

describe('EventQueue', () => {
  it('runs same-time, same-priority events in the order they were scheduled', () => {
    const queue = new EventQueue<string>(2);
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.push(10, PRIORITY_NORMAL, 0, name);
    expect(drain(queue).map((e) => e.payload)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('orders by time, then priority, then sequence', () => {
    const queue = new EventQueue<string>();
    queue.push(5, PRIORITY_LATE, 0, 'late@5');
    queue.push(5, PRIORITY_URGENT, 0, 'urgent@5');
    queue.push(3, PRIORITY_LATE, 0, 'late@3');
    queue.push(5, PRIORITY_NORMAL, 0, 'normal@5');
    queue.push(5, PRIORITY_URGENT, 0, 'urgent@5-second');
    expect(drain(queue).map((e) => e.payload)).toEqual(['late@3', 'urgent@5', 'urgent@5-second', 'normal@5', 'late@5']);
  });

  it.each([
    ['the default cache', undefined],
    // Two slots: keys keep evicting each other, so one key often has several buckets pending at once.
    ['a two-slot cache, where keys collide', 2],
  ])('pops in the same order as a stable sort of (time, priority, sequence), across growth and slot reuse, with %s', (_name, cacheSlots) => {
    const random = seedrandom.alea('queue-property');
    const checked = new SortChecked(new EventQueue<number>(4, cacheSlots));
    let now = 0;
    for (let round = 0; round < 5000; round++) {
      // Any time from the last one popped on, at any priority: some pushes are below the last key taken.
      if (random() < 0.6 || checked.size === 0) checked.push(now + Math.floor(random() * 50), Math.floor(random() * 3));
      else now = checked.pop();
    }
    checked.drain();
  });

  it.each([
    ['delays of any size up to 2^44 ms, with many times reused', 44],
    ['delays of up to 2^12 ms', 12],
  ])('pops a simulation-like load (never before the time reached) in stable-sort order: %s', (_name, bits) => {
    // Times far apart put chains in the buckets of the key's high word, and ties
    // (a time reused, as fixed latencies do) make chains of several events.
    const random = seedrandom.alea(`queue-wide-${bits}`);
    const checked = new SortChecked(new EventQueue<number>(4));
    const recent: number[] = [];
    let now = 0;
    for (let round = 0; round < 20_000; round++) {
      if (random() < 0.55 || checked.size === 0) {
        const reuse = recent.length > 0 && random() < 0.4;
        const time = reuse ? Math.max(now, recent[Math.floor(random() * recent.length)]!) : now + Math.floor(2 ** (random() * bits));
        recent.push(time);
        if (recent.length > 64) recent.shift();
        checked.push(time, 1 + Math.floor(random() * 2));
      } else {
        now = checked.pop();
      }
    }
    checked.drain();
  });

  it('keeps scheduling order for events whose slots are numbered past 2^21 (the cache names them exactly)', () => {
    const random = seedrandom.alea('queue-many-slots');
    const checked = new SortChecked(new EventQueue<number>(4));
    // Events far in the future hold the first 2^21 + 64 slots, so the ones below take higher numbers.
    for (let i = 0; i < 2 ** 21 + 64; i++) checked.queue.push(1e9, PRIORITY_NORMAL, 0, -1);
    let now = 0;
    for (let round = 0; round < 20_000; round++) {
      if (random() < 0.55 || checked.size === 0) checked.push(now + Math.floor(random() * 20), Math.floor(random() * 2));
      else now = checked.pop();
    }
    while (checked.size > 0) checked.pop();
  });

  it('runs an event pushed below the last one taken out first, and such events in their order', () => {
    const queue = new EventQueue<string>(4);
    const popped: { kind: number; payload: string | undefined } = { kind: 0, payload: undefined };
    queue.push(7, PRIORITY_LATE, 0, 'late@7');
    queue.push(9, PRIORITY_NORMAL, 0, 'normal@9');
    expect(queue.pop(popped)).toBe(7);
    // While the late event at 7 runs, events at 7 of an earlier priority, and one earlier still.
    queue.push(7, PRIORITY_NORMAL, 0, 'normal@7');
    queue.push(7, PRIORITY_URGENT, 0, 'urgent@7');
    queue.push(7, PRIORITY_NORMAL, 0, 'normal@7-second');
    queue.push(3, PRIORITY_NORMAL, 0, 'normal@3');
    queue.push(7, PRIORITY_LATE, 0, 'late@7-second');
    expect(queue.peekTime()).toBe(3);
    expect(drain(queue).map((e) => `${e.time}:${e.payload}`)).toEqual(['3:normal@3', '7:urgent@7', '7:normal@7', '7:normal@7-second', '7:late@7-second', '9:normal@9']);
  });

  it('orders an event pushed after peekTime looked ahead, between the last time taken and the one peeked', () => {
    const queue = new EventQueue<string>(4);
    const popped: { kind: number; payload: string | undefined } = { kind: 0, payload: undefined };
    queue.push(2, PRIORITY_NORMAL, 0, 'a@2');
    queue.push(1000, PRIORITY_NORMAL, 0, 'c@1000');
    expect(queue.pop(popped)).toBe(2);
    expect(queue.peekTime()).toBe(1000);
    queue.push(500, PRIORITY_NORMAL, 0, 'b@500');
    queue.push(1000, PRIORITY_NORMAL, 0, 'd@1000');
    expect(drain(queue).map((e) => e.payload)).toEqual(['b@500', 'c@1000', 'd@1000']);
  });

  it('orders many events pushed below the last key taken (after peekTime looked far ahead) as a stable sort does', () => {
    const random = seedrandom.alea('queue-early');
    // A two-slot cache: keys evict each other, so one key has several chains pending.
    const checked = new SortChecked(new EventQueue<number>(4, 2));
    checked.push(0, PRIORITY_NORMAL);
    checked.push(1_000_000, PRIORITY_NORMAL);
    expect(checked.pop()).toBe(0);
    // The queue now takes 1 000 000 as its last key: what follows is all below it.
    expect(checked.queue.peekTime()).toBe(1_000_000);
    for (let round = 0; round < 3000; round++) {
      // Few distinct times: chains of several events, and several chains of one key.
      checked.push(1 + Math.floor(random() * 200), Math.floor(random() * 3));
      if (random() < 0.2) checked.pop();
    }
    checked.drain();
  });

  it('never appends to an event that was popped, even when its slot is reused for the same time', () => {
    const queue = new EventQueue<string>(4);
    const popped: { kind: number; payload: string | undefined } = { kind: 0, payload: undefined };
    queue.push(10, PRIORITY_NORMAL, 0, 'a');
    expect(queue.pop(popped)).toBe(10);
    // 'b' reuses a's slot, which the key's cache entry still names; 'c' must follow 'b'.
    queue.push(10, PRIORITY_NORMAL, 0, 'b');
    queue.push(10, PRIORITY_NORMAL, 0, 'c');
    queue.push(5, PRIORITY_NORMAL, 0, 'x');
    expect(drain(queue).map((e) => e.payload)).toEqual(['x', 'b', 'c']);
  });

  it('starts a new chain when the cached last event was freed and its slot taken by another time', () => {
    const queue = new EventQueue<string>(4);
    const popped: { kind: number; payload: string | undefined } = { kind: 0, payload: undefined };
    queue.push(10, PRIORITY_NORMAL, 0, 'a');
    queue.pop(popped);
    queue.push(20, PRIORITY_NORMAL, 0, 'later'); // takes a's slot
    queue.push(10, PRIORITY_NORMAL, 0, 'b'); // the cache names a's slot for time 10: not valid any more
    expect(drain(queue).map((e) => `${e.time}:${e.payload}`)).toEqual(['10:b', '20:later']);
  });

  it('keeps scheduling order for a time first scheduled beyond the chain cache\'s horizon and again once within it', () => {
    // 100 000 ms is past the cache's minute-long horizon from time 0: its first
    // events start chains the cache does not name. Once the queue has reached
    // 50 000 ms the same time is within it, and later events chain through the cache.
    const checked = new SortChecked(new EventQueue<number>(4));
    const far = 100_000;
    for (let i = 0; i < 3; i++) checked.push(far, PRIORITY_NORMAL);
    for (let t = 10_000; t <= 50_000; t += 10_000) checked.push(t, PRIORITY_NORMAL);
    while (checked.pop() < 50_000);
    for (let i = 0; i < 3; i++) checked.push(far, PRIORITY_NORMAL);
    checked.push(far, PRIORITY_URGENT);
    checked.drain();
  });

  it('takes times up to the largest the scenario format allows without failing, in order', () => {
    const queue = new EventQueue<string>(4);
    for (const time of [Number.MAX_SAFE_INTEGER, 2 ** 52, 3, 2 ** 50 + 5, 2 ** 40]) queue.push(time, PRIORITY_NORMAL, 0, String(time));
    // Exact below 2^50 ms; beyond, the key (time * 8 + priority) is rounded, but the order holds.
    expect(drain(queue).map((e) => e.payload)).toEqual(['3', String(2 ** 40), String(2 ** 50 + 5), String(2 ** 52), String(Number.MAX_SAFE_INTEGER)]);
    // Up to 2^59 ms (room for latencies after the format's largest time); past it, a clear refusal.
    queue.push(2 ** 59, PRIORITY_LATE, 0, 'last');
    expect(drain(queue).map((e) => e.payload)).toEqual(['last']);
    expect(() => queue.push(2 ** 59 + 2 ** 20, PRIORITY_NORMAL, 0, 'too late')).toThrow(/time out of range/);
  });

  it('reports an empty queue as -1 on pop and Infinity on peek', () => {
    const queue = new EventQueue<number>();
    expect(queue.pop({ kind: 0, payload: undefined })).toBe(-1);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
