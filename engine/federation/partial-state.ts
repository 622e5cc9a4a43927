/**
 * Synapse's partial-state ("faster") joins (reference §1.6): a remote join asks
 * for the room's state without its members (omit_members), and until the full
 * state has been fetched (the resync) the room is partial-state on that server.
 * Meanwhile Synapse answers make_join and send_join for the room with 404
 * M_NOT_FOUND ("not fully joined"), and its own users' joins to it are remote
 * joins. The run opens the window when a remote join completes
 * (run/join-effects.ts); the server keeps its end time (ServerState.partialStateUntil).
 */
import { M_NOT_FOUND } from '../matrix/errcodes';
import type { RoomView } from '../matrix/room-view';
import { answer } from './answers';
import type { ResidentAnswer } from './messages';
import type { ServerState } from './server-state';
import type { ProfileSettings } from './settings';

/** A resync's fixed cost, and its cost per member in the state (UNVERIFIED figures; §1.6 says only that it grows with the state). */
export const RESYNC_BASE_MS = 1_000;
export const RESYNC_PER_MEMBER_MS = 20;

/** How long `view`'s room stays partial-state after a remote join: the setting, or (0) derived from the room's size. */
export function partialStateResyncDelay(settings: ProfileSettings, view: RoomView): number {
  if (settings.partialStateResyncMs > 0) return settings.partialStateResyncMs;
  return RESYNC_BASE_MS + RESYNC_PER_MEMBER_MS * view.memberTotal;
}

/** Whether `server` holds `roomId` with partial state at `now` (the window ends at its `until`, exclusive). */
export function hasPartialState(server: ServerState, roomId: string, now: number): boolean {
  // Most runs never open a window: one size test for them.
  if (server.partialStateUntil.size === 0) return false;
  const until = server.partialStateUntil.get(roomId);
  return until !== undefined && now < until;
}

/** Synapse's answer to make_join or send_join for a room it holds with partial state: 404 M_NOT_FOUND. */
export function notFullyJoined(server: ServerState, roomId: string, step: 'make_join' | 'send_join'): ResidentAnswer {
  const until = server.partialStateUntil.get(roomId) ?? 0;
  return answer(
    404,
    M_NOT_FOUND,
    'partial-state',
    `Unable to handle /${step} right now; this server is not fully joined: ${server.name} has only partial state of ${roomId} until ${formatSeconds(until)}`,
  );
}

/** 6200 → "6.2 s" (simulated time, for reasons and explain). */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
