/**
 * RowTables against a Map: every (row, key) keeps one entry whose numbers survive
 * the row's table growing, a new entry's numbers are unset, and rows do not see
 * each other's keys.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RowTables } from '../../engine/store/index';

const UNSET = -1;

describe('RowTables', () => {
  it('keeps each (row, key) entry and its numbers through growth, like a Map', () => {
    const random = seedrandom.alea('row-tables');
    const tables = new RowTables(2, UNSET);
    const expected = new Map<string, [number, number]>();
    for (let step = 0; step < 200_000; step++) {
      // Heavy-tailed rows (a few busy senders), keys up to a big federation's size.
      const row = Math.floor(random() ** 3 * 300);
      const key = Math.floor(random() * 20_000);
      const name = `${row}/${key}`;
      const at = tables.entryOf(row, key);
      const table = tables.table(row);
      const known = expected.get(name);
      if (known === undefined) {
        expect([table[at], table[at + 1]]).toEqual([UNSET, UNSET]);
      } else {
        expect([table[at], table[at + 1]]).toEqual(known);
      }
      const next: [number, number] = [step + 1, -(step + 1)];
      table[at] = next[0];
      table[at + 1] = next[1];
      expected.set(name, next);
    }
    // Every entry once more, after all growth.
    for (const [name, numbers] of expected) {
      const [row, key] = name.split('/').map(Number) as [number, number];
      const at = tables.entryOf(row, key);
      const table = tables.table(row);
      expect([table[at], table[at + 1]]).toEqual(numbers);
    }
  });

  it('makes key 0 and a row never seen before like any other', () => {
    const tables = new RowTables(1, 0);
    const at = tables.entryOf(5, 0);
    tables.table(5)[at] = 42;
    const again = tables.entryOf(5, 0);
    expect(tables.table(5)[again]).toBe(42);
    const other = tables.entryOf(4, 0);
    expect(tables.table(4)[other]).toBe(0);
  });
});
