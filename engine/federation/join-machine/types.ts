/**
 * The joining server's state machine in types: what one join knows between
 * inputs (JoinState), what can happen to it (JoinInput), what it asks the run
 * to do (JoinEffect), and the few facts of the world it may read while deciding
 * (JoinerLookups, injected as XState injects its clock).
 */
import type { RoomVersionRules } from '../../matrix/room-versions';
import type { RoomView } from '../../matrix/room-view';
import type { AttemptReport } from '../../report/types';
import type { JoinStep, ResidentAnswer, StateEvent, TemplateState } from '../messages';
import type { ClientError, JoinPlan, JoinerProfile } from '../profile';

/** What a join is doing: not started, planning, waiting for a make_join or send_join answer, waiting to retry send_join, or over. */
export type JoinPhase = 'new' | 'planning' | 'make_join' | 'send_join' | 'retry-wait' | 'done';

/** What a join is about; fixed for its whole life. */
export interface JoinFacts {
  /** The join action's id, as traces and reports name it. */
  readonly id: string;
  readonly user: string;
  readonly room: string;
  /** The joining server's name. */
  readonly joiner: string;
  /** When the join action is due (ms). */
  readonly at: number;
  /** How the joining server's implementation decides (its profile's joiner half). */
  readonly profile: JoinerProfile;
}

/** One join between two inputs. Never changed in place: `step` returns a new one. */
export interface JoinState {
  readonly phase: JoinPhase;
  readonly facts: JoinFacts;
  readonly candidates: readonly string[];
  /** The candidate asked last (-1 before the first). */
  readonly candidateIndex: number;
  readonly sendJoinDestinations: readonly string[];
  readonly sendJoinIndex: number;
  /** `join_authorised_via_users_server` from the make_join template. */
  readonly authorisingUser: string | null;
  /** The room version of the make_join template. */
  readonly rules: RoomVersionRules | null;
  /** The state the make_join template was built on (its prev_events), sent back with send_join. */
  readonly templateState: TemplateState | null;
  /** The last error, passed on by profiles that tell the client the last one. */
  readonly lastError: ClientError | null;
  /** make_join requests sent or skipped, for profiles that give up after so many. */
  readonly makeJoinAttempts: number;
  /** M_INCOMPATIBLE_ROOM_VERSION or M_UNSUPPORTED_ROOM_VERSION answers to make_join. */
  readonly incompatibleAnswers: number;
  /** Short retries used on the current send_join destination. */
  readonly sendJoinRetries: number;
  /** Whether the joining server holds the room's events while its send_join is under way. */
  readonly holdingEvents: boolean;
  /** Which try of the whole join this is (1 unless the profile tries again: tuwunel). */
  readonly joinAttempt: number;
}

/** Something that happens to a join. */
export type JoinInput =
  /** The join action's time has come. */
  | { readonly type: 'started' }
  /** The profile's local-or-remote plan (the answer to a `plan` effect). */
  | { readonly type: 'planned'; readonly plan: JoinPlan }
  /** The answer to request `request` (sent to `server` for `step`) arrived. */
  | { readonly type: 'answer arrived'; readonly request: number; readonly step: JoinStep; readonly server: string; readonly answer: ResidentAnswer }
  /** The joining server stopped waiting for request `request`; `cause` says why no answer came, when known. */
  | { readonly type: 'timed out'; readonly request: number; readonly step: JoinStep; readonly server: string; readonly timeoutMs: number; readonly cause: string | null }
  /** The delay before a send_join short retry is over. */
  | { readonly type: 'backoff over' }
  /** The run stopped (`until`) at `at` with this join not finished, or not started. */
  | { readonly type: 'stopped'; readonly at: number };

/** The trace records a joiner writes (the run's TraceEvent includes them). */
export type JoinerTraceEvent =
  | { t: number; type: 'join-start'; join: string; user: string; room: string; server: string; plan: string; candidates: string }
  | { t: number; type: 'response'; join: string; step: JoinStep; server: string; status: number; errcode: string; decision: string; request: number }
  | { t: number; type: 'skip'; join: string; step: JoinStep; server: string; reason: string }
  | { t: number; type: 'join-end'; join: string; outcome: string; status: number; errcode: string; resident: string };

/** The decision recorded on the attempt an answer or timeout settled. */
export type AttemptDecision = 'success' | 'next' | 'abort' | 'retry';

/** What a step asks the run to do, in order. */
export type JoinEffect =
  /** Ask the profile for its plan, and step again with `planned`. */
  | { readonly type: 'plan' }
  /** Send make_join or send_join to `to`, waiting `timeoutMs` for the answer (an attempt in the report). */
  | { readonly type: 'send'; readonly step: JoinStep; readonly to: string; readonly timeoutMs: number }
  /** Add an attempt that sent nothing (a destination in backoff). */
  | { readonly type: 'add attempt'; readonly attempt: AttemptReport }
  /** Fill in the attempt of the request the input was about. */
  | {
      readonly type: 'settle attempt';
      readonly answeredAt: number;
      readonly status: number;
      readonly errcode: string | null;
      readonly reason: string;
      readonly check: string | undefined;
      readonly decision: AttemptDecision;
    }
  /** Step again with `backoff over` after `delayMs`. */
  | { readonly type: 'set timer'; readonly delayMs: number }
  /** The destination failed (starts or lengthens the joining server's backoff from it), or answered (ends it). */
  | { readonly type: 'backoff failure'; readonly to: string }
  | { readonly type: 'backoff clear'; readonly to: string }
  /** Hold the room's events while send_join is under way, or stop holding them. */
  | { readonly type: 'hold events' }
  | { readonly type: 'release events' }
  /** The joining server is resident: it sends the join event itself. */
  | { readonly type: 'join locally'; readonly authorisingUser: string | null }
  /** The send_join answer's room state becomes the joining server's view, with `ownJoin` applied to it when the resident soft-failed the join. */
  | { readonly type: 'take state'; readonly state: RoomView; readonly ownJoin: StateEvent | null }
  /** The user's pending invite to the room is used up. */
  | { readonly type: 'clear invite' }
  /** The attempts still waiting get `reason` (the run stopped before they were answered). */
  | { readonly type: 'mark unanswered'; readonly reason: string }
  /** The join is over: what its report and the client are told. */
  | {
      readonly type: 'finish';
      readonly outcome: 'joined' | 'failed';
      readonly status: number;
      readonly errcode: string | null;
      readonly message: string;
      readonly local: boolean;
      readonly resident: string | null;
      readonly authorisedBy: string | null;
      readonly finishedAt: number;
      /** The residents that soft-failed the join (null: none). */
      readonly softFailedAt: readonly string[] | null;
    }
  /** A trace record is itself an effect: record it (no wrapper object per record; the record types differ from the others). */
  | JoinerTraceEvent;

/** The next state and what to do. */
export interface JoinTransition {
  readonly state: JoinState;
  readonly effects: readonly JoinEffect[];
}

/** What a step may read of the world, at the moment of the input. */
export interface JoinerLookups {
  /** The current time (ms). */
  readonly now: number;
  /** Whether the joining server is down. */
  readonly joinerDown: boolean;
  /** Whether the joining server holds a view of the room (another of its users is in it). */
  isJoinerResident(): boolean;
  /** The ms left of the joining server's backoff from `destination` (0: it may be contacted). */
  backoffRemaining(destination: string): number;
  /** A draw in [0, 1) from the joining server's retry stream, for the short retries' jitter. */
  retryJitter(): number;
}
