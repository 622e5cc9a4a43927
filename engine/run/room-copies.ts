/**
 * Which server holds which view of one room. Every server's views are a map by
 * room ID on the server; a room also numbers the servers that ever held it (a
 * slot each), so that a state delivery, made for one room, reaches its
 * receiver and the receiver's view through two array reads instead of two map
 * lookups. Deliveries are most of a big run's events, and those lookups were
 * most of their cost (cache misses in maps of thousands of entries).
 *
 * Views are taken and dropped only through holdView and dropView, which keep
 * both in step.
 */
import type { RoomView } from '../matrix/room-view';
import type { MemberLog } from '../matrix/member-log';
import { invariant } from '../kernel/invariant';
import { stringWord } from '../kernel/fingerprint';
import type { ServerState } from '../federation/server-state';
import { serverNamed, type World } from './world';

export class RoomCopies {
  private readonly slots = new Map<string, number>();
  /** The server of each slot, and its name (read without touching the server's record). */
  readonly holders: ServerState[] = [];
  readonly names: string[] = [];
  /** stringWord of each name, for the trace's fingerprint (a delivery per copy hashes it). */
  readonly nameWords: number[] = [];
  /** Each server's number in the run's Network, so a copy on a random network finds its link without a name lookup. */
  readonly netIndex: number[] = [];
  /** The view the server of each slot holds, or null while it holds none. */
  readonly views: (RoomView | null)[] = [];
  /** That view's row in the room's ViewRows, or -1: a delivery can apply a member event to the row without the view object. */
  readonly rows: number[] = [];
  /** The member log every view of the room shares (set by the first view held). */
  log: MemberLog | null = null;
  /**
   * Servers the server of each slot let into the room through send_join, with the
   * stamp of each join (state propagation forwards them events they may lack).
   * Kept while the server holds the room, even when a later send_join hands it a
   * new view; forgotten when it stops holding the room.
   */
  readonly admitted: (Map<string, number> | null)[] = [];

  /** The slot of `server`, given on first sight. */
  slotOf(server: ServerState): number {
    let slot = this.slots.get(server.name);
    if (slot === undefined) {
      slot = this.holders.length;
      this.slots.set(server.name, slot);
      this.holders.push(server);
      this.names.push(server.name);
      this.nameWords.push(stringWord(server.name));
      this.netIndex.push(server.networkIndex);
      this.views.push(null);
      this.rows.push(-1);
      this.admitted.push(null);
    }
    return slot;
  }

  /** The slot of the server called `name` (which the world must have). */
  slotNamed(world: World, name: string): number {
    const slot = this.slots.get(name);
    return slot !== undefined ? slot : this.slotOf(serverNamed(world, name));
  }
}

/** The holders of `roomId`, made on first use. */
export function copiesOf(world: World, roomId: string): RoomCopies {
  let copies = world.rooms.get(roomId);
  if (copies === undefined) world.rooms.set(roomId, (copies = new RoomCopies()));
  return copies;
}

/** `server` now holds `view` (replacing any view it held of the room). */
export function holdView(world: World, server: ServerState, view: RoomView): void {
  server.views.set(view.roomId, view);
  const copies = copiesOf(world, view.roomId);
  copies.log ??= view.memberLog;
  // Every view of a room in a run descends from the one t = 0 template, so they share one log (and its rows).
  if (copies.log !== view.memberLog) invariant(false, `a view of ${view.roomId} with a member log of its own`);
  const slot = copies.slotOf(server);
  copies.views[slot] = view;
  copies.rows[slot] = view.row;
}

/** `server` holds no view of `roomId` any more. */
export function dropView(world: World, server: ServerState, roomId: string): void {
  server.views.delete(roomId);
  const copies = copiesOf(world, roomId);
  const slot = copies.slotOf(server);
  copies.views[slot] = null;
  copies.rows[slot] = -1;
  // What it let others into is forgotten with the room.
  copies.admitted[slot] = null;
}
