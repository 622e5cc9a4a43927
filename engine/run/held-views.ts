/**
 * Taking and dropping a server's view of a room: the server's map by room ID and
 * the room's slot table (room-copies.ts) change together, only here.
 */
import { invariant } from '../kernel/invariant';
import type { RoomView } from '../matrix/room-view';
import type { ServerState } from '../federation/server-state';
import { RoomCopies, SLOT_INTS, SLOT_ROW } from './room-copies';
import type { World } from './world';

/** The holders of `roomId`, made on first use. */
export function copiesOf(world: World, roomId: string): RoomCopies {
  let copies = world.rooms.get(roomId);
  if (copies === undefined) world.rooms.set(roomId, (copies = new RoomCopies(roomId)));
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
  copies.slotInts[slot * SLOT_INTS + SLOT_ROW] = view.row;
}

/** `server` holds no view of `roomId` any more. */
export function dropView(world: World, server: ServerState, roomId: string): void {
  server.views.delete(roomId);
  const copies = copiesOf(world, roomId);
  const slot = copies.slotOf(server);
  copies.views[slot] = null;
  copies.slotInts[slot * SLOT_INTS + SLOT_ROW] = -1;
  // What it let others into is forgotten with the room.
  copies.admitted[slot] = null;
}
