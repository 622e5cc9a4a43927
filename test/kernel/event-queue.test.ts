import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { EventQueue, PRIORITY_LATE, PRIORITY_NORMAL, PRIORITY_URGENT } from '../../engine/index';

function drain<P>(queue: EventQueue<P>): { time: number; kind: number; payload: P | undefined }[] {
  const out = [];
  const popped: { kind: number; payload: P | undefined } = { kind: 0, payload: undefined };
  for (let time = queue.pop(popped); time >= 0; time = queue.pop(popped)) out.push({ time, kind: popped.kind, payload: popped.payload });
  return out;
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
    const queue = new EventQueue<number>(4, cacheSlots);
    const reference: { time: number; priority: number; seq: number }[] = [];
    const popped: { kind: number; payload: number | undefined } = { kind: 0, payload: undefined };
    let seq = 0;
    let now = 0;
    const out: number[] = [];
    const expected: number[] = [];
    for (let round = 0; round < 5000; round++) {
      if (random() < 0.6 || reference.length === 0) {
        const time = now + Math.floor(random() * 50);
        const priority = Math.floor(random() * 3);
        queue.push(time, priority, priority, seq);
        reference.push({ time, priority, seq });
        seq++;
      } else {
        reference.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
        const next = reference.shift()!;
        expected.push(next.seq);
        now = queue.pop(popped);
        expect(now).toBe(next.time);
        out.push(popped.payload!);
      }
    }
    expect(out).toEqual(expected);
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

  it('reports an empty queue as -1 on pop and Infinity on peek', () => {
    const queue = new EventQueue<number>();
    expect(queue.pop({ kind: 0, payload: undefined })).toBe(-1);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
