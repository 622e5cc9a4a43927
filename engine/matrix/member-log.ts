/**
 * The membership events of one room, shared by every server's view of it in a
 * run, with the views' rows (view-rows.ts). A view then holds only which of these
 * events it has received (a bitset) and how many joined users each server has as
 * far as it knows, instead of a map of every member: a big federation has a view
 * per resident server per room, and per-view maps made runs memory-bound.
 */

import { ViewRows } from './view-rows';

/** A member event as logged: the log and its index there, so other views of the room can apply it without lookups. */
export interface LoggedMember {
  readonly log: MemberLog;
  readonly index: number;
}

const INITIAL_EVENTS = 8;
const INITIAL_SERVERS = 4;

export class MemberLog {
  /** The per-view numbers of every view of this room (view-rows.ts). */
  readonly rows = new ViewRows();
  /** Event i: the user it is about, its stamp, its membership code, its user's server index and user slot. */
  readonly users: string[] = [];
  // Most rooms are small (a big federation has a hundred thousand of them): start small, double as needed.
  stamps = new Float64Array(INITIAL_EVENTS);
  codes = new Uint8Array(INITIAL_EVENTS);
  serverOfEvent = new Int32Array(INITIAL_EVENTS);
  slotOfEvent = new Int32Array(INITIAL_EVENTS);
  /** The next event about the same user (newest first), or -1: each user's events as a list through typed arrays, not an array object per user. */
  nextOfEvent = new Int32Array(INITIAL_EVENTS);
  count = 0;
  /** Users in the order first seen (their slot), and each slot's newest event (the head of its list). */
  readonly slotOfUser = new Map<string, number>();
  headOfSlot = new Int32Array(INITIAL_EVENTS);
  slots = 0;
  /** The user of each slot. */
  readonly userOfSlot: string[] = [];
  /**
   * Each server's users as a list through typed arrays (its newest slot, then each
   * slot's next of the same server, -1 ending it): "the local users of a server"
   * in a room of thousands walks only that server's users.
   */
  firstSlotOfServer = new Int32Array(INITIAL_SERVERS).fill(-1);
  nextSlotOfServer = new Int32Array(INITIAL_EVENTS);
  /** Servers in the order first seen; an index into each view's joined counts. */
  readonly servers: string[] = [];
  readonly serverIndex = new Map<string, number>();
  /**
   * The same server indices in name order, kept as servers appear (once per room,
   * not per view), so a view lists its residents in name order by one scan
   * without sorting.
   */
  readonly serversByName: number[] = [];

  /** The newest event about `user` (follow nextOfEvent for the others), or -1 when there is none. */
  firstEventOf(user: string): number {
    const slot = this.slotOfUser.get(user);
    return slot === undefined ? -1 : (this.headOfSlot[slot] as number);
  }

  /** The event for (user, stamp, code), logged now if it is new. */
  eventFor(user: string, server: string, stamp: number, code: number): number {
    let slot = this.slotOfUser.get(user);
    if (slot === undefined) {
      slot = this.slots++;
      if (slot === this.headOfSlot.length) {
        this.headOfSlot = grown(new Int32Array(slot * 2), this.headOfSlot);
        this.nextSlotOfServer = grown(new Int32Array(slot * 2), this.nextSlotOfServer);
      }
      this.slotOfUser.set(user, slot);
      this.userOfSlot.push(user);
      this.headOfSlot[slot] = -1;
      const index = this.indexOfServer(server);
      this.nextSlotOfServer[slot] = this.firstSlotOfServer[index] as number;
      this.firstSlotOfServer[index] = slot;
    }
    for (let e = this.headOfSlot[slot] as number; e >= 0; e = this.nextOfEvent[e] as number) {
      if (this.stamps[e] === stamp && this.codes[e] === code) return e;
    }
    if (this.count === this.stamps.length) this.grow();
    const e = this.count++;
    this.users.push(user);
    this.stamps[e] = stamp;
    this.codes[e] = code;
    this.serverOfEvent[e] = this.indexOfServer(server);
    this.slotOfEvent[e] = slot;
    this.nextOfEvent[e] = this.headOfSlot[slot] as number;
    this.headOfSlot[slot] = e;
    return e;
  }

  /** The index of `server`, assigned on first sight. */
  indexOfServer(server: string): number {
    let index = this.serverIndex.get(server);
    if (index === undefined) {
      index = this.servers.length;
      if (index === this.firstSlotOfServer.length) this.firstSlotOfServer = grown(new Int32Array(index * 2).fill(-1), this.firstSlotOfServer);
      this.servers.push(server);
      this.serverIndex.set(server, index);
      this.serversByName.splice(this.namePosition(server), 0, index);
    }
    return index;
  }

  /** Where `server` goes in serversByName (binary search by name). */
  private namePosition(server: string): number {
    let low = 0;
    let high = this.serversByName.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.servers[this.serversByName[middle] as number] as string) < server) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private grow(): void {
    const n = this.stamps.length * 2;
    this.stamps = grown(new Float64Array(n), this.stamps);
    this.codes = grown(new Uint8Array(n), this.codes);
    this.serverOfEvent = grown(new Int32Array(n), this.serverOfEvent);
    this.slotOfEvent = grown(new Int32Array(n), this.slotOfEvent);
    this.nextOfEvent = grown(new Int32Array(n), this.nextOfEvent);
  }
}

/** `into` with `from` copied to its start. */
function grown<T extends Float64Array | Uint8Array | Int32Array>(into: T, from: T): T {
  into.set(from);
  return into;
}
