import type { RoomView } from '../matrix/room-view';
import type { ServerState } from '../federation/server-state';
import type { RoomCopies } from './room-copies';

/**
 * Who a state event that `view` has just applied goes to: the servers resident
 * before it and after it (a leave still reaches the server that left; a join
 * reaches the one that joined), and for a member event the target user's server
 * (`targetColumn`, its column in the room's member log; -1 for other events),
 * in name order, without the sender and without a server left out on purpose.
 * Returns their names; their slots in the room's `copies` are pushed onto
 * `slots`.
 *
 * One event changes one user's membership, so at most that user's server's
 * residency: a server resident before the event and not after can only be the
 * target's, which a member event's recipients hold anyway. So the recipients are
 * the servers resident now plus the target's, found by one walk over the room's
 * member log in name order (the view's row has a residency bit per server): no
 * resident list is rebuilt or merged per event, and no slot is looked up by name
 * (the copies remember each log column's slot).
 */
export function recipientsOf(
  view: RoomView,
  targetColumn: number,
  sender: string,
  leftOut: string | null,
  copies: RoomCopies,
  servers: ReadonlyMap<string, ServerState>,
  slots: number[],
): string[] {
  const log = view.memberLog;
  const row = view.row;
  const order = log.serversByName;
  // Made at its largest length and cut to size: pushing onto [] would copy the
  // array as it grows, once per event.
  const names = new Array<string>(log.residentCount(row) + (targetColumn < 0 ? 0 : 1));
  let filled = 0;
  for (let i = 0; i < order.length; i++) {
    const column = order[i] as number;
    if (column !== targetColumn && !log.isResident(row, column)) continue;
    const name = log.servers[column] as string;
    if (name === sender || name === leftOut) continue;
    names[filled++] = name;
    slots.push(copies.slotOfColumn(servers, column, name));
  }
  names.length = filled;
  return names;
}
