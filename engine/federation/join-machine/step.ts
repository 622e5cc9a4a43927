/**
 * The joining server's request loop as a pure transition (reference §3.2-§3.8):
 * make_join to each candidate in turn, send_join to the destinations the profile
 * names, send_join short retries (§3.4), destinations skipped while in backoff
 * (§3.5, §5.1 row 5), and the client's answer when the profile gives up. `step`
 * returns the next state and the effects to perform; the run performs them.
 */
import { M_INCOMPATIBLE_ROOM_VERSION, M_UNSUPPORTED_ROOM_VERSION } from '../../matrix/errcodes';
import { roomVersion, type RoomVersionRules } from '../../matrix/room-versions';
import type { AttemptReport } from '../../report/types';
import { isTransportFailure } from '../answers';
import { isBackoffFailure } from '../backoff';
import type { JoinStep, ResidentAnswer } from '../messages';
import type { ClientError, JoinPlan, MakeJoinStats } from '../profile';
import type { AttemptDecision, JoinEffect, JoinFacts, JoinInput, JoinerLookups, JoinerTraceEvent, JoinState, JoinTransition } from './types';

/** What a finished join's server lists become (frozen: shared by every finished join, whose lists nothing reads). */
const NO_SERVERS: readonly string[] = Object.freeze([]);
const NO_EFFECTS: readonly JoinEffect[] = Object.freeze([]);

/** A state that a step may change (the machine's own working copy, or one whose owner lets it: stepInPlace). */
export type DraftJoinState = { -readonly [K in keyof JoinState]: JoinState[K] };

/** A join that has not started. */
export function initialJoinState(join: JoinFacts): DraftJoinState {
  return {
    phase: 'new',
    facts: join,
    candidates: NO_SERVERS,
    candidateIndex: -1,
    sendJoinDestinations: NO_SERVERS,
    sendJoinIndex: -1,
    authorisingUser: null,
    rules: null,
    templateState: null,
    lastError: null,
    makeJoinAttempts: 0,
    incompatibleAnswers: 0,
    sendJoinRetries: 0,
    holdingEvents: false,
    joinAttempt: 1,
  };
}

/** The state after `input`, and the effects to perform in order. `state` is left as it was. */
export function step(state: JoinState, input: JoinInput, lookups: JoinerLookups): JoinTransition {
  if (state.phase === 'done') return { state, effects: NO_EFFECTS };
  const draft: DraftJoinState = { ...state };
  const effects: JoinEffect[] = [];
  effects.length = stepInPlace(draft, input, lookups, effects);
  return { state: draft, effects };
}

/**
 * `step` for a state its owner lets the machine change in place: the run, whose
 * joins each keep one state object for their whole life (a new state per step
 * would live from a request to its answer, long enough for the young
 * generation's collector to copy it, and a big run has a million of them).
 * The effects are written into `effects` from index 0, and their number is
 * returned (entries past it are left from earlier steps: the list is never
 * shortened, since shortening a JavaScript array frees its storage and the next
 * step would allocate it again). `state` is then the next state. The transition
 * is step's.
 *
 * With `reuseRecords`, the effects that carry fields (send, settle attempt,
 * backoff, finish) are records the machine reuses from step to step, so the
 * owner must be done with a step's effects before the next step, and keep none
 * of them (the run performs them at once). Trace records are always new: a
 * trace listener may keep them.
 */
export function stepInPlace(state: DraftJoinState, input: JoinInput, lookups: JoinerLookups, effects: JoinEffect[], reuseRecords = false): number {
  if (state.phase === 'done') return 0;
  // One Turn for every step (a step never starts another): nothing is made per step but its effects.
  const turn = TURN.begin(state, lookups, effects, reuseRecords);
  switch (input.type) {
    case 'started':
      turn.start();
      break;
    case 'planned':
      turn.follow(input.plan);
      break;
    case 'answer arrived':
      turn.settle(input.request, input.step, input.server, input.answer, null);
      break;
    case 'timed out':
      turn.settle(input.request, input.step, input.server, null, `no answer within ${input.timeoutMs / 1000} s: ${input.cause ?? 'the request went unanswered'}`);
      break;
    case 'backoff over':
      turn.retryDue();
      break;
    case 'stopped':
      turn.stop(input.at);
      break;
  }
  return turn.end();
}

/**
 * One step's work: the state it changes (step's own copy, or the owner's state
 * with stepInPlace) and the effects so far.
 */
class Turn {
  /** The counts stopMakeJoin reads, filled in before each call (numbers only, so reusing it costs nothing). */
  private readonly stats: MakeJoinStats = { attempts: 0, incompatible: 0 };
  /** The state being changed (the next state, once the step is over). */
  private s: DraftJoinState = UNUSED_STATE;
  private lookups: JoinerLookups = UNUSED_LOOKUPS;
  private effects: JoinEffect[] = UNUSED_EFFECTS;
  /** Whether this step may hand out the shared effect records (stepInPlace's reuseRecords). */
  private reuse = false;
  /** The shared records this step handed out already (each at most once per step). */
  private used = 0;
  /** Effects written so far. */
  private count = 0;

  /** Starts a step on `s`: the Turn is the machine's one scratch object, reused by every step. */
  begin(s: DraftJoinState, lookups: JoinerLookups, effects: JoinEffect[], reuse: boolean): this {
    this.s = s;
    this.lookups = lookups;
    this.effects = effects;
    this.reuse = reuse;
    this.used = 0;
    this.count = 0;
    return this;
  }

  /** Adds `effect` to the step's effects. */
  private emit(effect: JoinEffect): void {
    this.effects[this.count++] = effect;
  }

  /**
   * The record to fill in for an effect with fields: `shared` itself when this
   * step may reuse records and has not used this one yet (`bit` marks it), else a
   * new copy of it. The caller sets every field.
   */
  private record<R extends object>(shared: R, bit: number): R {
    if (!this.reuse || (this.used & bit) !== 0) return { ...shared };
    this.used |= bit;
    return shared;
  }

  /** Lets go of the step's state and lists, so the shared Turn keeps no join alive; returns how many effects the step wrote. */
  end(): number {
    this.s = UNUSED_STATE;
    this.lookups = UNUSED_LOOKUPS;
    this.effects = UNUSED_EFFECTS;
    return this.count;
  }

  /** The join action's time has come: plan it, unless the joining server is down. */
  start(): void {
    if (this.s.phase !== 'new') return;
    if (this.lookups.joinerDown) {
      this.finish('failed', { status: 0, errcode: null, message: `${this.s.facts.joiner} is down, so ${this.s.facts.user}'s join never started` }, { local: true });
      return;
    }
    this.s.phase = 'planning';
    this.emit(PLAN);
  }

  /** Carries out the profile's plan: decided locally, or the make_join loop. */
  follow(plan: JoinPlan): void {
    if (this.s.phase !== 'planning') return;
    const { lookups } = this;
    const join = this.s.facts;
    this.trace({
      t: lookups.now,
      type: 'join-start',
      join: join.id,
      user: join.user,
      room: join.room,
      server: join.joiner,
      plan: plan.type,
      candidates: plan.type === 'remote' ? plan.candidates.join(',') : '',
    });
    switch (plan.type) {
      case 'already-joined':
        this.finish('joined', { status: 200, errcode: null, message: plan.reason }, { local: true, resident: join.joiner });
        break;
      case 'local':
        this.emit({ type: 'join locally', authorisingUser: plan.authorisingUser });
        this.emit(CLEAR_INVITE);
        this.finish('joined', { status: 200, errcode: null, message: plan.reason }, { local: true, resident: join.joiner, authorisedBy: plan.authorisingUser });
        break;
      case 'fail':
        this.finish('failed', { status: plan.status, errcode: plan.errcode, message: plan.message }, { local: true });
        break;
      case 'remote':
        this.s.candidates = plan.candidates;
        this.tryNextCandidate();
        break;
    }
  }

  /** make_join moves on: to the next candidate, unless the profile stops here or none is left. */
  private tryNextCandidate(): void {
    const profile = this.s.facts.profile;
    this.stats.attempts = this.s.makeJoinAttempts;
    this.stats.incompatible = this.s.incompatibleAnswers;
    const stop = profile.stopMakeJoin(this.stats, this.s.lastError);
    if (stop) {
      this.giveUp(stop);
      return;
    }
    this.s.candidateIndex++;
    const next = this.s.candidates[this.s.candidateIndex];
    if (next === undefined) {
      this.giveUp(profile.makeJoinExhausted(this.s.lastError));
      return;
    }
    this.send('make_join', next);
  }

  private send(step: JoinStep, to: string): void {
    const profile = this.s.facts.profile;
    if (step === 'make_join') this.s.makeJoinAttempts++;
    const waiting = profile.settings.backoff ? this.lookups.backoffRemaining(to) : 0;
    if (waiting > 0) {
      this.skipBackedOff(step, to, waiting);
      return;
    }
    this.s.phase = step;
    const timers = profile.timers;
    const timeoutMs = step === 'make_join' ? timers.makeJoinTimeoutMs : timers.sendJoinTimeoutMs;
    const record = this.record(RECORDS.send, SEND_BIT);
    record.step = step;
    record.to = to;
    record.timeoutMs = timeoutMs;
    this.emit(record);
  }

  /**
   * A destination in backoff is not contacted (Synapse NotRetryingDestination,
   * reference §3.2 and §5.1 row 5): the skip is an attempt with status 0 and
   * `skipped`, and the joiner moves on as after a transport failure.
   */
  private skipBackedOff(step: JoinStep, to: string, waiting: number): void {
    const now = this.lookups.now;
    const reason = `not contacted: ${this.s.facts.joiner} is backing off from ${to} for another ${Math.ceil(waiting / 1000)} s`;
    const attempt: AttemptReport = { server: to, step, at: now, status: 0, errcode: null, reason, answeredAt: now, decision: 'next', skipped: true };
    this.emit({ type: 'add attempt', attempt });
    this.trace({ t: now, type: 'skip', join: this.s.facts.id, step, server: to, reason });
    const error: ClientError = { status: 0, errcode: null, message: reason };
    if (step === 'make_join') {
      this.s.lastError = error;
      this.tryNextCandidate();
    } else {
      this.nextSendJoinDestination(error);
    }
  }

  /** A send_join short retry comes due: send it again unless the joining server went down meanwhile. */
  retryDue(): void {
    if (this.s.phase !== 'retry-wait') return;
    if (this.lookups.joinerDown) {
      this.finish('failed', this.wentDown());
      return;
    }
    this.send('send_join', this.s.sendJoinDestinations[this.s.sendJoinIndex] as string);
  }

  /** An answer (or, with `answer` null, the timeout and `noAnswer`) for the request in flight. */
  settle(request: number, step: JoinStep, server: string, answer: ResidentAnswer | null, noAnswer: string | null): void {
    if (this.s.phase !== step) return;
    const { lookups } = this;
    const join = this.s.facts;
    const now = lookups.now;
    const status = answer ? answer.status : 0;
    const errcode = answer ? answer.errcode : null;
    const check = answer ? answer.check : undefined;
    let reason = answer ? answer.reason : (noAnswer as string);
    if (lookups.joinerDown) {
      this.settleAttempt(now, status, errcode, reason, check, 'abort');
      this.finish('failed', this.wentDown());
      return;
    }
    const settings = join.profile.settings;
    // Short retries on the same server (Synapse send_join: no answer, 5xx, 429; §3.4).
    // The backoff limiter wraps the whole request, so only the last try counts for it.
    if (step === 'send_join' && isTransportFailure(answer) && this.s.sendJoinRetries < settings.sendJoinRetries) {
      const delayMs = this.retryDelay(settings.sendJoinRetryBaseMs, settings.sendJoinRetryMaxMs);
      this.s.sendJoinRetries++;
      reason += `; retrying in ${delayMs} ms`;
      this.settleAttempt(now, status, errcode, reason, check, 'retry');
      this.trace({ t: now, type: 'response', join: join.id, step, server, status, errcode: errcode ?? '', decision: 'retry', request });
      this.s.phase = 'retry-wait';
      this.emit({ type: 'set timer', delayMs });
      return;
    }
    if (step === 'make_join' && answer && (answer.errcode === M_INCOMPATIBLE_ROOM_VERSION || answer.errcode === M_UNSUPPORTED_ROOM_VERSION)) {
      this.s.incompatibleAnswers++;
    }
    const decision = step === 'make_join' ? join.profile.classifyMakeJoin(answer) : join.profile.classifySendJoin(answer, this.s.rules as RoomVersionRules);
    this.settleAttempt(now, status, errcode, reason, check, decision);
    if (settings.backoff) {
      let record: EffectOf<'backoff clear'> | EffectOf<'backoff failure'> | null = null;
      if (answer && answer.status >= 200 && answer.status < 300) record = this.record(RECORDS.backoffClear, BACKOFF_CLEAR_BIT);
      else if (isBackoffFailure(answer)) record = this.record(RECORDS.backoffFailure, BACKOFF_FAILURE_BIT);
      if (record !== null) {
        record.to = server;
        this.emit(record);
      }
    }
    this.trace({ t: now, type: 'response', join: join.id, step, server, status, errcode: errcode ?? '', decision, request });
    // No answer is kept as a status-0 error, so "the last error" really is the last one.
    const error: ClientError = answer ? { status: answer.status, errcode: answer.errcode, message: answer.reason } : { status: 0, errcode: null, message: reason };
    if (step === 'make_join') this.afterMakeJoin(server, answer, decision, error);
    else this.afterSendJoin(server, answer, decision, error);
  }

  /** Synapse's short-retry delay: base·2^k capped, times U(0.8, 1.4) from the joiner's own stream. */
  private retryDelay(baseMs: number, maxMs: number): number {
    const jitter = 0.8 + 0.6 * this.lookups.retryJitter();
    return Math.round(Math.min(maxMs, baseMs * 2 ** this.s.sendJoinRetries) * jitter);
  }

  private afterMakeJoin(server: string, answer: ResidentAnswer | null, decision: AttemptDecision, error: ClientError): void {
    if (decision === 'success' && answer) {
      this.s.authorisingUser = answer.authorisingUser ?? null;
      this.s.rules = roomVersion(answer.roomVersion ?? '1');
      this.s.templateState = answer.templateState ?? null;
      this.s.sendJoinDestinations = this.s.facts.profile.sendJoinDestinations(server, this.s.authorisingUser, this.s.candidates, this.s.rules);
      this.s.sendJoinIndex = 0;
      this.s.sendJoinRetries = 0;
      if (!this.s.holdingEvents && !this.lookups.isJoinerResident()) {
        this.emit(HOLD_EVENTS);
        this.s.holdingEvents = true;
      }
      this.send('send_join', this.s.sendJoinDestinations[0] as string);
    } else if (decision === 'next') {
      this.s.lastError = error;
      this.tryNextCandidate();
    } else {
      this.giveUp(error);
    }
  }

  private afterSendJoin(server: string, answer: ResidentAnswer | null, decision: AttemptDecision, error: ClientError): void {
    if (decision === 'success' && answer) {
      // A soft-failed join (§1.4 Synapse send_join step 9) is a success to the joining
      // server: it cannot tell, and holds the room with its own join in it.
      if (answer.state) this.emit({ type: 'take state', state: answer.state, ownJoin: answer.ownJoin ?? null });
      this.emit(CLEAR_INVITE);
      const softFailedAt = answer.softFailed ? [server] : null;
      this.finish('joined', { status: 200, errcode: null, message: answer.reason }, { resident: server, authorisedBy: this.s.authorisingUser, softFailedAt });
    } else if (decision === 'next') {
      this.nextSendJoinDestination(error);
    } else {
      this.giveUp(error);
    }
  }

  /** send_join moves on: the next destination, or, when none is left, what the profile does then. */
  private nextSendJoinDestination(error: ClientError): void {
    const profile = this.s.facts.profile;
    this.s.lastError = error;
    this.s.sendJoinIndex++;
    this.s.sendJoinRetries = 0;
    const next = this.s.sendJoinDestinations[this.s.sendJoinIndex];
    if (next !== undefined) this.send('send_join', next);
    // Dendrite: back to make_join with the next candidate.
    else if (profile.afterSendJoinExhausted === 'next-candidate') this.tryNextCandidate();
    else this.giveUp(profile.sendJoinExhausted(this.s.lastError));
  }

  /**
   * The remote join failed with `error`: the client gets it, unless the profile
   * tries the whole join again (tuwunel, up to `joinAttempts` times, §3.8): then
   * make_join starts over at the first candidate, with fresh counts.
   */
  private giveUp(error: ClientError): void {
    if (this.s.joinAttempt >= this.s.facts.profile.settings.joinAttempts) {
      this.finish('failed', error);
      return;
    }
    this.s.joinAttempt++;
    this.s.lastError = error;
    this.s.candidateIndex = -1;
    this.s.makeJoinAttempts = 0;
    this.s.incompatibleAnswers = 0;
    this.s.sendJoinDestinations = NO_SERVERS;
    this.s.sendJoinIndex = -1;
    this.s.sendJoinRetries = 0;
    this.s.authorisingUser = null;
    this.s.rules = null;
    this.s.templateState = null;
    this.tryNextCandidate();
  }

  /** The run stopped at `at` (`until`): a join under way is abandoned, one not started never starts. */
  stop(at: number): void {
    if (this.s.phase === 'new') {
      const message = `never started: the run stopped at ${at} ms (until), before ${this.s.facts.at} ms`;
      this.finish('failed', { status: 0, errcode: null, message }, { local: true, at: Math.max(at, this.lookups.now), finishedAt: this.s.facts.at });
      return;
    }
    this.emit({ type: 'mark unanswered', reason: `no answer yet when the run stopped at ${at} ms (until)` });
    this.finish('failed', { status: 0, errcode: null, message: `still under way when the run stopped at ${at} ms (until)` }, { at });
  }

  private wentDown(): ClientError {
    return { status: 0, errcode: null, message: `${this.s.facts.joiner} went down during the join` };
  }

  private settleAttempt(answeredAt: number, status: number, errcode: string | null, reason: string, check: string | undefined, decision: AttemptDecision): void {
    const record = this.record(RECORDS.settle, SETTLE_BIT);
    record.answeredAt = answeredAt;
    record.status = status;
    record.errcode = errcode;
    record.reason = reason;
    record.check = check;
    record.decision = decision;
    this.emit(record);
  }

  /**
   * Ends the join with `outcome` and what the client is told. A failed join has
   * no resident and no authoriser; `at` is when (default now), `finishedAt` what
   * the report says (default `at`).
   */
  private finish(
    outcome: 'joined' | 'failed',
    result: ClientError,
    how: { local?: boolean; resident?: string; authorisedBy?: string | null; at?: number; finishedAt?: number; softFailedAt?: readonly string[] | null } = {},
  ): void {
    if (this.s.holdingEvents) {
      this.s.holdingEvents = false;
      this.emit(RELEASE_EVENTS);
    }
    this.s.phase = 'done';
    // Nothing reads the lists once the join is over, and a big run keeps a million finished joins until its report.
    this.s.candidates = NO_SERVERS;
    this.s.sendJoinDestinations = NO_SERVERS;
    const at = how.at ?? this.lookups.now;
    const resident = outcome === 'joined' ? (how.resident ?? null) : null;
    const record = this.record(RECORDS.finish, FINISH_BIT);
    record.outcome = outcome;
    record.status = result.status;
    record.errcode = result.errcode;
    record.message = result.message;
    record.local = how.local ?? false;
    record.resident = resident;
    record.authorisedBy = outcome === 'joined' ? (how.authorisedBy ?? null) : null;
    record.finishedAt = how.finishedAt ?? at;
    record.softFailedAt = how.softFailedAt ?? null;
    this.emit(record);
    this.trace({ t: at, type: 'join-end', join: this.s.facts.id, outcome, status: result.status, errcode: result.errcode ?? '', resident: resident ?? '' });
  }

  private trace(record: JoinerTraceEvent): void {
    this.emit(record);
  }
}

// Effects without fields: one frozen record each, shared by every step (pure ones too).
const PLAN: JoinEffect = Object.freeze({ type: 'plan' });
const HOLD_EVENTS: JoinEffect = Object.freeze({ type: 'hold events' });
const RELEASE_EVENTS: JoinEffect = Object.freeze({ type: 'release events' });
const CLEAR_INVITE: JoinEffect = Object.freeze({ type: 'clear invite' });

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type EffectOf<T extends JoinEffect['type']> = Writable<Extract<JoinEffect, { type: T }>>;

/** The records reused by in-place steps that may (stepInPlace's reuseRecords), one per kind with fields. */
const RECORDS = {
  send: { type: 'send', step: 'make_join', to: '', timeoutMs: 0 } as EffectOf<'send'>,
  settle: { type: 'settle attempt', answeredAt: 0, status: 0, errcode: null, reason: '', check: undefined, decision: 'next' } as EffectOf<'settle attempt'>,
  backoffClear: { type: 'backoff clear', to: '' } as EffectOf<'backoff clear'>,
  backoffFailure: { type: 'backoff failure', to: '' } as EffectOf<'backoff failure'>,
  finish: {
    type: 'finish',
    outcome: 'failed',
    status: 0,
    errcode: null,
    message: '',
    local: false,
    resident: null,
    authorisedBy: null,
    finishedAt: 0,
    softFailedAt: null,
  } as EffectOf<'finish'>,
};
const SEND_BIT = 1;
const SETTLE_BIT = 2;
const BACKOFF_CLEAR_BIT = 4;
const BACKOFF_FAILURE_BIT = 8;
const FINISH_BIT = 16;

const UNUSED_STATE = initialJoinState({ id: '', user: '', room: '', joiner: '', at: 0, profile: undefined as unknown as JoinFacts['profile'] });
const UNUSED_LOOKUPS: JoinerLookups = { now: 0, joinerDown: false, isJoinerResident: () => false, backoffRemaining: () => 0, retryJitter: () => 0 };
const UNUSED_EFFECTS: JoinEffect[] = [];
const TURN = new Turn();

