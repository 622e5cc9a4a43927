/**
 * Drives the joiner machine (engine/federation/join-machine) by hand for the
 * joiner tables: no world, no network, no clock but the one the test moves.
 * Lookups are plain fields a row sets (time, down, resident, backoff, jitter).
 */
import { initialJoinState, step, stepInPlace, type DraftJoinState, type JoinEffect, type JoinerLookups, type JoinInput, type JoinState } from '../../engine/federation/join-machine/index';
import type { JoinPlan, JoinerProfile } from '../../engine/federation/profile';
import type { ResidentAnswer, JoinStep } from '../../engine/federation/messages';
import { TARGET } from '../fidelity/fixtures';

export class HandLookups implements JoinerLookups {
  now = 0;
  joinerDown = false;
  resident = false;
  /** ms of backoff left per destination. */
  readonly backoff = new Map<string, number>();
  jitter = 0.5;

  isJoinerResident(): boolean {
    return this.resident;
  }

  backoffRemaining(destination: string): number {
    return this.backoff.get(destination) ?? 0;
  }

  retryJitter(): number {
    return this.jitter;
  }
}

/** One join of `@u:hs2` into TARGET, stepped input by input. */
export class JoinDriver {
  state: JoinState;
  readonly lookups = new HandLookups();
  /** The effects of the last step. */
  effects: readonly JoinEffect[] = [];
  private requests = 0;

  constructor(profile: JoinerProfile) {
    this.state = initialJoinState({ id: 'j1', user: '@u:hs2', room: TARGET, joiner: 'hs2', at: 0, profile });
  }

  feed(input: JoinInput): readonly JoinEffect[] {
    const before = this.state;
    const { state, effects } = step(this.state, input, this.lookups);
    // The state given to step is never changed in place.
    if (state === before && effects.length > 0) throw new Error('step changed nothing but asked for effects');
    sameAsInPlace(before, input, this.lookups, state, effects);
    this.state = state;
    this.effects = effects;
    return effects;
  }

  /** started, then the plan: a remote join through `candidates`. */
  startRemote(candidates: string[]): readonly JoinEffect[] {
    this.feed({ type: 'started' });
    const plan: JoinPlan = { type: 'remote', candidates, reason: 'test' };
    return this.feed({ type: 'planned', plan });
  }

  /** The answer to the request in flight (null: its timeout). */
  answer(reply: ResidentAnswer | null): readonly JoinEffect[] {
    const sent = this.inFlight();
    const request = ++this.requests;
    if (reply === null) return this.feed({ type: 'timed out', request, step: sent.step, server: sent.to, timeoutMs: sent.timeoutMs, cause: null });
    return this.feed({ type: 'answer arrived', request, step: sent.step, server: sent.to, answer: reply });
  }

  /** The last `send` effect so far (the request in flight). */
  inFlight(): { step: JoinStep; to: string; timeoutMs: number } {
    const send = [...this.effects].reverse().find((e) => e.type === 'send');
    if (send === undefined || send.type !== 'send') throw new Error(`no request in flight after ${JSON.stringify(this.effects.map((e) => e.type))}`);
    return send;
  }
}

/** The effects without trace records, each as a short line: `send make_join hs3`, `finish failed 403 M_FORBIDDEN`. */
export function summary(effects: readonly JoinEffect[]): string[] {
  return effects.flatMap((e): string[] => {
    switch (e.type) {
      case 'join-start':
      case 'response':
      case 'skip':
      case 'join-end':
        return [];
      case 'send':
        return [`send ${e.step} ${e.to}`];
      case 'settle attempt':
        return [`settle ${e.decision}`];
      case 'finish':
        return [`finish ${e.outcome} ${e.status} ${e.errcode ?? '-'}`];
      case 'set timer':
        return [`timer ${e.delayMs}`];
      case 'backoff failure':
      case 'backoff clear':
        return [`${e.type} ${e.to}`];
      case 'add attempt':
        return [`skipped ${e.attempt.step} ${e.attempt.server}`];
      case 'join locally':
        return [`join locally via ${e.authorisingUser ?? '-'}`];
      default:
        return [e.type];
    }
  });
}

/** What the run's list holds before a step: entries left from earlier steps, which stepInPlace must write over or leave past its count. */
const LEFT_OVER: JoinEffect = Object.freeze({ type: 'clear invite' });

/**
 * The run steps with stepInPlace, reusing the machine's effect records and one
 * list: every step a table makes is made that way too, and must give the same
 * next state and the same effects, field by field, as the pure step.
 */
function sameAsInPlace(before: JoinState, input: JoinInput, lookups: JoinerLookups, state: JoinState, effects: readonly JoinEffect[]): void {
  const draft: DraftJoinState = { ...before };
  const list: JoinEffect[] = [LEFT_OVER, LEFT_OVER, LEFT_OVER, LEFT_OVER, LEFT_OVER, LEFT_OVER, LEFT_OVER, LEFT_OVER];
  const count = stepInPlace(draft, input, lookups, list, true);
  // Field by field: the same value, or (lists and errors each step makes anew) the same JSON.
  const sameValue = (x: unknown, y: unknown): boolean => Object.is(x, y) || (typeof x === 'object' && x !== null && y !== null && JSON.stringify(x) === JSON.stringify(y));
  const shallowEqual = (a: object, b: object): boolean => {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  };
  if (count !== effects.length) throw new Error(`stepInPlace wrote ${count} effects, step ${effects.length}`);
  effects.forEach((effect, i) => {
    if (!shallowEqual(effect, list[i] as JoinEffect)) throw new Error(`effect ${i} differs in place: ${JSON.stringify(list[i])} vs ${JSON.stringify(effect)}`);
  });
  if (state.phase === 'done' && before.phase === 'done') return;
  if (!shallowEqual(state, draft)) throw new Error('stepInPlace reached another state than step');
}
