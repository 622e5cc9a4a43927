/**
 * The resident's allow check (reference §2.4 item 2), shared by profiles: does
 * this server, from its own views, see the user joined to an allowed room, and
 * which allowed rooms does it take no part in?
 */
import type { RoomView } from '../matrix/room-view';
import { isUserOfServer } from '../matrix/ids';
import { hasPartialState } from './partial-state';
import type { ServerState } from './server-state';

export interface AllowCheck {
  /** An allowed room in which this server sees the user joined, or null. */
  joinedVia: string | null;
  /** Allowed rooms this server is not resident in (so cannot see into). */
  notResidentIn: string[];
  allowedRooms: readonly string[];
}

/**
 * `partialStateAt` ≥ 0 (setting partialStateHidesRemoteMembers): an allowed room
 * this server holds with partial state at that time shows none of another
 * server's users joined (UNVERIFIED inference, reference §1.6).
 */
export function checkAllowedRooms(server: ServerState, view: RoomView, user: string, partialStateAt = -1): AllowCheck {
  const allowedRooms = view.joinRules.allowedRooms;
  let joinedVia: string | null = null;
  const notResidentIn: string[] = [];
  for (const roomId of allowedRooms) {
    const allowedView = server.views.get(roomId);
    if (!allowedView) {
      if (!notResidentIn.includes(roomId)) notResidentIn.push(roomId);
    } else if (joinedVia === null && allowedView.membership(user) === 'join' && !(partialStateAt >= 0 && hiddenByPartialState(server, roomId, user, partialStateAt))) {
      joinedVia = roomId;
    }
  }
  return { joinedVia, notResidentIn, allowedRooms };
}

function hiddenByPartialState(server: ServerState, roomId: string, user: string, now: number): boolean {
  return hasPartialState(server, roomId, now) && !isUserOfServer(user, server.name);
}

/** "!a:hs1, !b:hs1" for reasons. */
export function listRooms(rooms: readonly string[]): string {
  return rooms.length === 0 ? '(none)' : rooms.join(', ');
}
