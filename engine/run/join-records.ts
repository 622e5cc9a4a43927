/**
 * The records of a join while the run carries it out, and of one federation
 * request: the types the world and the join code share (here, so that neither
 * imports the other).
 */
import type { DraftJoinState, JoinerLookups } from '../federation/join-machine/index';
import type { JoinStep, ResidentAnswer } from '../federation/messages';
import type { ServerState } from '../federation/server-state';
import type { AttemptReport, JoinReport } from '../report/types';
import type { JoinAction } from '../scenario/types';

/** A `join` action under way: the machine's state (one object, changed in place by each step), the report entry it fills in, and what the machine may read. */
export interface JoinProcess {
  readonly action: JoinAction;
  readonly joiner: ServerState;
  readonly report: JoinReport;
  readonly state: DraftJoinState;
  readonly lookups: JoinerLookups;
  /** Its neighbours in world.unfinishedJoins while it is under way. */
  previousUnfinished: JoinProcess | null;
  nextUnfinished: JoinProcess | null;
}

/** One make_join or send_join on its way, and its answer once the resident gave one. */
export interface FederationRequest {
  readonly id: number;
  readonly join: JoinProcess;
  readonly step: JoinStep;
  readonly from: string;
  readonly to: string;
  readonly attempt: AttemptReport;
  readonly timeoutMs: number;
  /** Why no answer came, when one did not (for the attempt's reason). */
  cause: string | null;
  answer: ResidentAnswer | null;
}
