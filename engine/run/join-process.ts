/**
 * One `join` action as the joining server carries it out: the local-or-remote plan,
 * then make_join to each candidate in turn and send_join to the destinations the
 * profile names, each request with its profile's timeout, send_join short retries
 * and per-destination backoff (reference §3.4, §3.5). Every request, and every
 * destination skipped because of backoff, becomes an attempt in the report, with
 * the answer, the reason and what the joiner did with it.
 */
import { PRIORITY_LATE, PRIORITY_NORMAL } from '../kernel/event-queue';
import { invariant } from '../kernel/invariant';
import { M_INCOMPATIBLE_ROOM_VERSION, M_UNSUPPORTED_ROOM_VERSION } from '../matrix/errcodes';
import { roomVersion, type RoomVersionRules } from '../matrix/room-versions';
import { isTransportFailure } from '../federation/answers';
import { backoffRemaining, clearBackoff, isBackoffFailure, recordBackoffFailure } from '../federation/backoff';
import { consumeJoinRate } from '../federation/join-rate-limit';
import type { ResidentAnswer } from '../federation/messages';
import type { ClientError, JoinPlan, MakeJoinStats } from '../federation/profile';
import type { ServerState } from '../federation/server-state';
import type { AttemptReport, JoinReport, JoinStep } from '../report/types';
import type { JoinAction } from '../scenario/types';
import { applyHeldEvents, emitStateEvent, markJoining, recordAdmitted } from './state-propagation';
import { EV_JOIN_RETRY, EV_ANSWER_ARRIVES, EV_REQUEST_ARRIVES, EV_REQUEST_TIMEOUT, serverNamed, unreachableBecause, type World } from './world';

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
}

/** A short retry of send_join to `to`, due after its jittered delay. */
export interface JoinRetry {
  process: JoinProcess;
  to: string;
}

export interface FederationRequest {
  readonly id: number;
  readonly process: JoinProcess;
  readonly step: JoinStep;
  readonly from: string;
  readonly to: string;
  readonly attempt: AttemptReport;
  readonly timeoutMs: number;
  settled: boolean;
  /** Why no answer came, when one did not (for the attempt's reason). */
  cause: string | null;
  answer: ResidentAnswer | null;
}

const EMPTY = '';

/** Starts the join of `action` at the current time; returns its process (already finished if it was decided locally). */
function createJoinProcess(world: World, action: JoinAction): JoinProcess {
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
  };
  return {
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
  };
}

export function startJoin(world: World, action: JoinAction): JoinProcess {
  const process = createJoinProcess(world, action);
  const { joiner, report } = process;
  if (joiner.crashed) {
    report.local = true;
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${joiner.name} is down, so ${action.user}'s join never started` });
    return process;
  }
  const plan: JoinPlan = joiner.profile.joiner.planJoin({
    server: joiner,
    user: action.user,
    roomId: action.room,
    via: action.via,
    // Named per join, so one join's shuffle never shifts another's.
    random: () => world.streams.stream(`joiner:${joiner.name}:${action.id}`),
  });
  world.trace.record({
    t: world.sim.now,
    type: 'join-start',
    join: action.id,
    user: action.user,
    room: action.room,
    server: joiner.name,
    plan: plan.type,
    candidates: plan.type === 'remote' ? plan.candidates.join(',') : EMPTY,
  });
  switch (plan.type) {
    case 'already-joined':
      report.local = true;
      report.resident = joiner.name;
      finish(world, process, 'joined', { status: 200, errcode: null, message: plan.reason });
      break;
    case 'local': {
      const view = joiner.views.get(action.room);
      invariant(view, () => `local join plan for ${action.room} but ${joiner.name} has no view of it`);
      emitStateEvent(world, joiner, view, action.user, action.user, {
        type: 'm.room.member',
        membership: 'join',
        authorisingUser: plan.authorisingUser,
      });
      joiner.pendingInvites.get(action.room)?.delete(action.user);
      // Local joins share the per-room join rate limiter (Synapse rc_joins_per_room).
      consumeJoinRate(joiner, action.room, world.sim.now, joiner.profile.settings);
      report.local = true;
      report.resident = joiner.name;
      report.authorisedBy = plan.authorisingUser;
      finish(world, process, 'joined', { status: 200, errcode: null, message: plan.reason });
      break;
    }
    case 'fail':
      report.local = true;
      finish(world, process, 'failed', { status: plan.status, errcode: plan.errcode, message: plan.message });
      break;
    case 'remote':
      process.candidates = plan.candidates;
      tryNextCandidate(world, process);
      break;
  }
  return process;
}

function serverOfUser(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

function tryNextCandidate(world: World, process: JoinProcess): void {
  const joinerProfile = process.joiner.profile.joiner;
  const stop = joinerProfile.stopMakeJoin(process.makeJoinStats, process.lastError);
  if (stop) {
    finish(world, process, 'failed', stop);
    return;
  }
  process.candidateIndex++;
  const next = process.candidates[process.candidateIndex];
  if (next === undefined) {
    finish(world, process, 'failed', process.joiner.profile.joiner.makeJoinExhausted(process.lastError));
    return;
  }
  sendRequest(world, process, 'make_join', next);
}

function sendRequest(world: World, process: JoinProcess, step: JoinStep, to: string): void {
  const from = process.joiner.name;
  const joinerProfile = process.joiner.profile.joiner;
  const timers = joinerProfile.timers;
  if (step === 'make_join') process.makeJoinStats.attempts++;
  const waiting = joinerProfile.settings.backoff ? backoffRemaining(process.joiner, to, world.sim.now) : 0;
  if (waiting > 0) {
    skipBackedOff(world, process, step, to, waiting);
    return;
  }
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason: EMPTY };
  process.report.attempts.push(attempt);
  const request: FederationRequest = {
    id: world.nextRequestId++,
    process,
    step,
    from,
    to,
    attempt,
    timeoutMs: step === 'make_join' ? timers.makeJoinTimeoutMs : timers.sendJoinTimeoutMs,
    settled: false,
    cause: null,
    answer: null,
  };
  world.trace.record({ t: world.sim.now, type: 'request', join: process.action.id, step, from, to, request: request.id });
  if (world.network.isLost(from, to)) {
    request.cause = 'the request was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: request.cause });
  } else {
    world.sim.schedule(world.network.latency(from, to), EV_REQUEST_ARRIVES, request, PRIORITY_NORMAL);
  }
  // An answer arriving in the same millisecond as the timeout still counts.
  world.sim.schedule(request.timeoutMs, EV_REQUEST_TIMEOUT, request, PRIORITY_LATE);
}

/**
 * A destination in backoff is not contacted (Synapse NotRetryingDestination,
 * reference §3.2 and §5.1 row 5): the skip is an attempt with status 0 and
 * `skipped`, and the joiner moves on as after a transport failure.
 */
function skipBackedOff(world: World, process: JoinProcess, step: JoinStep, to: string, waiting: number): void {
  const reason = `not contacted: ${process.joiner.name} is backing off from ${to} for another ${Math.ceil(waiting / 1000)} s`;
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason, answeredAt: world.sim.now, decision: 'next', skipped: true };
  process.report.attempts.push(attempt);
  world.trace.record({ t: world.sim.now, type: 'skip', join: process.action.id, step, server: to, reason });
  const error: ClientError = { status: 0, errcode: null, message: reason };
  if (step === 'make_join') {
    process.lastError = error;
    tryNextCandidate(world, process);
  } else {
    nextSendJoinDestination(world, process, error);
  }
}

/** A send_join short retry comes due: send it again unless the joiner went down meanwhile. */
export function handleJoinRetry(world: World, retry: JoinRetry): void {
  const { process, to } = retry;
  if (process.done) return;
  if (process.joiner.crashed) {
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${process.joiner.name} went down during the join` });
    return;
  }
  sendRequest(world, process, 'send_join', to);
}

/** The request reaches the resident, which answers from its own view. */
export function handleRequestArrives(world: World, request: FederationRequest): void {
  const { from, to, step, process } = request;
  const blocked = unreachableBecause(world, from, to);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'request', from, to, cause: blocked });
    return;
  }
  const resident = serverNamed(world, to);
  // A signed inbound request shows the origin is up: the resident stops backing off from it (§3.5).
  clearBackoff(resident, from);
  const { user, room } = process.action;
  const now = world.sim.now;
  const answer =
    step === 'make_join'
      ? resident.profile.resident.makeJoin(resident, { origin: from, user, roomId: room, versions: process.joiner.roomVersions, now })
      : resident.profile.resident.sendJoin(resident, { origin: from, user, roomId: room, authorisingUser: process.authorisingUser, now });
  world.trace.record({
    t: world.sim.now,
    type: 'answer',
    join: process.action.id,
    step,
    server: to,
    status: answer.status,
    errcode: answer.errcode ?? EMPTY,
    check: answer.check,
    request: request.id,
  });
  if (step === 'send_join' && answer.status === 200) {
    // The resident accepts the join: it applies it, sends it on to the other
    // residents, and hands the joining server the room's state.
    const view = resident.views.get(room);
    invariant(view, () => `${to} accepted a send_join for ${room} without a view of it`);
    const join = emitStateEvent(world, resident, view, user, user, { type: 'm.room.member', membership: 'join', authorisingUser: process.authorisingUser }, from);
    answer.state = view.clone();
    recordAdmitted(resident, room, from, join.stamp);
  }
  if (world.network.isLost(to, from)) {
    request.cause = 'the answer was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: to, to: from, cause: request.cause });
    return;
  }
  request.answer = answer;
  world.sim.schedule(world.network.latency(to, from), EV_ANSWER_ARRIVES, request, PRIORITY_NORMAL);
}

/** The answer reaches the joining server (unless it already gave up waiting). */
export function handleAnswerArrives(world: World, request: FederationRequest): void {
  // Late: the joiner gave up at its timeout; the answer reaches nobody who waits.
  if (request.settled) return;
  const blocked = unreachableBecause(world, request.to, request.from);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: request.to, to: request.from, cause: blocked });
    return;
  }
  settle(world, request, request.answer);
}

/** The joining server stops waiting. */
export function handleRequestTimeout(world: World, request: FederationRequest): boolean {
  if (request.settled) return false; // answered in time: this timer was cancelled
  settle(world, request, null);
  return true;
}

function settle(world: World, request: FederationRequest, answer: ResidentAnswer | null): void {
  request.settled = true;
  const { process, attempt, step } = request;
  if (process.done) return;
  const joinerProfile = process.joiner.profile.joiner;
  const settings = joinerProfile.settings;
  attempt.answeredAt = world.sim.now;
  if (answer) {
    attempt.status = answer.status;
    attempt.errcode = answer.errcode;
    attempt.reason = answer.reason;
    attempt.check = answer.check;
  } else {
    attempt.reason = `no answer within ${request.timeoutMs / 1000} s: ${request.cause ?? 'the request went unanswered'}`;
  }
  if (process.joiner.crashed) {
    attempt.decision = 'abort';
    finish(world, process, 'failed', { status: 0, errcode: null, message: `${process.joiner.name} went down during the join` });
    return;
  }
  // Short retries on the same server (Synapse send_join: no answer, 5xx, 429; §3.4).
  // The backoff limiter wraps the whole request, so only the last try counts for it.
  if (step === 'send_join' && isTransportFailure(answer) && process.sendJoinRetries < settings.sendJoinRetries) {
    attempt.decision = 'retry';
    const delay = retryDelay(world, process, settings.sendJoinRetryBaseMs, settings.sendJoinRetryMaxMs);
    process.sendJoinRetries++;
    attempt.reason += `; retrying in ${delay} ms`;
    world.trace.record({ t: world.sim.now, type: 'response', join: process.action.id, step, server: request.to, status: attempt.status, errcode: attempt.errcode ?? EMPTY, decision: 'retry', request: request.id });
    const retry: JoinRetry = { process, to: request.to };
    world.sim.schedule(delay, EV_JOIN_RETRY, retry, PRIORITY_NORMAL);
    return;
  }
  if (settings.backoff) {
    if (answer && answer.status >= 200 && answer.status < 300) clearBackoff(process.joiner, request.to);
    else if (isBackoffFailure(answer)) {
      recordBackoffFailure(process.joiner, request.to, world.sim.now, settings, world.streams.stream(`backoff:${process.joiner.name}`));
    }
  }
  if (step === 'make_join' && answer && (answer.errcode === M_INCOMPATIBLE_ROOM_VERSION || answer.errcode === M_UNSUPPORTED_ROOM_VERSION)) {
    process.makeJoinStats.incompatible++;
  }
  const rules = step === 'send_join' ? (process.rules as RoomVersionRules) : null;
  const decision = step === 'make_join' ? joinerProfile.classifyMakeJoin(answer) : joinerProfile.classifySendJoin(answer, rules as RoomVersionRules);
  attempt.decision = decision;
  world.trace.record({
    t: world.sim.now,
    type: 'response',
    join: process.action.id,
    step,
    server: request.to,
    status: attempt.status,
    errcode: attempt.errcode ?? EMPTY,
    decision,
    request: request.id,
  });
  // No answer is kept as a status-0 error, so "the last error" really is the last one.
  const error: ClientError = answer ? { status: answer.status, errcode: answer.errcode, message: answer.reason } : { status: 0, errcode: null, message: attempt.reason };
  if (step === 'make_join') afterMakeJoin(world, process, request, answer, decision, error);
  else afterSendJoin(world, process, request, answer, decision, error);
}

/** Synapse's short-retry delay: base·2^k capped, times U(0.8, 1.4) from the joiner's own stream. */
function retryDelay(world: World, process: JoinProcess, baseMs: number, maxMs: number): number {
  const jitter = 0.8 + 0.6 * world.streams.stream(`retry:${process.joiner.name}`)();
  return Math.round(Math.min(maxMs, baseMs * 2 ** process.sendJoinRetries) * jitter);
}

function afterMakeJoin(
  world: World,
  process: JoinProcess,
  request: FederationRequest,
  answer: ResidentAnswer | null,
  decision: string,
  error: ClientError,
): void {
  if (decision === 'success' && answer) {
    process.authorisingUser = answer.authorisingUser ?? null;
    process.rules = roomVersion(answer.roomVersion ?? '1');
    process.sendJoinDestinations = process.joiner.profile.joiner.sendJoinDestinations(
      request.to,
      process.authorisingUser,
      process.candidates,
      process.rules,
    );
    process.sendJoinIndex = 0;
    process.sendJoinRetries = 0;
    if (!process.holdingEvents && !process.joiner.isResidentIn(process.action.room)) {
      markJoining(process.joiner, process.action.room, 1);
      process.holdingEvents = true;
    }
    sendRequest(world, process, 'send_join', process.sendJoinDestinations[0] as string);
  } else if (decision === 'next') {
    process.lastError = error;
    tryNextCandidate(world, process);
  } else {
    finish(world, process, 'failed', error);
  }
}

function afterSendJoin(
  world: World,
  process: JoinProcess,
  request: FederationRequest,
  answer: ResidentAnswer | null,
  decision: string,
  error: ClientError,
): void {
  if (decision === 'success' && answer) {
    const joiner = process.joiner;
    if (answer.state) {
      joiner.views.set(process.action.room, answer.state);
      applyHeldEvents(world, joiner, process.action.room);
    }
    joiner.pendingInvites.get(process.action.room)?.delete(process.action.user);
    process.report.resident = request.to;
    process.report.authorisedBy = process.authorisingUser;
    finish(world, process, 'joined', { status: 200, errcode: null, message: answer.reason });
  } else if (decision === 'next') {
    nextSendJoinDestination(world, process, error);
  } else {
    finish(world, process, 'failed', error);
  }
}

/** send_join moves on: the next destination, or, when none is left, what the profile does then. */
function nextSendJoinDestination(world: World, process: JoinProcess, error: ClientError): void {
  const joinerProfile = process.joiner.profile.joiner;
  process.lastError = error;
  process.sendJoinIndex++;
  process.sendJoinRetries = 0;
  const next = process.sendJoinDestinations[process.sendJoinIndex];
  if (next !== undefined) sendRequest(world, process, 'send_join', next);
  // Dendrite: back to make_join with the next candidate.
  else if (joinerProfile.afterSendJoinExhausted === 'next-candidate') tryNextCandidate(world, process);
  else finish(world, process, 'failed', joinerProfile.sendJoinExhausted(process.lastError));
}

function finish(world: World, process: JoinProcess, outcome: 'joined' | 'failed', result: ClientError, at: number = world.sim.now): void {
  process.done = true;
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

/** Ends a join still under way when the run stops (`until`). */
export function abandonJoin(world: World, process: JoinProcess, stoppedAt: number): void {
  if (process.done) return;
  for (const attempt of process.report.attempts) {
    if (attempt.decision === undefined) attempt.reason = `no answer yet when the run stopped at ${stoppedAt} ms (until)`;
  }
  finish(world, process, 'failed', { status: 0, errcode: null, message: `still under way when the run stopped at ${stoppedAt} ms (until)` }, stoppedAt);
}

/** A join whose time came after `until`: it is in the report (one entry per join action), but never started. */
export function unstartedJoin(world: World, action: JoinAction, stoppedAt: number): JoinProcess {
  const process = createJoinProcess(world, action);
  process.report.local = true;
  finish(world, process, 'failed', { status: 0, errcode: null, message: `never started: the run stopped at ${stoppedAt} ms (until), before ${action.at} ms` }, Math.max(stoppedAt, world.sim.now));
  process.report.finishedAt = action.at;
  return process;
}
