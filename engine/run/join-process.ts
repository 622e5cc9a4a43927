/**
 * A `join` action's record while the joining server carries it out, and how it
 * ends: the report entry it fills in, and finishing it (joined or failed) with
 * what the client is told. The request loop is join-requests.ts; starting and
 * abandoning joins is join-start.ts.
 */
import type { RoomVersionRules } from '../matrix/room-versions';
import type { ClientError, MakeJoinStats } from '../federation/profile';
import type { ServerState } from '../federation/server-state';
import type { AttemptReport, JoinReport } from '../report/types';
import type { JoinAction } from '../scenario/types';
import { markJoining } from './state-propagation';
import { serverNamed, type World } from './world';

export interface JoinProcess {
  readonly action: JoinAction;
  readonly joiner: ServerState;
  readonly report: JoinReport;
  candidates: string[];
  candidateIndex: number;
  sendJoinDestinations: string[];
  sendJoinIndex: number;
  authorisingUser: string | null;
  rules: RoomVersionRules | null;
  lastError: ClientError | null;
  done: boolean;
  makeJoinStats: MakeJoinStats;
  /** Short retries used on the current send_join destination. */
  sendJoinRetries: number;
  /** Whether the joiner is holding events for the room while send_join is under way. */
  holdingEvents: boolean;
  /** Its neighbours in world.unfinishedJoins while it is under way. */
  previousUnfinished: JoinProcess | null;
  nextUnfinished: JoinProcess | null;
}

export const EMPTY = '';

/** What a finished join's server lists become (frozen: shared by every finished join). */
const NO_SERVERS = Object.freeze([]) as unknown as string[];

export function serverOfUser(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

/** A fresh record for the join of `action`: a failed, attempt-less report until the join says otherwise. */
export function createJoinProcess(world: World, action: JoinAction): JoinProcess {
  const joiner = serverNamed(world, serverOfUser(action.user));
  const report: JoinReport = {
    id: action.id,
    user: action.user,
    room: action.room,
    at: action.at,
    local: false,
    outcome: 'failed',
    status: 0,
    errcode: null,
    authorisedBy: null,
    resident: null,
    finishedAt: action.at,
    attempts: [],
    joiner: joiner.name,
    // Declared now, though finish() sets it: an entry keeps one shape and needs no
    // second block for a late field (a million entries live to the end of a run).
    message: undefined,
  };
  const process: JoinProcess = {
    action,
    joiner,
    report,
    candidates: [],
    candidateIndex: -1,
    sendJoinDestinations: [],
    sendJoinIndex: -1,
    authorisingUser: null,
    rules: null,
    lastError: null,
    done: false,
    makeJoinStats: { attempts: 0, incompatible: 0 },
    sendJoinRetries: 0,
    holdingEvents: false,
    previousUnfinished: null,
    nextUnfinished: null,
  };
  world.unfinishedJoins.add(process);
  return process;
}

/**
 * Adds `attempt` to the join's report, in a new array of exactly the new length:
 * most joins make one attempt or two, and an array grown by push reserves
 * seventeen slots, kept (and copied by the collector) for as long as the report
 * lives. Copying a handful of entries per attempt costs less.
 */
export function addAttempt(report: JoinReport, attempt: AttemptReport): void {
  const before = report.attempts;
  const after = new Array<AttemptReport>(before.length + 1);
  for (let i = 0; i < before.length; i++) after[i] = before[i] as AttemptReport;
  after[before.length] = attempt;
  report.attempts = after;
}

/** Ends the join: fills in its report with `outcome` and what the client is told, and traces it. */
export function finish(world: World, process: JoinProcess, outcome: 'joined' | 'failed', result: ClientError, at: number = world.sim.now): void {
  process.done = true;
  world.unfinishedJoins.delete(process);
  // Nothing reads the lists once the join is over (every handler checks `done`), and
  // a big run keeps a million processes until its report: let them go now.
  process.candidates = NO_SERVERS;
  process.sendJoinDestinations = NO_SERVERS;
  if (process.holdingEvents) {
    process.holdingEvents = false;
    markJoining(process.joiner, process.action.room, -1);
  }
  const report = process.report;
  report.outcome = outcome;
  report.status = result.status;
  report.errcode = result.errcode;
  report.message = result.message;
  report.finishedAt = at;
  if (outcome === 'failed') {
    report.resident = null;
    report.authorisedBy = null;
  }
  world.trace.record({
    t: at,
    type: 'join-end',
    join: process.action.id,
    outcome,
    status: result.status,
    errcode: result.errcode ?? EMPTY,
    resident: report.resident ?? EMPTY,
  });
}
