/**
 * Per-destination backoff as a joining server keeps it (Synapse retryutils,
 * reference §3.5): a failure (no answer, 5xx, 429, 401) starts or lengthens the
 * interval, 10 min then ×2×U(0.8, 1.4) each time, capped at 7 days; any success
 * to the destination, or any inbound request from it, clears it.
 */
import type { RandomStream } from '../kernel/random-streams';
import type { ResidentAnswer } from './messages';
import type { ServerState } from './server-state';
import type { ProfileSettings } from './settings';

/** Whether an answer counts as a failure for the limiter (404 does not: make_join/send_join set no backoff_on_404). */
export function isBackoffFailure(a: ResidentAnswer | null): boolean {
  return a === null || a.status >= 500 || a.status === 429 || a.status === 401;
}

/** The ms left in `server`'s backoff for `destination` at `now`; 0 when it may be contacted. */
export function backoffRemaining(server: ServerState, destination: string, now: number): number {
  const state = server.backoff.get(destination);
  return state === undefined ? 0 : Math.max(0, state.until - now);
}

/** Records one failure to `destination`; returns the new interval in ms. */
export function recordBackoffFailure(
  server: ServerState,
  destination: string,
  now: number,
  settings: ProfileSettings,
  random: RandomStream,
): number {
  const previous = server.backoff.get(destination);
  const interval =
    previous === undefined
      ? settings.backoffMinMs
      : Math.min(settings.backoffMaxMs, Math.round(previous.interval * settings.backoffMultiplier * (0.8 + 0.6 * random())));
  server.backoff.set(destination, { until: now + interval, interval, failures: (previous?.failures ?? 0) + 1 });
  server.everBackedOff = true;
  return interval;
}

/** A success to, or an inbound request from, `destination` ends the backoff. */
export function clearBackoff(server: ServerState, destination: string): void {
  // Called for every inbound transaction; most servers never back off from anybody,
  // and a flag on the server is cheaper to read than the map's size.
  if (server.everBackedOff) server.backoff.delete(destination);
}
