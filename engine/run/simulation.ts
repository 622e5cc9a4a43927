/**
 * One run of a scenario: builds the world at t = 0 (every server with a joined
 * member in a room holds the room's full state), schedules the timeline, and
 * dispatches kernel events to the handlers until nothing is left or `until`.
 */
import { Simulator } from '../kernel/simulator';
import { RandomStreams } from '../kernel/random-streams';
import { invariant } from '../kernel/invariant';
import { PRIORITY_URGENT } from '../kernel/event-queue';
import { RoomView } from '../matrix/room-view';
import { Int32Slabs } from '../store/index';
import { forgetServerNames, serverOf } from '../matrix/ids';
import { Network } from '../federation/network';
import { ServerState } from '../federation/server-state';
import type { ImplementationProfile } from '../federation/profile';
import type { Scenario, TimelineAction } from '../scenario/types';
import type { ActionReport, RejectedActionReport } from '../report/types';
import { abandonJoin, startJoin, unstartedJoin } from './join-start';
import { handleAnswerArrives, handleJoinRetry, handleRequestArrives, handleRequestTimeout } from './join-requests';
import type { FederationRequest, JoinProcess } from './join-records';
import type { JoinReport } from '../report/types';
import { handleStateArrives, type StateDelivery } from './state-propagation';
import { performAction } from './timeline-actions';
import { holdView } from './held-views';
import { UnfinishedJoins } from './unfinished-joins';
import { AwaitedRequests } from './awaited-requests';
import { TraceRecorder, type TraceListener } from './trace';
import { EV_ACTION, EV_ANSWER_ARRIVES, EV_JOIN_RETRY, EV_REQUEST_ARRIVES, EV_REQUEST_TIMEOUT, EV_STATE_ARRIVES, type World } from './world';

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: string;
  onTrace?: TraceListener;
  /** Called with (events processed, simulated time) every `progressEvery` events and at the end; for progress bars. */
  onProgress?: (events: number, simTime: number) => void;
  /** How many events between onProgress calls (default 65536). */
  progressEvery?: number;
  /**
   * The profile for an implementation name, built with `overrides` (the
   * scenario's `profileSettings` for it) when there are any: the one way a run
   * gets a profile, so a caller that wraps profiles (explain) sees every one.
   */
  profileFor: (name: string, overrides: Readonly<Record<string, unknown>> | undefined) => ImplementationProfile;
}

export interface SimulationResult {
  seed: string;
  fingerprint: string;
  endedAt: number;
  events: number;
  /** The report entry of every join action, in the file's order of actions (their index). */
  joins: JoinReport[];
  actions: ActionReport[];
  /** Timeline state changes the auth rules refused, in the order they were tried. */
  rejectedActions: RejectedActionReport[];
  servers: Map<string, ServerState>;
}

export function simulate(scenario: Scenario, options: SimulationOptions): SimulationResult {
  const seed = options.seed ?? scenario.seed;
  const streams = new RandomStreams(seed);
  // A join's record is let go once it ends (a big run has a million); only its
  // report entry stays, in start order, with where its action stands in the file.
  // (Not an array by action index: joins start in time order, and writing a big
  // array out of order turns it into a hash table.)
  const joinReports: JoinReport[] = [];
  const reportOfAction = new Int32Array(scenario.timeline.reduce((most, action) => Math.max(most, action.index + 1), 0)).fill(-1);
  const actions: ActionReport[] = [];
  const rejectedActions: RejectedActionReport[] = [];
  let world: World;

  // Timeline actions enter the queue one at a time, each when the one before it
  // runs, so the queue holds what is in flight rather than every future join (a
  // million pending times make each push and pop walk a deeper heap, mostly out of
  // cache). Actions alone use PRIORITY_URGENT and the next is queued before this
  // one acts, so actions at the same time still run back to back, in file order,
  // ahead of everything else due then: the order is the same as queueing them all.
  const timeline = scenario.timeline;
  let nextAction = 0;
  const queueNextAction = (): void => {
    const action = timeline[nextAction++];
    if (action !== undefined) sim.scheduleAt(action.at, EV_ACTION, action, PRIORITY_URGENT);
  };

  const dispatch = (kind: number, payload: unknown): boolean | number | void => {
    switch (kind) {
      case EV_ACTION: {
        const action = payload as TimelineAction;
        queueNextAction();
        if (action.do === 'join') {
          reportOfAction[action.index] = joinReports.push(startJoin(world, action).report) - 1;
          return;
        }
        const outcome = performAction(world, action);
        const rejected = outcome.rejected;
        world.trace.record({ t: world.sim.now, type: 'action', index: action.index, do: action.do, applied: outcome.applied, reason: outcome.reason, ...(rejected ? { rule: rejected.rule } : {}) });
        if (rejected) rejectedActions.push({ index: action.index, at: world.sim.now, do: action.do, sender: rejected.sender, rule: rejected.rule, reason: outcome.reason });
        actions.push({ index: action.index, at: world.sim.now, do: action.do, ...(action.id !== undefined ? { id: action.id } : {}), applied: outcome.applied, reason: outcome.reason });
        return;
      }
      case EV_REQUEST_ARRIVES:
        return handleRequestArrives(world, payload as FederationRequest);
      case EV_ANSWER_ARRIVES:
        return handleAnswerArrives(world, payload as FederationRequest);
      case EV_REQUEST_TIMEOUT:
        return handleRequestTimeout(world, payload as number);
      case EV_STATE_ARRIVES:
        return handleStateArrives(world, payload as StateDelivery);
      case EV_JOIN_RETRY:
        return handleJoinRetry(world, payload as JoinProcess);
      default:
        invariant(false, `unknown kernel event kind ${kind}`);
    }
  };

  const sim = new Simulator<unknown>(dispatch);
  const profiles: ImplementationProfile[] = [];
  // One profile per implementation in the run, with the scenario's `profileSettings` for it.
  const profileByName = new Map<string, ImplementationProfile>();
  const profileOf = (name: string): ImplementationProfile => {
    let profile = profileByName.get(name);
    if (profile === undefined) profileByName.set(name, (profile = options.profileFor(name, scenario.profileSettings?.[name])));
    return profile;
  };
  world = {
    sim,
    servers: new Map(),
    profiles,
    network: new Network(scenario.network, streams),
    streams,
    trace: new TraceRecorder(options.onTrace),
    rooms: new Map(),
    spareDeliveries: [],
    nextStamp: 1,
    nextRequestId: 1,
    serversDown: 0,
    backoffsRecorded: false,
    unfinishedJoins: new UnfinishedJoins(),
    awaiting: new AwaitedRequests(),
  };
  for (const spec of scenario.servers) {
    const server = new ServerState(spec, world.network.indexOf(spec.name));
    world.servers.set(spec.name, server);
    profiles[server.networkIndex] = profileOf(spec.implementation);
  }
  placeInitialState(world, scenario);
  // The timeline is sorted by `at`, with file order kept for ties.
  queueNextAction();

  sim.run(scenario.until ?? Infinity, options.onProgress, options.progressEvery);
  // Only `until` can leave a join unfinished: without it the queue runs dry, and every join ends.
  const stoppedAt = scenario.until ?? sim.now;
  // In the order they started, as the trace has always had them.
  world.unfinishedJoins.forEach((join) => abandonJoin(world, join, stoppedAt));
  for (const action of scenario.timeline) {
    if (action.do === 'join' && reportOfAction[action.index] === -1) reportOfAction[action.index] = joinReports.push(unstartedJoin(world, action, stoppedAt).report) - 1;
  }
  // The names serverOf remembered are no use to the next run, and would pile up in a
  // worker running thousands (forgotten at the end, not the start: this run used the
  // ones its scenario's generation and lint had already made).
  forgetServerNames();
  // In the order the file gives the actions (their index), which the report promises.
  const joins: JoinReport[] = [];
  for (const at of reportOfAction) if (at >= 0) joins.push(joinReports[at] as JoinReport);

  return {
    seed,
    fingerprint: world.trace.digest(),
    endedAt: sim.lastEventAt,
    events: sim.events,
    joins,
    actions,
    rejectedActions,
    servers: world.servers,
  };
}


function placeInitialState(world: World, scenario: Scenario): void {
  // One allocator for every room's member log and view rows (why: int32-slabs.ts).
  const storage = new Int32Slabs();
  for (const room of scenario.rooms) {
    const residents = new Set<string>();
    for (const [user, membership] of Object.entries(room.members)) if (membership === 'join') residents.add(serverOf(user));
    if (residents.size === 0) continue;
    // Every resident holds the same state at t = 0: build it once, as a template
    // that is never changed, and let each resident's view share it (copy-on-write).
    const template = new RoomView(room.id, room.version, room.creator, room.joinRules, room.powerLevels, undefined, storage);
    template.serverAcl = room.serverAcl ?? null;
    if (room.additionalCreators) template.additionalCreators = room.additionalCreators;
    // Each member's stamp is 0; setMembership accepts one write per key, which is all t = 0 needs.
    for (const [user, membership] of Object.entries(room.members)) template.setMembership(user, membership, 0);
    for (const name of [...residents].sort()) {
      const server = world.servers.get(name);
      if (server) holdView(world, server, template.clone());
    }
  }
}
