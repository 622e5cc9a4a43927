/**
 * ViewRows against a plain model: per row, a map of joined counts, a set of
 * received events and counters, through many rows (several blocks), copies, and
 * columns added while rows exist (widening every block); alone with arrays of
 * its own, and as a run has them: several rooms' rows sharing one Int32Slabs,
 * which hands the blocks one widening gives back to another room.
 */
import { describe, expect, it } from 'vitest';
import { ViewRows, MEMBER_COUNT, RESIDENT_COUNT } from '../../engine/store/view-rows';
import { Int32Slabs, SEPARATE_ARRAYS, type Int32Storage } from '../../engine/store/int32-slabs';

interface ModelRow {
  joined: Map<number, number>;
  received: Set<number>;
  counters: Map<number, number>;
}

const STEPS = 6000;

function exercise(rooms: ViewRows[]): void {
  const models: ModelRow[][] = rooms.map(() => []);
  let state = 99;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
  for (let step = 0; step < STEPS * rooms.length; step++) {
    const which = next(rooms.length);
    const rows = rooms[which] as ViewRows;
    const model = models[which] as ModelRow[];
    const op = model.length === 0 ? 0 : next(10);
    if (op === 0) {
      expect(rows.addRow()).toBe(model.length);
      model.push({ joined: new Map(), received: new Set(), counters: new Map() });
    } else if (op === 1) {
      const source = next(model.length);
      expect(rows.copyRow(source)).toBe(model.length);
      const s = model[source] as ModelRow;
      model.push({ joined: new Map(s.joined), received: new Set(s.received), counters: new Map(s.counters) });
    } else {
      const row = next(model.length);
      const m = model[row] as ModelRow;
      // Server indices and events grow over time, so columns are added while many rows exist.
      const index = next(4 + (step >> 6));
      const event = next(8 + (step >> 4));
      if (op <= 4) {
        const delta = next(2) === 0 ? 1 : -1;
        expect(rows.addJoined(row, index, delta)).toBe(m.joined.get(index) ?? 0);
        m.joined.set(index, (m.joined.get(index) ?? 0) + delta);
      } else if (op <= 7) {
        rows.markReceived(row, event);
        m.received.add(event);
      } else {
        const counter = next(2) === 0 ? MEMBER_COUNT : RESIDENT_COUNT;
        const value = next(1000);
        rows.setCounter(row, counter, value);
        m.counters.set(counter, value);
      }
    }
  }
  models.forEach((model, which) => {
    const rows = rooms[which] as ViewRows;
    expect(model.length).toBeGreaterThan(100); // several blocks of rows
    const wrong: string[] = [];
    model.forEach((m, row) => {
      for (let index = 0; index < 4 + ((STEPS * rooms.length) >> 6) + 1; index++) {
        if (rows.joined(row, index) !== (m.joined.get(index) ?? 0)) wrong.push(`room ${which} row ${row} joined ${index}`);
        if (rows.isResident(row, index) !== (m.joined.get(index) ?? 0) > 0) wrong.push(`room ${which} row ${row} resident ${index}`);
      }
      for (let event = 0; event < 8 + ((STEPS * rooms.length) >> 4) + 1; event++) if (rows.hasReceived(row, event) !== m.received.has(event)) wrong.push(`room ${which} row ${row} event ${event}`);
      for (const counter of [MEMBER_COUNT, RESIDENT_COUNT]) if (rows.counter(row, counter) !== (m.counters.get(counter) ?? 0)) wrong.push(`room ${which} row ${row} counter ${counter}`);
    });
    expect(wrong.slice(0, 10)).toEqual([]);
  });
}

describe('ViewRows', () => {
  it('keeps every row its own numbers through adds, copies and widening', () => {
    exercise([new ViewRows(SEPARATE_ARRAYS)]);
  });

  it('keeps them when three rooms share one Int32Slabs (blocks given back by one widening are reused by another)', () => {
    const slabs = new Int32Slabs();
    let reused = 0;
    // Counts the arrays handed out again, so the test fails if the reuse path goes unexercised.
    const counting: Int32Storage = {
      take: (length) => slabs.take(length),
      give: (array) => {
        reused++;
        slabs.give(array);
      },
    };
    exercise([new ViewRows(counting), new ViewRows(counting), new ViewRows(counting)]);
    expect(reused).toBeGreaterThan(10);
    expect(slabs.slabs).toBeGreaterThan(1);
  });
});
