/**
 * Implementation profiles: how one homeserver implementation answers as a
 * resident and behaves as a joining server. A profile is data (timers, settings)
 * plus small functions; the simulation loop is shared by all of them.
 */
import type { RandomStream } from '../kernel/random-streams';
import type { RoomVersionRules } from '../matrix/room-versions';
import type { MakeJoinRequest, ResidentAnswer, SendJoinRequest } from './messages';
import type { ServerState } from './server-state';
import type { ProfileSettings } from './settings';

export interface ResidentProfile {
  /** Answers make_join from this server's own view, checks in the implementation's order. */
  makeJoin(server: ServerState, request: MakeJoinRequest): ResidentAnswer;
  /** Answers send_join; a 200 means the resident accepts the join event. */
  sendJoin(server: ServerState, request: SendJoinRequest): ResidentAnswer;
}

/** What the joining server does before any federation request. */
export type JoinPlan =
  | { type: 'already-joined'; reason: string }
  | { type: 'local'; authorisingUser: string | null; reason: string }
  | { type: 'remote'; candidates: string[]; reason: string }
  | { type: 'fail'; status: number; errcode: string | null; message: string };

export interface JoinRequestContext {
  server: ServerState;
  user: string;
  roomId: string;
  /** The `via` servers the client gave, if any. */
  via: readonly string[] | undefined;
  /** When the join starts (a room held with partial state then is joined remotely). */
  now: number;
  /** This join's own seeded stream (`joiner:<server>:<joinId>`), for profiles that shuffle candidates. */
  random: () => RandomStream;
}

/** Counts the make_join loop keeps, for profiles that give up early (conduwuit). */
export interface MakeJoinStats {
  attempts: number;
  /** Answers M_INCOMPATIBLE_ROOM_VERSION or M_UNSUPPORTED_ROOM_VERSION. */
  incompatible: number;
}

/** How a joining server treats one answer (null: no answer before the timeout). */
export type JoinerDecision = 'success' | 'next' | 'abort';

export interface ClientError {
  status: number;
  errcode: string | null;
  message: string;
}

export interface JoinerTimers {
  makeJoinTimeoutMs: number;
  sendJoinTimeoutMs: number;
}

export interface JoinerProfile {
  planJoin(context: JoinRequestContext): JoinPlan;
  classifyMakeJoin(answer: ResidentAnswer | null): JoinerDecision;
  /** Where send_join goes after make_join succeeded at `makeJoinServer`. */
  sendJoinDestinations(
    makeJoinServer: string,
    authorisingUser: string | null,
    candidates: readonly string[],
    rules: RoomVersionRules,
  ): string[];
  classifySendJoin(answer: ResidentAnswer | null, rules: RoomVersionRules): JoinerDecision;
  /** What the client gets when every make_join candidate said "try elsewhere". */
  makeJoinExhausted(last: ClientError | null): ClientError;
  /** What the client gets when every send_join destination said "try elsewhere". */
  sendJoinExhausted(last: ClientError | null): ClientError;
  /**
   * What follows when send_join used up its destinations: `fail` (Synapse,
   * conduwuit) or `next-candidate`, back to make_join with the next server (Dendrite).
   */
  afterSendJoinExhausted: 'fail' | 'next-candidate';
  /** Ends the make_join loop early with this client error, or null to go on (conduwuit's limits). */
  stopMakeJoin(stats: MakeJoinStats, last: ClientError | null): ClientError | null;
  timers: JoinerTimers;
  /** The settings this joiner was built from (retries, backoff). */
  settings: ProfileSettings;
}

export interface ImplementationProfile {
  name: string;
  /** One line for reports: what this profile is. */
  description: string;
  resident: ResidentProfile;
  joiner: JoinerProfile;
  settings: ProfileSettings;
}
