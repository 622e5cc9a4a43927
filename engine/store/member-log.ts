/**
 * The membership events of one room, shared by every server's view of it in a
 * run, with the views' rows (view-rows.ts). A view then holds only which of these
 * events it has received (a bitset) and how many joined users each server has as
 * far as it knows, instead of a map of every member: a big federation has a view
 * per resident server per room, and per-view maps made runs memory-bound.
 */

import { HAS_AUTHORISER_CACHE, MEMBER_COUNT, RECENT_CHANGE, RECENT_CHANGES, RESIDENCY_CHANGES, RESIDENT_COUNT, ViewRows } from './view-rows';
import { SEPARATE_ARRAYS, type Int32Storage } from './int32-slabs';
import { applyLogged, applyNewer, newestReceived, type LoggedEvents } from './row-apply';

/** What applyWithoutView returns when the view object must apply the event itself. */
export const VIEW_NEEDED = -1;
/** How many of a row's latest residency changes it remembers (residencyChange). */
export const RECENT_RESIDENCY_CHANGES = RECENT_CHANGES;

/** A member event as logged: the log and its index there, so other views of the room can apply it without lookups. */
export interface LoggedMember {
  readonly log: MemberLog;
  readonly index: number;
}

const INITIAL_EVENTS = 8;
const INITIAL_SERVERS = 4;

/**
 * An event's fields, side by side in one Int32Array (one allocation per growth,
 * and one cache line per event read): its stamp, membership code, user slot, and
 * the next event about the same user (newest first; -1 ends the list). Its user
 * and server are its slot's. Stamps are the run's event counter, far below 2^31.
 */
const STAMP = 0;
const CODE = 1;
const SLOT = 2;
const NEXT = 3;
const EVENT_FIELDS = 4;

/** A user slot's fields: its newest event (-1 for none), its server index, and the next slot of the same server (-1 ends the list). */
const HEAD = 0;
const SLOT_SERVER = 1;
const NEXT_OF_SERVER = 2;
const SLOT_FIELDS = 3;

export class MemberLog implements LoggedEvents {
  /** The per-view numbers of every view of this room (view-rows.ts). */
  readonly rows: ViewRows;
  // Most rooms are small (a big federation has a hundred thousand of them): start small, double as needed.
  private events: Int32Array;
  count = 0;
  /** Users in the order first seen (their slot), each slot's user, and the slots' fields (an event's user and server are its slot's). */
  private readonly slotOfUser = new Map<string, number>();
  readonly userOfSlot: string[] = [];
  private slotFields: Int32Array;
  slots = 0;
  /**
   * Each server's newest user slot (-1 for none): with NEXT_OF_SERVER, each
   * server's users as a list, so "the local users of a server" in a room of
   * thousands walks only that server's users.
   */
  private firstSlotOfServer: Int32Array;
  /** Servers in the order first seen; an index into each view's joined counts. */
  readonly servers: string[] = [];
  readonly serverIndex = new Map<string, number>();
  /**
   * The same server indices in name order, kept as servers appear (once per room,
   * not per view), so a view lists its residents in name order by one scan
   * without sorting.
   */
  readonly serversByName: number[] = [];

  /** `storage` gives this log's arrays and its rows' (a run shares one Int32Slabs between all its rooms). */
  constructor(private readonly storage: Int32Storage = SEPARATE_ARRAYS) {
    this.rows = new ViewRows(storage);
    this.events = storage.take(INITIAL_EVENTS * EVENT_FIELDS);
    this.slotFields = storage.take(INITIAL_EVENTS * SLOT_FIELDS);
    this.firstSlotOfServer = storage.take(INITIAL_SERVERS).fill(-1);
  }

  stampOf(e: number): number {
    return this.events[e * EVENT_FIELDS + STAMP] as number;
  }

  codeOf(e: number): number {
    return this.events[e * EVENT_FIELDS + CODE] as number;
  }

  /** The user event `e` is about. */
  userOf(e: number): string {
    return this.userOfSlot[this.events[e * EVENT_FIELDS + SLOT] as number] as string;
  }

  /** The server index of event `e`'s user. */
  serverOf(e: number): number {
    return this.slotFields[(this.events[e * EVENT_FIELDS + SLOT] as number) * SLOT_FIELDS + SLOT_SERVER] as number;
  }

  /** The next (older) event about the same user as `e`, or -1. */
  nextOf(e: number): number {
    return this.events[e * EVENT_FIELDS + NEXT] as number;
  }

  /** The newest event about the user of event `e` (follow nextOf for the others). */
  newestOfSameUser(e: number): number {
    return this.slotFields[(this.events[e * EVENT_FIELDS + SLOT] as number) * SLOT_FIELDS + HEAD] as number;
  }

  /** The newest event about `user` (follow nextOf for the others), or -1 when there is none. */
  firstEventOf(user: string): number {
    const slot = this.slotOfUser.get(user);
    return slot === undefined ? -1 : (this.slotFields[slot * SLOT_FIELDS + HEAD] as number);
  }

  /** The newest event about the user in `slot` (-1 for none). */
  headOf(slot: number): number {
    return this.slotFields[slot * SLOT_FIELDS + HEAD] as number;
  }

  /** The newest user slot of server index `index`, or -1; follow nextSlotOfServer for the others. */
  firstSlotOf(index: number): number {
    return index < this.firstSlotOfServer.length ? (this.firstSlotOfServer[index] as number) : -1;
  }

  nextSlotOfServer(slot: number): number {
    return this.slotFields[slot * SLOT_FIELDS + NEXT_OF_SERVER] as number;
  }

  /** The event for (user, stamp, code), logged now if it is new (`serverOfUser` gives a new user's server: asked only then). */
  eventFor(user: string, serverOfUser: (user: string) => string, stamp: number, code: number): number {
    if ((stamp | 0) !== stamp) throw new RangeError(`member event stamp ${stamp} is not a 32-bit integer`);
    let slot = this.slotOfUser.get(user);
    if (slot === undefined) slot = this.addSlot(user, serverOfUser(user));
    const events = this.events;
    for (let e = this.slotFields[slot * SLOT_FIELDS + HEAD] as number; e >= 0; e = events[e * EVENT_FIELDS + NEXT] as number) {
      if (events[e * EVENT_FIELDS + STAMP] === stamp && events[e * EVENT_FIELDS + CODE] === code) return e;
    }
    if (this.count * EVENT_FIELDS === this.events.length) this.events = this.grown(this.storage.take(this.events.length * 2), this.events);
    const e = this.count++;
    const at = e * EVENT_FIELDS;
    const fields = this.events;
    fields[at + STAMP] = stamp;
    fields[at + CODE] = code;
    fields[at + SLOT] = slot;
    fields[at + NEXT] = this.slotFields[slot * SLOT_FIELDS + HEAD] as number;
    this.slotFields[slot * SLOT_FIELDS + HEAD] = e;
    return e;
  }

  /** A slot for a user first seen now, at the head of its server's list. */
  private addSlot(user: string, server: string): number {
    const slot = this.slots++;
    if (slot * SLOT_FIELDS === this.slotFields.length) this.slotFields = this.grown(this.storage.take(this.slotFields.length * 2), this.slotFields);
    this.slotOfUser.set(user, slot);
    this.userOfSlot.push(user);
    const index = this.indexOfServer(server);
    this.slotFields[slot * SLOT_FIELDS + HEAD] = -1;
    this.slotFields[slot * SLOT_FIELDS + SLOT_SERVER] = index;
    this.slotFields[slot * SLOT_FIELDS + NEXT_OF_SERVER] = this.firstSlotOfServer[index] as number;
    this.firstSlotOfServer[index] = slot;
    return slot;
  }

  /** Every user the log has an event about, in the order first seen. */
  knownUsers(): IterableIterator<string> {
    return this.slotOfUser.keys();
  }

  /** `into` with `from` copied to its start; `from` goes back to the storage. */
  private grown(into: Int32Array, from: Int32Array): Int32Array {
    into.set(from);
    this.storage.give(from);
    return into;
  }

  /** The index of `server`, assigned on first sight. */
  indexOfServer(server: string): number {
    let index = this.serverIndex.get(server);
    if (index === undefined) {
      index = this.servers.length;
      if (index === this.firstSlotOfServer.length) this.firstSlotOfServer = this.grown(this.storage.take(index * 2).fill(-1), this.firstSlotOfServer);
      this.servers.push(server);
      this.serverIndex.set(server, index);
      this.serversByName.splice(this.namePosition(server), 0, index);
    }
    return index;
  }

  // A view's row (view-rows.ts): what one server's view of the room holds of this log.

  /** A new row that holds nothing, for a new view. */
  addRow(): number {
    return this.rows.addRow();
  }

  /** A new row holding what `row` holds, for a copy of its view. */
  copyRow(row: number): number {
    return this.rows.copyRow(row);
  }

  /** The packed state (stamp * 8 + membership code) of `user`'s newest event that `row` received, or undefined. */
  memberState(row: number, user: string): number | undefined {
    const first = this.firstEventOf(user);
    return first < 0 ? undefined : newestReceived(this, row, first);
  }

  /** The same, for the user of slot `slot`. */
  memberStateOfSlot(row: number, slot: number): number | undefined {
    return newestReceived(this, row, this.headOf(slot));
  }

  /** Applies event `e` to `row` if newer than what it holds for the user: outcome bits (row-apply.ts), 0 when not applied. */
  apply(row: number, e: number): number {
    return applyLogged(this, row, e);
  }

  /** Applies event `e`, known to be newer than `held` (the user's packed state in `row` before), to `row`: outcome bits. */
  applyNewer(row: number, e: number, held: number | undefined): number {
    return applyNewer(this, row, e, held);
  }

  /**
   * apply(), unless the view of `row` must see the event itself (it caches
   * authorisers, which the event may make stale): then VIEW_NEEDED. Most of a
   * big run's deliveries take this path, without reading the view object.
   */
  applyWithoutView(row: number, e: number): number {
    return this.rows.counter(row, HAS_AUTHORISER_CACHE) === 0 ? applyLogged(this, row, e) : VIEW_NEEDED;
  }

  /** Whether the view of `row` caches authorisers (so that deliveries go through it). */
  setCachesAuthorisers(row: number, caches: boolean): void {
    this.rows.setCounter(row, HAS_AUTHORISER_CACHE, caches ? 1 : 0);
  }

  /** Joined users of server index `index` in `row`. */
  joinedCount(row: number, index: number): number {
    return this.rows.joined(row, index);
  }

  /** Whether server index `index` has a joined user in `row` (joinedCount above zero, read from one bit). */
  isResident(row: number, index: number): boolean {
    return this.rows.isResident(row, index);
  }

  /** Users whose membership in `row` is not leave. */
  memberCount(row: number): number {
    return this.rows.counter(row, MEMBER_COUNT);
  }

  /** Servers with a joined user in `row`. */
  residentCount(row: number): number {
    return this.rows.counter(row, RESIDENT_COUNT);
  }

  /** How many times a server became or stopped being resident in `row`. */
  residencyChanges(row: number): number {
    return this.rows.counter(row, RESIDENCY_CHANGES);
  }

  /** The server index of residency change number `change` of `row` (one of the latest RECENT_RESIDENCY_CHANGES). */
  residencyChange(row: number, change: number): number {
    return this.rows.counter(row, RECENT_CHANGE + (change % RECENT_CHANGES));
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
}
