/**
 * Applying member events to a view's row (view-rows.ts) without the view object:
 * a delivery in a big run goes straight from the room's slot table to the row
 * (unless the view caches authorisers, which the view must then drop), and
 * RoomView uses the same functions. The view's resident list is checked against
 * the row's residency-change count when read.
 */
import { MEMBER_COUNT, RECENT_CHANGE, RECENT_CHANGES, RESIDENCY_CHANGES, RESIDENT_COUNT, type ViewRows } from './view-rows';

/** What applying reads of a room's member log (member-log.ts), so that the log can use these functions without a cycle. */
export interface LoggedEvents {
  readonly rows: ViewRows;
  stampOf(e: number): number;
  codeOf(e: number): number;
  /** The server index of event `e`'s user. */
  serverOf(e: number): number;
  nextOf(e: number): number;
  newestOfSameUser(e: number): number;
}

/** Outcome bits of applyLogged and applyNewer. */
export const APPLIED = 1;
/** A server's joined count changed (the event's user's server). */
export const JOINED_CHANGED = 2;
/** A server became or stopped being resident. */
export const RESIDENCY_CHANGED = 4;

// Membership codes of a packed state; leave means "no membership" (as the spec's absent member).
export const CODE_LEAVE = 0;
export const CODE_JOIN = 1;

/** The packed state (stamp * 8 + code) of the newest of one user's events (the list from `first`) that `row` received, or undefined. */
export function newestReceived(log: LoggedEvents, row: number, first: number): number | undefined {
  const rows = log.rows;
  let best = -1;
  let bestStamp = -1;
  for (let e = first; e >= 0; e = log.nextOf(e)) {
    if (rows.hasReceived(row, e)) {
      const stamp = log.stampOf(e);
      if (stamp > bestStamp) {
        bestStamp = stamp;
        best = e;
      }
    }
  }
  return best < 0 ? undefined : bestStamp * 8 + log.codeOf(best);
}

/** Applies log event `e` to `row` if it is newer than what the row holds for its user: outcome bits, 0 when not applied. */
export function applyLogged(log: LoggedEvents, row: number, e: number): number {
  const held = newestReceived(log, row, log.newestOfSameUser(e));
  if (log.stampOf(e) <= (held === undefined ? -1 : Math.floor(held / 8))) return 0;
  return applyNewer(log, row, e, held);
}

/** Marks `e` received in `row` and updates its counts; `held` is the user's state before (e is newer). */
export function applyNewer(log: LoggedEvents, row: number, e: number, held: number | undefined): number {
  const rows = log.rows;
  rows.markReceived(row, e);
  const code = log.codeOf(e);
  const before = held === undefined ? CODE_LEAVE : held & 7;
  if (before === code) return APPLIED;
  if (before === CODE_LEAVE) rows.setCounter(row, MEMBER_COUNT, rows.counter(row, MEMBER_COUNT) + 1);
  else if (code === CODE_LEAVE) rows.setCounter(row, MEMBER_COUNT, rows.counter(row, MEMBER_COUNT) - 1);
  if (before !== CODE_JOIN && code !== CODE_JOIN) return APPLIED;
  const server = log.serverOf(e);
  const delta = code === CODE_JOIN ? 1 : -1;
  return APPLIED | JOINED_CHANGED | (adjustJoined(rows, row, server, delta) ? RESIDENCY_CHANGED : 0);
}

/** Changes a server's joined count in `row`; true when the server became or stopped being resident. */
function adjustJoined(rows: ViewRows, row: number, index: number, delta: number): boolean {
  const before = rows.addJoined(row, index, delta);
  const count = before + delta;
  const becomes = before <= 0 && count > 0;
  const stops = before > 0 && count <= 0;
  if (!becomes && !stops) return false;
  rows.setCounter(row, RESIDENT_COUNT, rows.counter(row, RESIDENT_COUNT) + (becomes ? 1 : -1));
  const change = rows.counter(row, RESIDENCY_CHANGES) + 1;
  rows.setCounter(row, RESIDENCY_CHANGES, change);
  rows.setCounter(row, RECENT_CHANGE + (change % RECENT_CHANGES), index);
  return true;
}
