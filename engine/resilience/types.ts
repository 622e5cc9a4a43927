/**
 * What `fedsim resilience` reports (its `--json` output, stable for scripts), and
 * the advice behind its text: per restricted room, which servers can authorise
 * joins through each allowed room and how many must fail before members of that
 * room are locked out; and which servers the federation cannot do without.
 */

export interface AllowedRoomResilience {
  room: string;
  /** Servers resident in both rooms whose own implementation would let a member of `room` in, in name order. */
  authorisingServers: string[];
  /** How many servers must be down for members of `room` to be unable to join (their number; 0 = already broken). */
  minFailures: number;
}

export interface RoomResilience {
  room: string;
  /** The smallest `minFailures` over the room's allowed rooms (0 when it has none). */
  minFailures: number;
  allowed: AllowedRoomResilience[];
}

export interface CriticalServer {
  server: string;
  /** Rooms that lose their last authorising server through some allowed room if this server alone is down, in file order. */
  rooms: string[];
  /** With `--verify`: timeline joins (by id) that succeed in the plain run and fail with this server crashed from t = 0. */
  joinsLost?: string[];
}

/** The `--json` document. */
export interface ResilienceReport {
  /** Riskiest first (lowest minFailures), then in file order. */
  rooms: RoomResilience[];
  /** Most rooms first, then by name. */
  criticalServers: CriticalServer[];
}

/** What an admin could do about one (room, allowed room) pair, for the text output and lint. */
export interface ResilienceAdvice {
  room: string;
  allowed: string;
  /** The authorising servers with the user each would name. */
  authorisers: { server: string; user: string }[];
  /** Concrete changes that would add an authorising server, best first (possibly none). */
  fixes: string[];
}

export interface ResilienceAnalysis extends ResilienceReport {
  /** One entry per (room, allowed room) pair, in the order of `rooms`. */
  advice: ResilienceAdvice[];
}
