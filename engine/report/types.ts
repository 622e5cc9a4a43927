/**
 * The run report, version 1: ../shared/contract/report-format.md in TypeScript.
 * Fields may be added here; none of the contract's may be renamed or change meaning.
 */
import type { JoinExplanation } from './explanation';
import type { JoinStep } from '../federation/messages';

export type { JoinStep };

export interface AttemptReport {
  server: string;
  step: JoinStep;
  /** When the request was sent (ms of simulated time). */
  at: number;
  /** HTTP status; 0 when no answer came (down, partitioned, lost, or skipped). */
  status: number;
  errcode: string | null;
  /** A sentence for people: why that server answered as it did. */
  reason: string;
  /** Added: when the answer arrived or the joiner gave up waiting. */
  answeredAt?: number;
  /** Added: what the joining server did with this answer. */
  decision?: 'success' | 'next' | 'abort' | 'retry';
  /** Added: the resident check (in its implementation's order) that decided the answer. */
  check?: string;
  /** Added: true when no request was sent (destination in backoff). */
  skipped?: boolean;
}

export interface JoinReport {
  id: string;
  user: string;
  room: string;
  at: number;
  local: boolean;
  outcome: 'joined' | 'failed';
  status: number;
  errcode: string | null;
  authorisedBy: string | null;
  resident: string | null;
  finishedAt: number;
  attempts: AttemptReport[];
  /** Added: the sentence the joining user's client is given with a failure. */
  message?: string;
  /** Added: the joining server and its implementation. */
  joiner?: string;
  /**
   * Added: the residents that answered send_join 200 but soft-failed the join
   * (Synapse: it passed the auth rules at the template's state, not at their
   * current state), so their current state does not hold it; absent when none did.
   */
  softFailedAt?: string[];
  /** Added: the causal story of the join and the smallest fix found (engine/explain); set by `fedsim explain` and the visualiser, not by plain runs. */
  explanation?: JoinExplanation;
}

export interface LintFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  room: string | null;
  message: string;
  /** Added: the servers the finding is about. */
  servers?: string[];
  /** Added: a concrete change that would resolve it. */
  fix?: string;
}

export interface ExpectationResult {
  index: number;
  passed: boolean;
  message: string;
}

export interface ServerReport {
  name: string;
  implementation: string;
}

/** Added: what happened to a timeline action other than a join. */
export interface ActionReport {
  index: number;
  at: number;
  do: string;
  id?: string;
  applied: boolean;
  reason: string;
}

/** Added: totals over every join of the run, complete even when `joins` is cut short (`fedsim run --max-joins`). */
export interface RunSummary {
  joins: number;
  joined: number;
  failed: number;
  /** Joins the user's own server decided without asking another server. */
  local: number;
  /** Federation requests over all joins. */
  attempts: number;
  /** Joins by outcome and final errcode: `joined`, `failed:M_FORBIDDEN`, `failed:502` (no errcode), `failed:0` (no answer). */
  byOutcome: Record<string, number>;
  /** Per-join entries left out of `joins`; 0 when the list is complete. */
  joinsOmitted: number;
}

export interface RunReport {
  fedsim: 1;
  scenario: string;
  seed: string;
  errcodes: 'spec' | 'msc3083-draft';
  fingerprint: string;
  /**
   * Added: how `fingerprint` was computed. 2: words per field (engine/kernel/fingerprint.ts),
   * from 2026-11-26; reports without it used scheme 1, whose values differ for the same run.
   * Compare fingerprints only between reports of the same scheme.
   */
  fingerprintScheme?: number;
  endedAt: number;
  events: number;
  joins: JoinReport[];
  errcodeMatrix: Record<string, Record<string, number>>;
  /** Added: for each server, how many requests to it got no answer (status 0). */
  unanswered?: Record<string, number>;
  /** Added: for each server, how many times a joiner skipped it without asking (backoff). */
  skipped?: Record<string, number>;
  lint: LintFinding[];
  expectations: ExpectationResult[];
  /** Added: each server's implementation profile. */
  servers?: ServerReport[];
  /** Added: the outcome of every non-join timeline action. */
  actions?: ActionReport[];
  /** Added: totals by outcome and errcode over all joins. */
  summary?: RunSummary;
}
