/**
 * Profile settings: the numbers and switches a profile is built from, with each
 * implementation's defaults. A scenario overrides them per implementation with
 * top-level `profileSettings: { <implementation>: { <setting>: value } }`.
 * Settings marked UNVERIFIED are choices where the reference could not confirm the
 * behaviour (reference §7); they are settings so a scenario can try the other way.
 */

export interface ProfileSettings {
  /** How long the joiner waits for a make_join answer (Synapse 20 s, Dendrite 30 s; reference §3.4, §3.7). */
  makeJoinTimeoutMs: number;
  /** How long the joiner waits for one send_join answer (Synapse 60 s, Dendrite 5 min). */
  sendJoinTimeoutMs: number;
  /** Extra send_join attempts to the same server on no answer, 5xx or 429 (Synapse: 3 short retries, §3.4). */
  sendJoinRetries: number;
  /** First short-retry delay; doubles each retry up to the cap, times U(0.8, 1.4) (Synapse 0.5 s, cap 2 s). */
  sendJoinRetryBaseMs: number;
  sendJoinRetryMaxMs: number;
  /** Whether the joiner keeps per-destination backoff and skips destinations in it (Synapse retryutils, §3.5). */
  backoff: boolean;
  /** First backoff interval (Synapse destination_min_retry_interval, 10 min). */
  backoffMinMs: number;
  /** Each later failure multiplies the interval by this times U(0.8, 1.4) (Synapse 2). */
  backoffMultiplier: number;
  /** Backoff cap (Synapse 7 days). */
  backoffMaxMs: number;
  /** Per-room join rate limit at the resident, joins per second; 0 turns it off (Synapse rc_joins_per_room is 1/s; off by default here). */
  joinRatePerSecond: number;
  /** Burst of that limit (Synapse rc_joins_per_room burst 10). */
  joinRateBurst: number;
  /** Whether the joiner removes duplicate candidates. Synapse: no de-duplication in code (UNVERIFIED in practice, §3.1 item 6). */
  dedupeCandidates: boolean;
  /** Whether a 404 M_NOT_FOUND from a resident is a failover code for make_join (Synapse since v1.78; before, fatal). */
  makeJoinFailoverOnNotFound: boolean;
  /** Whether the UNABLE_* failover codes count only with HTTP 400 exactly (Synapse before v1.78). */
  unableCodesNeedExactly400: boolean;
  /** Dendrite resident: pick the authoriser among members of the allowed room, not the target room (UNVERIFIED, §1.4, dendrite #2522). */
  authoriserFromAllowedRoom: boolean;
  /** conduwuit resident: whether an invited user skips the allow check (conduwuit no, tuwunel yes; §1.4). */
  exemptInvited: boolean;
  /** conduwuit joiner: give up, with 500, once more than this many make_join attempts failed (conduwuit 40, so the 41st; tuwunel 48; §1.6, §3.8). */
  maxMakeJoinAttempts: number;
  /** conduwuit joiner: give up after more than this many incompatible/unsupported-version answers (15). */
  maxIncompatibleAnswers: number;
  /** conduwuit resident: re-run the allow check at send_join (reference silent; UNVERIFIED; default off). */
  recheckAllowAtSendJoin: boolean;
  /**
   * How many times the joiner tries the whole join (make_join and send_join) for one
   * client request before the client gets the error (tuwunel
   * max_join_attempts_per_join_request, 3; everyone else 1; §1.6, §3.8).
   */
  joinAttempts: number;
  /**
   * Servers a tuwunel joiner asks last (deprioritize_joins_through_servers, §1.6,
   * §3.8). tuwunel takes patterns; here exact server names. Empty by default.
   */
  deprioritizedServers: string[];
}

const SYNAPSE: ProfileSettings = {
  makeJoinTimeoutMs: 20_000,
  sendJoinTimeoutMs: 60_000,
  sendJoinRetries: 3,
  sendJoinRetryBaseMs: 500,
  sendJoinRetryMaxMs: 2_000,
  backoff: true,
  backoffMinMs: 10 * 60_000,
  backoffMultiplier: 2,
  backoffMaxMs: 7 * 24 * 3_600_000,
  joinRatePerSecond: 0,
  joinRateBurst: 10,
  dedupeCandidates: false,
  makeJoinFailoverOnNotFound: true,
  unableCodesNeedExactly400: false,
  authoriserFromAllowedRoom: false,
  exemptInvited: true,
  maxMakeJoinAttempts: Number.MAX_SAFE_INTEGER,
  maxIncompatibleAnswers: 0,
  recheckAllowAtSendJoin: true,
  joinAttempts: 1,
  deprioritizedServers: [],
};

const CONDUWUIT: ProfileSettings = {
  ...SYNAPSE,
  // The reference names no conduwuit join timers. Chosen: 30 s for make_join and
  // 5 min for send_join, like Dendrite (UNVERIFIED).
  makeJoinTimeoutMs: 30_000,
  sendJoinTimeoutMs: 5 * 60_000,
  sendJoinRetries: 0,
  // The reference describes no conduwuit destination backoff on the join path (UNVERIFIED): off.
  backoff: false,
  dedupeCandidates: true,
  exemptInvited: false,
  maxMakeJoinAttempts: 40,
  maxIncompatibleAnswers: 15,
  recheckAllowAtSendJoin: false,
};

/** Each implementation's defaults. */
export const DEFAULT_SETTINGS: Readonly<Record<string, ProfileSettings>> = {
  synapse: SYNAPSE,
  // Synapse before v1.78 (PR #15074): 404 ends the join; UNABLE_* only with exactly 400 (reference §3.2, §4.2 item 11).
  'synapse-1.77': { ...SYNAPSE, makeJoinFailoverOnNotFound: false, unableCodesNeedExactly400: true },
  // The spec names no timers or backoff; where it is silent the spec profile does what Synapse does.
  spec: SYNAPSE,
  dendrite: {
    ...SYNAPSE,
    // federationapi/internal/federationclient.go (reference §3.7).
    makeJoinTimeoutMs: 30_000,
    sendJoinTimeoutMs: 5 * 60_000,
    sendJoinRetries: 0,
    // UNVERIFIED (reference §3.5, §7): whether Dendrite's make_join path skips backed-off
    // destinations. Chosen: it does not, so no backoff is kept for joins.
    backoff: false,
    dedupeCandidates: true,
    authoriserFromAllowedRoom: true,
    exemptInvited: true,
    recheckAllowAtSendJoin: false,
  },
  conduwuit: CONDUWUIT,
  // tuwunel, conduwuit's successor (reference §1.4, §1.6, §3.8).
  tuwunel: {
    ...CONDUWUIT,
    // Invited users skip the restricted check (§1.4 "conduwuit/tuwunel make_join").
    exemptInvited: true,
    // max_make_join_attempts_per_join_attempt (§3.8).
    maxMakeJoinAttempts: 48,
    // max_join_attempts_per_join_request (§3.8).
    joinAttempts: 3,
  },
};

/** `settings` for `implementation`: its defaults with the scenario's overrides applied (call checkProfileSettings first). */
export function resolveSettings(implementation: string, overrides: Readonly<Record<string, unknown>> | undefined): ProfileSettings {
  const base = DEFAULT_SETTINGS[implementation] ?? SYNAPSE;
  return { ...base, ...(overrides ?? {}) } as ProfileSettings;
}

/**
 * Problems with a scenario's `profileSettings`, as `path: message` lines: unknown
 * implementations, unknown settings, values of the wrong type. Empty when fine.
 */
export function checkProfileSettings(all: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined): string[] {
  const problems: string[] = [];
  for (const [implementation, overrides] of Object.entries(all ?? {})) {
    const base = DEFAULT_SETTINGS[implementation];
    if (!base) {
      problems.push(`profileSettings.${implementation}: unknown implementation; known are ${Object.keys(DEFAULT_SETTINGS).join(', ')}`);
      continue;
    }
    for (const [key, value] of Object.entries(overrides)) {
      const path = `profileSettings.${implementation}.${key}`;
      if (!Object.prototype.hasOwnProperty.call(base, key)) {
        problems.push(`${path}: unknown setting; known settings are ${Object.keys(base).join(', ')}`);
        continue;
      }
      const expected = typeof base[key as keyof ProfileSettings];
      if (expected === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        problems.push(`${path}: expected a number ≥ 0, got ${JSON.stringify(value)}`);
      } else if (expected === 'boolean' && typeof value !== 'boolean') {
        problems.push(`${path}: expected true or false, got ${JSON.stringify(value)}`);
      } else if (Array.isArray(base[key as keyof ProfileSettings]) && (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))) {
        problems.push(`${path}: expected a list of server names, got ${JSON.stringify(value)}`);
      }
    }
  }
  return problems;
}
