import { describe, expect, it } from 'vitest';
import { IdFirstUses, joinNumber } from '../../engine/scenario/id-first-uses';

describe('joinNumber', () => {
  it('reads N only from an id written exactly join-N', () => {
    expect(joinNumber('join-1')).toBe(1);
    expect(joinNumber('join-1234567')).toBe(1234567);
    expect(joinNumber('join-999999999')).toBe(999999999);
    for (const id of ['join-', 'join-0', 'join-01', 'join-1x', 'join--1', 'Join-1', 'join-1234567890', 'xjoin-1', 'join-1 ', 'joiner', '']) expect(joinNumber(id)).toBe(0);
  });
});

describe('IdFirstUses', () => {
  it('answers as a map would, for default names in order, names out of order, far numbers and other ids', () => {
    const uses = new IdFirstUses();
    const model = new Map<string, number>();
    let state = 11;
    const next = (n: number): number => (state = (state * 1103515245 + 12345) >>> 0) % n;
    let joins = 0;
    for (let step = 1; step <= 20_000; step++) {
      const roll = next(10);
      const id =
        roll < 6 ? `join-${++joins}` // a join without an id, as validation names it
        : roll < 7 ? `join-${1 + next(joins + 50)}` // a given id that may clash with one, before or after it is used
        : roll < 8 ? `join-${1 + next(1_000_000_000)}` // far ahead: must not grow the array
        : roll < 9 ? `join-0${next(100)}` // not the default form
        : `alice-${next(500)}`;
      const first = model.get(id);
      expect(uses.get(id)).toBe(first);
      if (first === undefined) {
        const value = next(2) === 0 ? step : -step;
        model.set(id, value);
        uses.set(id, value);
      }
    }
    for (const [id, first] of model) expect(uses.get(id)).toBe(first);
    expect(uses.get('join-0')).toBeUndefined();
    expect(uses.get(`join-${joins + 1000}`)).toBeUndefined();
  });
});
