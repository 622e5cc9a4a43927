/**
 * The memory-latency benchmark's chain (bench/memory-latency.ts) must be one
 * cycle through every cache line of its array: a shorter cycle would stay in
 * the caches and time nothing but them.
 */
import { describe, expect, it } from 'vitest';
import { chase, chaseArray } from '../../bench/memory-latency';

describe('memory-latency chain', () => {
  it('visits every cache line once before coming back to the first', () => {
    const data = chaseArray(1, 'test');
    const lines = data.length / 16;
    const seen = new Uint8Array(lines);
    let at = 0;
    for (let step = 0; step < lines; step++) {
      expect(at % 16).toBe(0);
      expect(seen[at / 16]).toBe(0);
      seen[at / 16] = 1;
      at = data[at] as number;
    }
    expect(at).toBe(0);
    expect(chase(data, lines)).toBe(0);
  });

  it('links the lines in a different order for a different seed', () => {
    const a = chaseArray(1, 'one');
    const b = chaseArray(1, 'two');
    expect(Array.from(a.subarray(0, 64))).not.toEqual(Array.from(b.subarray(0, 64)));
  });
});
