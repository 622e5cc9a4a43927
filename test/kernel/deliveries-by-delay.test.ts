/**
 * The fan-out table groups a send's copies by latency exactly as a Map per send
 * would, across many sends (no entry of one send is found by another), and past
 * the table's capacity (the rest in a Map).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { DeliveriesByDelay } from '../../engine/run/deliveries-by-delay';

/** Each send's copies, grouped: for each copy, the index of its group (first-seen order). */
function grouped(delays: number[][], table: DeliveriesByDelay<{ group: number }>): number[][] {
  return delays.map((copies) => {
    table.begin();
    let groups = 0;
    const out = copies.map((delay) => {
      const found = table.find(delay);
      if (found !== null) return found.group;
      const fresh = { group: groups++ };
      table.remember(delay, fresh);
      return fresh.group;
    });
    table.end();
    return out;
  });
}

function groupedByMap(delays: number[][]): number[][] {
  return delays.map((copies) => {
    const byDelay = new Map<number, number>();
    return copies.map((delay) => {
      let group = byDelay.get(delay);
      if (group === undefined) byDelay.set(delay, (group = byDelay.size));
      return group;
    });
  });
}

describe('DeliveriesByDelay', () => {
  it('groups copies by latency as a Map per send would, for small and very wide fan-outs', () => {
    const random = seedrandom.alea('fan-outs');
    const sends: number[][] = [];
    for (let s = 0; s < 3000; s++) {
      // Mostly tens of copies; some of hundreds with more distinct latencies than the table holds.
      const copies = random() < 0.05 ? 400 + Math.floor(random() * 400) : Math.floor(random() * 40);
      const spread = random() < 0.5 ? 30 : 2000;
      sends.push(Array.from({ length: copies }, () => Math.floor(random() * spread)));
    }
    expect(grouped(sends, new DeliveriesByDelay())).toEqual(groupedByMap(sends));
  });

  it('lets go of a send\'s deliveries when it ends', () => {
    const table = new DeliveriesByDelay<object>();
    table.begin();
    table.remember(17, {});
    table.end();
    table.begin();
    expect(table.find(17)).toBeNull();
    expect((table as unknown as { deliveries: (object | null)[] }).deliveries.every((d) => d === null)).toBe(true);
  });
});
