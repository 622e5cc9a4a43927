/**
 * The joining server's request loop (reference §3.2-§3.5): make_join to each
 * candidate in turn and send_join to the destinations the profile names, each
 * request with its profile's timeout, send_join short retries and per-destination
 * backoff. Every request, and every destination skipped because of backoff,
 * becomes an attempt in the report, with the answer, the reason and what the
 * joiner did with it.
 */
import { PRIORITY_LATE, PRIORITY_NORMAL } from '../kernel/event-queue';
import { invariant } from '../kernel/invariant';
import { M_INCOMPATIBLE_ROOM_VERSION, M_UNSUPPORTED_ROOM_VERSION } from '../matrix/errcodes';
import { roomVersion, type RoomVersionRules } from '../matrix/room-versions';
import { isTransportFailure } from '../federation/answers';
import { backoffRemaining, clearBackoff, isBackoffFailure, recordBackoffFailure } from '../federation/backoff';
import type { ResidentAnswer } from '../federation/messages';
import type { ClientError } from '../federation/profile';
import type { AttemptReport, JoinStep } from '../report/types';
import { holdView } from './room-copies';
import { LOST } from '../federation/network';
import { applyHeldEvents, emitStateEvent, markJoining, recordAdmitted } from './state-propagation';
import { EV_JOIN_RETRY, EV_ANSWER_ARRIVES, EV_REQUEST_ARRIVES, EV_REQUEST_TIMEOUT, serverNamed, unreachableBecause, type World } from './world';
import { addAttempt, EMPTY, finish, type JoinProcess } from './join-process';

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
  /** Why no answer came, when one did not (for the attempt's reason). */
  cause: string | null;
  answer: ResidentAnswer | null;
}

export function tryNextCandidate(world: World, process: JoinProcess): void {
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

export function sendRequest(world: World, process: JoinProcess, step: JoinStep, to: string): void {
  const from = process.joiner.name;
  const joinerProfile = process.joiner.profile.joiner;
  const timers = joinerProfile.timers;
  if (step === 'make_join') process.makeJoinStats.attempts++;
  const waiting = joinerProfile.settings.backoff ? backoffRemaining(process.joiner, to, world.sim.now) : 0;
  if (waiting > 0) {
    skipBackedOff(world, process, step, to, waiting);
    return;
  }
  // The fields an answer fills in later are declared now, in the order they are
  // filled (so JSON text is unchanged): one shape, and no second block per attempt.
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason: EMPTY, answeredAt: undefined, check: undefined, decision: undefined };
  addAttempt(process.report, attempt);
  const request: FederationRequest = {
    id: world.nextRequestId++,
    process,
    step,
    from,
    to,
    attempt,
    timeoutMs: step === 'make_join' ? timers.makeJoinTimeoutMs : timers.sendJoinTimeoutMs,
    cause: null,
    answer: null,
  };
  world.trace.record({ t: world.sim.now, type: 'request', join: process.action.id, step, from, to, request: request.id });
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
  world.sim.schedule(request.timeoutMs, EV_REQUEST_TIMEOUT, request.id, PRIORITY_LATE);
}

/**
 * A destination in backoff is not contacted (Synapse NotRetryingDestination,
 * reference §3.2 and §5.1 row 5): the skip is an attempt with status 0 and
 * `skipped`, and the joiner moves on as after a transport failure.
 */
function skipBackedOff(world: World, process: JoinProcess, step: JoinStep, to: string, waiting: number): void {
  const reason = `not contacted: ${process.joiner.name} is backing off from ${to} for another ${Math.ceil(waiting / 1000)} s`;
  const attempt: AttemptReport = { server: to, step, at: world.sim.now, status: 0, errcode: null, reason, answeredAt: world.sim.now, decision: 'next', skipped: true };
  addAttempt(process.report, attempt);
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
    recordAdmitted(world, resident, room, from, join.stamp);
  }
  const delay = world.network.transit(to, from);
  if (delay === LOST) {
    request.cause = 'the answer was lost in transit';
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: to, to: from, cause: request.cause });
    return;
  }
  request.answer = answer;
  world.sim.schedule(delay, EV_ANSWER_ARRIVES, request, PRIORITY_NORMAL);
}

/** The answer reaches the joining server (unless it already gave up waiting). */
export function handleAnswerArrives(world: World, request: FederationRequest): void {
  // Late: the joiner gave up at its timeout; the answer reaches nobody who waits.
  if (!world.awaiting.has(request.id)) return;
  const blocked = unreachableBecause(world, request.to, request.from);
  if (blocked !== null) {
    request.cause = blocked;
    world.trace.record({ t: world.sim.now, type: 'dropped', what: 'answer', from: request.to, to: request.from, cause: blocked });
    return;
  }
  settle(world, request, request.answer);
}

/** The joining server stops waiting for request `id`. */
export function handleRequestTimeout(world: World, id: number): boolean {
  const request = world.awaiting.get(id);
  if (request === undefined) return false; // answered in time: this timer was cancelled
  settle(world, request, null);
  return true;
}

function settle(world: World, request: FederationRequest, answer: ResidentAnswer | null): void {
  // Settled: the joiner waits no more (a late answer or the timer finds it gone).
  world.awaiting.delete(request.id);
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
      world.backoffsRecorded = true;
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
      holdView(world, joiner, answer.state);
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
