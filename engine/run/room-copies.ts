/**
 * Which server holds which view of one room. Every server's views are a map by
 * room ID on the server; a room also numbers the servers that ever held it (a
 * slot each), so that a state delivery, made for one room, reaches its
 * receiver and the receiver's view through two array reads instead of two map
 * lookups. Deliveries are most of a big run's events, and those lookups were
 * most of their cost (cache misses in maps of thousands of entries).
 *
 * Views are taken and dropped only through holdView and dropView
 * (held-views.ts), which keep both in step.
 */
import type { RoomView } from '../matrix/room-view';
import type { MemberLog } from '../store/index';
import { invariant } from '../kernel/invariant';
import { stringWord } from '../kernel/fingerprint';
import type { ServerState } from '../federation/server-state';
import type { AdmittedServers } from './admitted-servers';

/** Where a slot's numbers sit in RoomCopies.slotInts: slot * SLOT_INTS + one of these. */
export const SLOT_ROW = 0;
export const SLOT_NAME_WORD = 1;
export const SLOT_NET_INDEX = 2;
export const SLOT_INTS = 3;

export class RoomCopies {
  private readonly slots = new Map<string, number>();
  /** stringWord of the room's ID, for the trace's fingerprint (hashed once per room, not per copy delivered). */
  readonly roomWord: number;
  /** The server of each slot, and its name (read without touching the server's record). */
  readonly holders: ServerState[] = [];
  readonly names: string[] = [];
  /**
   * The numbers a copy sent or delivered reads, SLOT_INTS per slot side by side
   * (one place in memory per copy rather than one in each of three arrays):
   * - SLOT_ROW: the row of the view the server holds in the room's ViewRows, or -1:
   *   a delivery can apply a member event to the row without the view object;
   * - SLOT_NAME_WORD: stringWord of the server's name, for the trace's fingerprint;
   * - SLOT_NET_INDEX: the server's number in the run's Network, so a copy on a
   *   random network finds its link without a name lookup.
   */
  readonly slotInts: number[] = [];
  /** The view the server of each slot holds, or null while it holds none. */
  readonly views: (RoomView | null)[] = [];
  /** The member log every view of the room shares (set by the first view held). */
  log: MemberLog | null = null;
  /**
   * Servers the server of each slot let into the room through send_join, with the
   * stamp of each join (state propagation forwards them events they may lack).
   * Kept while the server holds the room, even when a later send_join hands it a
   * new view; forgotten when it stops holding the room.
   */
  readonly admitted: (AdmittedServers | null)[] = [];
  /**
   * The slot of each server of the room's member log, by its column there (-1 or
   * missing until first asked), so that a state event's recipients, found in the
   * log, need no lookup by name.
   */
  private readonly slotsByColumn: number[] = [];

  constructor(roomId: string) {
    this.roomWord = stringWord(roomId);
  }

  /** The slot of `server`, given on first sight. */
  slotOf(server: ServerState): number {
    let slot = this.slots.get(server.name);
    if (slot === undefined) {
      slot = this.holders.length;
      this.slots.set(server.name, slot);
      this.holders.push(server);
      this.names.push(server.name);
      this.slotInts.push(-1, server.nameWord, server.networkIndex);
      this.views.push(null);
      this.admitted.push(null);
    }
    return slot;
  }

  /** The slot of the server called `name`, whose column in the room's member log is `column`. */
  slotOfColumn(servers: ReadonlyMap<string, ServerState>, column: number, name: string): number {
    const known = this.slotsByColumn[column];
    if (known !== undefined && known >= 0) return known;
    const slot = this.slotNamed(servers, name);
    while (this.slotsByColumn.length <= column) this.slotsByColumn.push(-1);
    this.slotsByColumn[column] = slot;
    return slot;
  }

  /** The slot of the server called `name` (which `servers` must have). */
  slotNamed(servers: ReadonlyMap<string, ServerState>, name: string): number {
    const slot = this.slots.get(name);
    if (slot !== undefined) return slot;
    const server = servers.get(name);
    // A plain test: a message closure would make V8 give every call (one per copy sent) a context for `name`.
    if (server === undefined) invariant(false, `unknown server "${name}" after validation`);
    return this.slotOf(server);
  }
}
