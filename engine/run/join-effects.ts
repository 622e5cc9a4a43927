/**
 * The joiner machine's runtime: feeds a join's inputs to `step` and performs the
 * effects it returns, in order, on the world (requests and their timers, the
 * report entry, backoff, held events, local joins, trace). It decides nothing:
 * every choice is the machine's (federation/join-machine).
 */
import { PRIORITY_LATE, PRIORITY_NORMAL } from '../kernel/event-queue';
import { invariant } from '../kernel/invariant';
import { stepInPlace, type JoinEffect, type JoinInput } from '../federation/join-machine/index';
import { clearBackoff, recordBackoffFailure } from '../federation/backoff';
import { consumeJoinRate } from '../federation/join-rate-limit';
import type { JoinStep } from '../federation/messages';
import type { JoinPlan } from '../federation/profile';
import { LOST } from '../federation/network';
import { partialStateResyncDelay } from '../federation/partial-state';
import type { ServerState } from '../federation/server-state';
import type { ProfileSettings } from '../federation/settings';
import type { RoomView } from '../matrix/room-view';
import type { AttemptReport } from '../report/types';
import { holdView } from './held-views';
import { addAttempt } from './join-process';
import type { FederationRequest, JoinProcess } from './join-records';
import { applyHeldEvents, applyToView, emitStateEvent, markJoining } from './state-propagation';
import { EV_JOIN_RETRY, EV_REQUEST_ARRIVES, EV_REQUEST_TIMEOUT, type World } from './world';

/**
 * Steps `join` with `input` and performs the effects. `request`
 * is the request the input is about (its attempt is the one settled), if any.
 */
export function advance(world: World, join: JoinProcess, input: JoinInput, request: FederationRequest | null = null): void {
  // One effect list per depth, reused and never shortened: performing 'plan' advances
  // the same join again before the outer list is done, and nothing else nests.
  const depth = advanceDepth++;
  const effects = effectLists[depth] ?? (effectLists[depth] = []);
  try {
    // The run performs each effect at once and keeps none, so the machine may reuse its records.
    const count = stepInPlace(join.state, input, join.lookups, effects, true);
    for (let i = 0; i < count; i++) {
      const effect = effects[i] as JoinEffect;
      // 'plan' steps the join again at once, which reuses the machine's effect records: nothing may follow it.
      if (effect.type === 'plan' && i !== count - 1) invariant(false, `join ${join.action.id}: effects after 'plan'`);
      perform(world, join, effect, request);
    }
  } finally {
    advanceDepth--;
  }
}

const effectLists: JoinEffect[][] = [];
let advanceDepth = 0;

function perform(world: World, join: JoinProcess, effect: JoinEffect, request: FederationRequest | null): void {
  const { joiner, action, report } = join;
  switch (effect.type) {
    case 'plan':
      advance(world, join, { type: 'planned', plan: planOf(world, join) });
      return;
    case 'send':
      sendRequest(world, join, effect.step, effect.to, effect.timeoutMs);
      return;
    case 'add attempt':
      addAttempt(report, effect.attempt);
      return;
    case 'settle attempt': {
      if (request === null) invariant(false, `join ${action.id}: an attempt to settle but no request`);
      const attempt = request.attempt;
      attempt.answeredAt = effect.answeredAt;
      attempt.status = effect.status;
      attempt.errcode = effect.errcode;
      attempt.reason = effect.reason;
      attempt.check = effect.check;
      attempt.decision = effect.decision;
      return;
    }
    case 'set timer':
      world.sim.schedule(effect.delayMs, EV_JOIN_RETRY, join, PRIORITY_NORMAL);
      return;
    case 'backoff failure': {
      recordBackoffFailure(joiner, effect.to, world.sim.now, join.state.facts.profile.settings, world.streams.stream(`backoff:${joiner.name}`));
      world.backoffsRecorded = true;
      return;
    }
    case 'backoff clear':
      clearBackoff(joiner, effect.to);
      return;
    case 'hold events':
      markJoining(joiner, action.room, 1);
      return;
    case 'release events':
      markJoining(joiner, action.room, -1);
      return;
    case 'join locally': {
      const view = joiner.views.get(action.room);
      if (view === undefined) invariant(false, `local join plan for ${action.room} but ${joiner.name} has no view of it`);
      emitStateEvent(world, joiner, view, action.user, action.user, { type: 'm.room.member', membership: 'join', authorisingUser: effect.authorisingUser });
      // Local joins share the per-room join rate limiter (Synapse rc_joins_per_room).
      consumeJoinRate(joiner, action.room, world.sim.now, join.state.facts.profile.settings);
      return;
    }
    case 'take state': {
      // A server that was not in the room joins it with partial state, if its profile does (§1.6).
      const partial = join.state.facts.profile.settings.partialStateJoins && !joiner.views.has(action.room);
      holdView(world, joiner, effect.state);
      if (partial) openPartialState(world, joiner, effect.state, join.state.facts.profile.settings);
      if (effect.ownJoin) applyToView(effect.state, effect.ownJoin);
      applyHeldEvents(world, joiner, action.room);
      return;
    }
    case 'clear invite':
      joiner.pendingInvites.get(action.room)?.delete(action.user);
      return;
    case 'mark unanswered':
      for (const attempt of report.attempts) if (attempt.decision === undefined) attempt.reason = effect.reason;
      return;
    case 'finish':
      world.unfinishedJoins.delete(join);
      report.local = effect.local;
      report.outcome = effect.outcome;
      report.status = effect.status;
      report.errcode = effect.errcode;
      report.message = effect.message;
      report.finishedAt = effect.finishedAt;
      report.resident = effect.resident;
      report.authorisedBy = effect.authorisedBy;
      if (effect.softFailedAt) report.softFailedAt = [...effect.softFailedAt];
      return;
    case 'join-start':
    case 'response':
    case 'skip':
    case 'join-end':
      world.trace.record(effect);
      return;
  }
}

/**
 * The profile's plan for `join`. Apart from perform, because its stream closure
 * captures the join: in perform that would give every effect performed a context.
 */
function planOf(world: World, join: JoinProcess): JoinPlan {
  const { joiner, action } = join;
  return join.state.facts.profile.planJoin({
    server: joiner,
    user: action.user,
    roomId: action.room,
    via: action.via,
    now: world.sim.now,
    // Named per join, so one join's shuffle never shifts another's.
    random: () => world.streams.stream(`joiner:${joiner.name}:${action.id}`),
  });
}

/** `server` holds `view`'s room with partial state until its resync (federation/partial-state.ts), and the trace says so. */
function openPartialState(world: World, server: ServerState, view: RoomView, settings: ProfileSettings): void {
  const until = world.sim.now + partialStateResyncDelay(settings, view);
  server.partialStateUntil.set(view.roomId, until);
  world.trace.record({ t: world.sim.now, type: 'partial-state', server: server.name, room: view.roomId, until });
}

/** Sends make_join or send_join to `to`: an attempt in the report, the request on the network, and its timeout. */
function sendRequest(world: World, join: JoinProcess, step: JoinStep, to: string, timeoutMs: number): void {
  const from = join.joiner.name;
  // The fields an answer fills in later are declared now, in the order they are
  // filled (so JSON text is unchanged): one shape, and no second block per attempt.
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason: '', answeredAt: undefined, check: undefined, decision: undefined };
  addAttempt(join.report, attempt);
  const request: FederationRequest = { id: world.nextRequestId++, join, step, from, to, attempt, timeoutMs, cause: null, answer: null };
  world.trace.record({ t: world.sim.now, type: 'request', join: join.action.id, step, from, to, request: request.id });
  const delay = world.network.transit(from, to);
  if (delay === LOST) {
    request.cause = 'the request was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: request.cause });
  } else {
    world.sim.schedule(delay, EV_REQUEST_ARRIVES, request, PRIORITY_NORMAL);
  }
  // An answer arriving in the same millisecond as the timeout still counts.
  // The timer carries the request's id, not the request: most requests are answered
  // long before their 20 or 60 s run out, and a timer holding the request would keep
  // it and its join alive until then (long enough, in a big run, to be moved to the
  // old generation and marked there). An answered request leaves `awaiting`.
  world.awaiting.set(request);
  world.sim.schedule(timeoutMs, EV_REQUEST_TIMEOUT, request.id, PRIORITY_LATE);
}
