/**
 * The run report, version 1: ../shared/contract/report-format.md in TypeScript.
 * Fields may be added here; none of the contract's may be renamed or change meaning.
 */

export type JoinStep = 'make_join' | 'send_join';

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

export interface RunReport {
  fedsim: 1;
  scenario: string;
  seed: string;
  errcodes: 'spec' | 'msc3083-draft';
  fingerprint: string;
  endedAt: number;
  events: number;
  joins: JoinReport[];
  errcodeMatrix: Record<string, Record<string, number>>;
  /** Added: for each server, how many requests to it got no answer (status 0). */
  unanswered?: Record<string, number>;
  lint: LintFinding[];
  expectations: ExpectationResult[];
  /** Added: each server's implementation profile. */
  servers?: ServerReport[];
  /** Added: the outcome of every non-join timeline action. */
  actions?: ActionReport[];
}
