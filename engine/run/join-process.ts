/**
 * A `join` action's record while the run carries it out: its report entry (a
 * failed, attempt-less one until the join says otherwise), the joiner machine's
 * state, and what the machine may read of the world (JoinerLookups).
 */
import { initialJoinState, type JoinerLookups } from '../federation/join-machine/index';
import { backoffRemaining } from '../federation/backoff';
import type { ServerState } from '../federation/server-state';
import { canonicalServerOf } from '../matrix/ids';
import type { AttemptReport, JoinReport } from '../report/types';
import type { JoinAction } from '../scenario/types';
import type { JoinProcess } from './join-records';
import { profileOf, serverNamed, type World } from './world';

/** A fresh record for the join of `action`, in the list of unfinished joins until it ends. */
export function createJoinProcess(world: World, action: JoinAction): JoinProcess {
  const joiner = serverNamed(world, canonicalServerOf(action.user));
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
    // Declared now, though finishing sets it: an entry keeps one shape and needs no
    // second block for a late field (a million entries live to the end of a run).
    message: undefined,
  };
  const join: JoinProcess = {
    action,
    joiner,
    report,
    state: initialJoinState({ id: action.id, user: action.user, room: action.room, joiner: joiner.name, at: action.at, profile: profileOf(world, joiner).joiner }),
    lookups: new WorldLookups(world, joiner, action.room),
    previousUnfinished: null,
    nextUnfinished: null,
  };
  world.unfinishedJoins.add(join);
  return join;
}

/** What the joiner machine may read of the world, for one join. */
class WorldLookups implements JoinerLookups {
  constructor(
    private readonly world: World,
    private readonly joiner: ServerState,
    private readonly room: string,
  ) {}

  get now(): number {
    return this.world.sim.now;
  }

  get joinerDown(): boolean {
    return this.joiner.crashed;
  }

  isJoinerResident(): boolean {
    return this.joiner.isResidentIn(this.room);
  }

  backoffRemaining(destination: string): number {
    return backoffRemaining(this.joiner, destination, this.world.sim.now);
  }

  retryJitter(): number {
    return this.world.streams.stream(`retry:${this.joiner.name}`)();
  }
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
