/**
 * The allocation-free structures a run keeps its bookkeeping in: Int32Slabs
 * (member logs' and view rows' arrays), UnfinishedJoins (joins under way, in
 * start order) and AwaitedRequests (requests waiting for an answer, by id),
 * each against the plain structure it replaced.
 */
import { describe, expect, it } from 'vitest';
import { Int32Slabs } from '../../engine/store/int32-slabs';
import { UnfinishedJoins, type UnfinishedLinks } from '../../engine/run/unfinished-joins';
import { AwaitedRequests } from '../../engine/run/awaited-requests';
import { serverNamesRemembered, serverOf } from '../../engine/matrix/ids';
import { loadScenario, runScenario } from '../../engine/index';

function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
}

describe('Int32Slabs', () => {
  it('hands out zeroed, separate arrays starting on a cache line, and reuses given-back ones zeroed', () => {
    const slabs = new Int32Slabs();
    const next = lcg(7);
    const live: { array: Int32Array; mark: number }[] = [];
    let mark = 1;
    for (let step = 0; step < 4000; step++) {
      if (live.length > 0 && next(3) === 0) {
        const [gone] = live.splice(next(live.length), 1);
        slabs.give((gone as { array: Int32Array }).array);
        continue;
      }
      // Few lengths, as rooms' doubling arrays have, so given-back arrays are asked for again.
      const length = 16 << next(6);
      const array = slabs.take(length);
      expect(array.length).toBe(length);
      expect(array.every((value) => value === 0)).toBe(true);
      expect(array.byteOffset % 64).toBe(0);
      array.fill(mark);
      live.push({ array, mark: mark++ });
    }
    // Nobody's writes landed in another's array.
    for (const { array, mark: expected } of live) expect(array.every((value) => value === expected)).toBe(true);
    expect(slabs.slabs).toBeGreaterThan(1);
  });

  it('makes each slab four times the one before, and one big enough for an array larger than the next slab', () => {
    const slabs = new Int32Slabs();
    slabs.take(1 << 15);
    slabs.take(1 << 15);
    const first = slabs.intsReserved;
    slabs.take(16); // does not fit: a second slab, four times the first
    expect(slabs.slabs).toBe(2);
    expect(slabs.intsReserved).toBe(first * 5);
    const huge = slabs.take(1 << 22);
    expect(huge.length).toBe(1 << 22);
    expect(slabs.slabs).toBe(3);
  });
});

interface Join extends UnfinishedLinks<Join> {
  id: number;
}

describe('UnfinishedJoins', () => {
  it('keeps start order through adds and deletes anywhere, like a Set', () => {
    const list = new UnfinishedJoins<Join>();
    const set = new Set<Join>();
    const next = lcg(3);
    let id = 0;
    for (let step = 0; step < 5000; step++) {
      if (set.size > 0 && next(2) === 0) {
        const victim = [...set][next(set.size)] as Join;
        list.delete(victim);
        set.delete(victim);
        expect(victim.previousUnfinished).toBeNull();
        expect(victim.nextUnfinished).toBeNull();
      } else {
        const join: Join = { id: id++, previousUnfinished: null, nextUnfinished: null };
        list.add(join);
        set.add(join);
      }
      if (step % 97 === 0) {
        const order: number[] = [];
        list.forEach((join) => order.push(join.id));
        expect(order).toEqual([...set].map((join) => join.id));
      }
      expect(list.size).toBe(set.size);
    }
  });

  it('lets forEach remove the join it visits, and ignores deleting one that is not in the list', () => {
    const list = new UnfinishedJoins<Join>();
    const joins: Join[] = [0, 1, 2, 3].map((id) => ({ id, previousUnfinished: null, nextUnfinished: null }));
    for (const join of joins) list.add(join);
    list.delete(joins[1] as Join);
    list.delete(joins[1] as Join);
    const seen: number[] = [];
    list.forEach((join) => {
      seen.push(join.id);
      list.delete(join);
    });
    expect(seen).toEqual([0, 2, 3]);
    expect(list.size).toBe(0);
  });
});

describe('AwaitedRequests', () => {
  it('answers like a Map while ids run far past its size and some requests wait long', () => {
    const awaited = new AwaitedRequests<{ id: number }>();
    const map = new Map<number, { id: number }>();
    const next = lcg(11);
    for (let id = 1; id < 20_000; id++) {
      const request = { id };
      awaited.set(request);
      map.set(id, request);
      // Most are settled soon; one in 500 waits for thousands of ids (a lost answer, a timeout).
      for (const [waiting] of map) {
        if (waiting < id - 3 && (waiting % 500 !== 0 || waiting < id - 5000)) {
          awaited.delete(waiting);
          map.delete(waiting);
        }
        if (map.size < 20) break;
      }
      const probe = 1 + next(id);
      expect(awaited.get(probe)).toBe(map.get(probe));
      expect(awaited.has(probe)).toBe(map.has(probe));
    }
    expect(awaited.size).toBe(map.size);
    for (const [id, request] of map) expect(awaited.get(id)).toBe(request);
  });
});

describe('server names remembered between runs', () => {
  it('a run forgets them when it ends, so a worker running many scenarios holds one run\'s names, not all of them', () => {
    for (let i = 0; i < 5000; i++) serverOf(`@user${i}:server${i}`);
    expect(serverNamesRemembered()).toBeGreaterThanOrEqual(10_000);
    const text = 'fedsim: 1\nname: tiny\nservers:\n  - { name: hs1, users: [admin] }\n  - { name: hs2, users: [u] }\nrooms:\n  - { id: "!r:hs1", creator: "@admin:hs1", members: { "@admin:hs1": join } }\ntimeline:\n  - { at: 0, do: join, user: "@u:hs2", room: "!r:hs1" }\n';
    const loaded = loadScenario(text, 'tiny.yaml');
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    runScenario(loaded.scenario);
    expect(serverNamesRemembered()).toBeLessThan(50);
  });
});
