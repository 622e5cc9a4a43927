/**
 * The resident's per-room join rate limiter (Synapse rc_joins_per_room, reference
 * §1.4 make_join step 5 and send_join step 1): a token bucket per room, shared by
 * remote and local joins. make_join only checks it; an accepted join uses a token.
 * Off unless a scenario sets `joinRatePerSecond` above 0.
 */
import type { ServerState } from './server-state';
import type { ProfileSettings } from './settings';

function refill(server: ServerState, roomId: string, now: number, settings: ProfileSettings): { tokens: number; at: number } {
  const bucket = server.joinBuckets.get(roomId) ?? { tokens: settings.joinRateBurst, at: now };
  bucket.tokens = Math.min(settings.joinRateBurst, bucket.tokens + ((now - bucket.at) / 1000) * settings.joinRatePerSecond);
  bucket.at = now;
  server.joinBuckets.set(roomId, bucket);
  return bucket;
}

/** Whether one more join into `roomId` would exceed the limit (never, when it is off). */
export function isJoinRateLimited(server: ServerState, roomId: string, now: number, settings: ProfileSettings): boolean {
  if (settings.joinRatePerSecond <= 0) return false;
  return refill(server, roomId, now, settings).tokens < 1;
}

/** Uses one token for a join that was accepted. */
export function consumeJoinRate(server: ServerState, roomId: string, now: number, settings: ProfileSettings): void {
  if (settings.joinRatePerSecond <= 0) return;
  refill(server, roomId, now, settings).tokens -= 1;
}
