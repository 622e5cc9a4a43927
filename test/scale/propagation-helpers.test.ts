import { describe, expect, it } from 'vitest';
import { recipientsOf } from '../../engine/run/recipients';
import { RoomCopies } from '../../engine/run/room-copies';
import { ServerState } from '../../engine/federation/server-state';
import { KnownServers } from '../../engine/store/known-servers';
import { sortedHas } from '../../engine/store/sorted-names';
import { RoomView } from '../../engine/matrix/room-view';

/** The definition recipientsOf gives fast: a set, minus two names, sorted. */
function reference(before: readonly string[], after: readonly string[], extra: string | null, sender: string, leftOut: string | null): string[] {
  const all = new Set([...before, ...after, ...(extra !== null ? [extra] : [])]);
  all.delete(sender);
  if (leftOut !== null) all.delete(leftOut);
  return [...all].sort();
}

describe('recipientsOf', () => {
  const serverNames = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const servers = new Map(serverNames.map((name, index) => [name, new ServerState({ name, implementation: 'synapse', roomVersions: ['10'], users: [] }, index)]));

  /** What emitting an event does before sending it: log it, see if `except` was resident, apply it, then list the recipients. */
  function recipientsOfEmit(view: RoomView, copies: RoomCopies, change: { user: string; membership: 'join' | 'leave' | 'invite' } | null, stamp: number, sender: string, except: string | null) {
    const logged = change === null ? null : view.logMember(change.user, change.membership, stamp);
    const leftOut = except !== null && !view.isResident(except) ? except : null;
    if (logged !== null) view.applyLoggedMember(logged);
    const slots: number[] = [];
    const names = recipientsOf(view, logged === null ? -1 : view.memberLog.serverOf(logged.index), sender, leftOut, copies, servers, slots);
    return { names, slots, leftOut };
  }

  it('sends a join to the residents and the joining server, not to the sender or a server left out', () => {
    const view = new RoomView('!r:a', '10', '@u:a', { join_rule: 'public' }, { users: {} });
    const copies = new RoomCopies('!r:a');
    view.setMembership('@u:a', 'join', 1);
    view.setMembership('@u:c', 'join', 2);
    view.setMembership('@u:e', 'join', 3);
    // b joins through a; b was not resident, so when left out (it gets the state in its answer) it is not sent the event.
    expect(recipientsOfEmit(view, copies, { user: '@v:b', membership: 'join' }, 4, 'a', 'b').names).toEqual(['c', 'e']);
    // d joins on its own: everyone else hears of it, d too (its view must learn of the join if the answer is lost).
    expect(recipientsOfEmit(view, copies, { user: '@v:d', membership: 'join' }, 5, 'd', null).names).toEqual(['a', 'b', 'c', 'e']);
    // c's only user leaves: c still hears of it.
    expect(recipientsOfEmit(view, copies, { user: '@u:c', membership: 'leave' }, 6, 'a', null).names).toEqual(['b', 'c', 'd', 'e']);
    // A state event that is not a membership reaches the residents only.
    expect(recipientsOfEmit(view, copies, null, 7, 'e', null).names).toEqual(['a', 'b', 'd']);
  });

  it('agrees with the set-and-sort definition on random rooms, and gives each recipient its slot', () => {
    const view = new RoomView('!r:a', '10', '@u:a', { join_rule: 'public' }, { users: {} });
    const copies = new RoomCopies('!r:a');
    let state = 7;
    const next = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    let checked = 0;
    for (let stamp = 1; stamp <= 3000; stamp++) {
      const before = view.residents();
      const membershipChange = next() < 0.85;
      const user = `@u${Math.floor(next() * 3)}:${pick(serverNames)}`;
      const membership = pick(['join', 'join', 'leave', 'invite'] as const);
      const sender = pick(serverNames);
      const except = next() < 0.3 ? pick(serverNames) : null;
      const got = recipientsOfEmit(view, copies, membershipChange ? { user, membership } : null, stamp, sender, except);
      const after = view.residents();
      const expected = reference(before, after, membershipChange ? (user.split(':')[1] as string) : null, sender, except !== null && !before.includes(except) ? except : null);
      expect(got.names).toEqual(expected);
      expect(got.slots).toEqual(expected.map((name) => copies.slotNamed(servers, name)));
      checked += expected.length;
    }
    // The room had residents to send to (the test is not vacuous).
    expect(checked).toBeGreaterThan(3000);
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
