/**
 * The causal story of one join (`fedsim explain`, and the report's added
 * `explanation` on failed joins): what each asked server knew when it answered,
 * which check decided, how the joiner took it, and the smallest scenario change
 * that would have let the user in. Plain data, so it goes into JSON reports.
 */
import type { JoinStep } from '../federation/messages';

/** What one server knew about an allowed room of the target room, when it answered. */
export interface AllowedRoomKnowledge {
  room: string;
  /** The server is resident in the allowed room (so it can see memberships there). */
  resident: boolean;
  /** The user's membership there as this server saw it ('none' when it did not know the room). */
  userMembership: string;
  /** When this server learned that membership (ms), or null when it knew nothing. */
  since: number | null;
}

/** One server's view of the target room and its allowed rooms at one moment. */
export interface ServerKnowledge {
  server: string;
  /** Simulated time of the snapshot (when the request was answered, or the join planned). */
  at: number;
  /** The server is resident in the target room. */
  resident: boolean;
  roomVersion: string | null;
  joinRule: string | null;
  inviteLevel: number | null;
  /** Joined users on this server whose power reaches the invite level, strongest first. */
  mayInvite: string[];
  /** The joining user's membership in the target room, as this server saw it. */
  userMembership: string;
  allowedRooms: AllowedRoomKnowledge[];
}

/** One federation request of the join, explained. */
export interface AttemptExplanation {
  server: string;
  step: JoinStep;
  at: number;
  status: number;
  errcode: string | null;
  /** The resident check, in its implementation's order, that decided the answer ('' when no answer came). */
  check: string;
  reason: string;
  /** What the server knew when it answered; null when the request got no answer. */
  knew: ServerKnowledge | null;
  /** A sentence: what would have made this server answer differently. */
  wouldChange: string;
  /** How the joining server classified the answer: 'success', 'next', 'abort' or 'retry'. */
  decision: string;
  /** That classification in words. */
  classified: string;
}

/** A change to the scenario, as data, so it can be applied (engine/explain/fixes.ts). */
export type Fix =
  | { type: 'fix-allow-entry'; room: string; from: string; to: string }
  | { type: 'repair-allow-entries'; room: string }
  | { type: 'add-via'; join: string; server: string }
  | { type: 'lower-invite-level'; room: string; level: number }
  | { type: 'grant-power'; room: string; user: string; level: number }
  | { type: 'join-room'; room: string; user: string }
  | { type: 'support-version'; server: string; version: string }
  | { type: 'room-version'; room: string; version: string }
  | { type: 'delay-join'; join: string; by: number }
  | { type: 'invite'; room: string; user: string }
  | { type: 'unban'; room: string; user: string }
  | { type: 'drop-action'; index: number; what: string }
  | { type: 'acl-allow-server'; room: string; server: string };

export interface SuggestedFix {
  fix: Fix;
  /** The change in words, for a room admin, naming who makes it. */
  description: string;
  /**
   * Who must act, in order: a joined user who may make the room change under the
   * room's power levels, the joining user, or "the admin of <server>". Fewer is better.
   */
  by: string[];
  /** How big the change is (lines of scenario touched, weighted by how drastic). */
  cost: number;
}

export interface JoinExplanation {
  join: string;
  user: string;
  room: string;
  joiner: string;
  outcome: 'joined' | 'failed';
  status: number;
  errcode: string | null;
  /** How the joining server went about it: local join, or which residents in which order. */
  plan: string;
  /** What the joining server knew of the room when it planned the join. */
  joinerKnew: ServerKnowledge | null;
  /** The server and check that settled the outcome; step 'plan' for a join decided before any request. */
  decidedBy: { server: string; step: JoinStep | 'plan'; check: string } | null;
  attempts: AttemptExplanation[];
  /** A short paragraph: the story in words. */
  summary: string;
  /**
   * Whether fix and alternatives are the result of a search: 'done'; 'not-asked'
   * (the join succeeded, or fixes were turned off); 'over-budget' (re-simulating
   * each candidate change would have passed the command's budget of events).
   */
  fixSearch: 'done' | 'not-asked' | 'over-budget';
  /** Candidate changes the search tried (or would have, when over budget); 0 when not asked. */
  fixCandidates: number;
  /** The smallest change found that lets the user in (failed joins only), or null. */
  fix: SuggestedFix | null;
  /** Other changes that also work, next smallest first (at most a few). */
  alternatives: SuggestedFix[];
}
