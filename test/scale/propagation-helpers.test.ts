import { describe, expect, it } from 'vitest';
import { recipientsOf } from '../../engine/run/recipients';
import { KnownServers } from '../../engine/store/known-servers';
import { sortedHas } from '../../engine/store/sorted-names';
import { RoomView } from '../../engine/matrix/room-view';

/** The definition recipientsOf replaces: a set, minus two names, sorted. */
function reference(before: string[], after: string[], extra: string | null, sender: string, leftOut: string | null): string[] {
  const all = new Set([...before, ...after, ...(extra !== null ? [extra] : [])]);
  all.delete(sender);
  if (leftOut !== null) all.delete(leftOut);
  return [...all].sort();
}

describe('recipientsOf', () => {
  it('merges the sorted resident lists, adds the target server and leaves out the sender', () => {
    expect(recipientsOf(['a', 'c', 'e'], ['a', 'c', 'd', 'e'], 'b', 'c', null)).toEqual(['a', 'b', 'd', 'e']);
    expect(recipientsOf(['a', 'b'], ['a'], 'b', 'a', null)).toEqual(['b']);
    expect(recipientsOf([], [], 'z', 'a', null)).toEqual(['z']);
    expect(recipientsOf(['a', 'b'], ['a', 'b'], null, 'x', 'b')).toEqual(['a']);
  });

  it('agrees with the set-and-sort definition on random lists', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    let state = 7;
    const next = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pick = (): string[] => names.filter(() => next() < 0.5);
    for (let round = 0; round < 500; round++) {
      const before = pick();
      // Often the very same array (the view hands back its cached list when residency
      // did not change), or one name more or less (one event changes one server's residency).
      const roll = next();
      const one = names[Math.floor(next() * names.length)] as string;
      const after =
        roll < 0.25 ? before
        : roll < 0.5 ? [...new Set([...before, one])].sort()
        : roll < 0.75 ? before.filter((n) => n !== one)
        : pick();
      const extra = next() < 0.5 ? (names[Math.floor(next() * names.length)] as string) : null;
      const sender = names[Math.floor(next() * names.length)] as string;
      const leftOut = next() < 0.3 ? (names[Math.floor(next() * names.length)] as string) : null;
      expect(recipientsOf(before, after, extra, sender, leftOut)).toEqual(reference(before, after, extra, sender, leftOut));
    }
  });
});

describe('KnownServers', () => {
  it('knows its own names and its parent\'s, and no others', () => {
    const sent = new KnownServers(new KnownServers(null, ['origin']), ['b', 'd', 'f']);
    const forwarded = new KnownServers(sent, ['c', 'g']);
    for (const name of ['origin', 'b', 'd', 'f']) expect(sent.has(name)).toBe(true);
    for (const name of ['origin', 'b', 'c', 'd', 'f', 'g']) expect(forwarded.has(name)).toBe(true);
    for (const name of ['a', 'e', 'h', '']) expect(forwarded.has(name)).toBe(false);
    expect(sent.has('c')).toBe(false);
  });

  it('sortedHas finds every member of a sorted list and nothing else', () => {
    const names = ['a', 'ab', 'b', 'ba', 'c'];
    for (const name of names) expect(sortedHas(names, name)).toBe(true);
    for (const name of ['', 'aa', 'bb', 'd']) expect(sortedHas(names, name)).toBe(false);
    expect(sortedHas([], 'a')).toBe(false);
  });
});

describe('RoomView resident list', () => {
  it('stays equal to a fresh computation while servers come and go between reads', () => {
    const view = new RoomView('!r:a', '10', '@u:a', { join_rule: 'public' }, { users: {} });
    const servers = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const joined = new Map<string, boolean>();
    let stamp = 1;
    let state = 3;
    const next = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 2000; round++) {
      const server = servers[Math.floor(next() * servers.length)] as string;
      const user = `@u${Math.floor(next() * 3)}:${server}`;
      const join = next() < 0.6;
      view.setMembership(user, join ? 'join' : 'leave', stamp++);
      joined.set(user, join);
      // Read only now and then, so changes pile up between reads (and sometimes past the recompute limit).
      if (next() < 0.2) {
        const expected = [...new Set([...joined].filter(([, j]) => j).map(([u]) => u.split(':')[1] as string))].sort();
        expect(view.residents()).toEqual(expected);
        expect(view.clone().residentServers()).toEqual(expected);
      }
    }
  });

  it('lists each server\'s joined users as a scan of every member would, in views that received different events', () => {
    const first = new RoomView('!r:a', '10', '@u:a', { join_rule: 'public' }, { users: {} });
    const second = first.clone();
    const servers = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    let stamp = 1;
    let state = 5;
    const next = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const byScan = (view: RoomView, server: string): string[] =>
      [...view.members].filter(([user, m]) => m === 'join' && user.split(':')[1] === server).map(([user]) => user).sort();
    for (let round = 0; round < 1500; round++) {
      const server = servers[Math.floor(next() * servers.length)] as string;
      const user = `@u${Math.floor(next() * 6)}:${server}`;
      const membership = next() < 0.6 ? 'join' : next() < 0.5 ? 'invite' : 'leave';
      // The second view misses some events, so the two views of one log disagree.
      const logged = first.logMember(user, membership, stamp++);
      first.applyLoggedMember(logged);
      if (next() < 0.7) second.applyLoggedMember(logged);
      if (next() < 0.1) {
        for (const s of servers) {
          expect(first.joinedUsersOf(s).sort()).toEqual(byScan(first, s));
          expect(second.joinedUsersOf(s).sort()).toEqual(byScan(second, s));
        }
      }
    }
    expect(first.joinedUsersOf('nowhere')).toEqual([]);
  });
});
