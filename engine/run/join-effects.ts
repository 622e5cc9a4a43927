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
import { LOST } from '../federation/network';
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
  // An array per nesting depth (a `plan` effect steps again while its step's effects
  // are being performed), reused step after step: one per step was a measurable
  // share of a big run's garbage.
  const effects = (EFFECTS[depth] ??= []);
  depth++;
  stepInPlace(join.state, input, join.lookups, effects);
  for (let i = 0; i < effects.length; i++) perform(world, join, effects[i] as JoinEffect, request);
  // Nothing of this run stays reachable from the reused array.
  effects.length = 0;
  depth--;
}

const EFFECTS: JoinEffect[][] = [];
let depth = 0;

function perform(world: World, join: JoinProcess, effect: JoinEffect, request: FederationRequest | null): void {
  const { joiner, action, report } = join;
  switch (effect.type) {
    case 'plan': {
      const plan = join.state.facts.profile.planJoin({
        server: joiner,
        user: action.user,
        roomId: action.room,
        via: action.via,
        // Named per join, so one join's shuffle never shifts another's.
        random: () => world.streams.stream(`joiner:${joiner.name}:${action.id}`),
      });
      advance(world, join, { type: 'planned', plan });
      return;
    }
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
      invariant(view, () => `local join plan for ${action.room} but ${joiner.name} has no view of it`);
      emitStateEvent(world, joiner, view, action.user, action.user, { type: 'm.room.member', membership: 'join', authorisingUser: effect.authorisingUser });
      // Local joins share the per-room join rate limiter (Synapse rc_joins_per_room).
      consumeJoinRate(joiner, action.room, world.sim.now, join.state.facts.profile.settings);
      return;
    }
    case 'take state':
      holdView(world, joiner, effect.state);
      if (effect.ownJoin) applyToView(effect.state, effect.ownJoin);
      applyHeldEvents(world, joiner, action.room);
      return;
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
