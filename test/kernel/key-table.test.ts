import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { KeyTable } from '../../engine/store/key-table';

describe('KeyTable', () => {
  it('agrees with a Map under random inserts and deletes, across growth', () => {
    const random = seedrandom.alea('key-table');
    const table = new KeyTable(4);
    const reference = new Map<number, number>();
    for (let round = 0; round < 50_000; round++) {
      // Few distinct keys collide often; some beyond 2^32 exercise the high bits.
      const key = Math.floor(random() * 3000) * (random() < 0.1 ? 2 ** 33 : 8) + Math.floor(random() * 3);
      const present = reference.has(key);
      if (!present && random() < 0.6) {
        table.insert(key, round);
        reference.set(key, round);
      } else if (present && random() < 0.5) {
        table.delete(key);
        reference.delete(key);
      }
      expect(table.get(key)).toBe(reference.get(key) ?? -1);
    }
    for (const [key, value] of reference) expect(table.get(key)).toBe(value);
  });
});
