/**
 * Explaining joins: one observed run (observe.ts), then for each join asked about
 * its plan, every attempt with what the answering server knew and what would have
 * changed its answer, the server and check that settled it, and, for a failed
 * join, the smallest scenario change found that lets the user in (search-fix.ts).
 */
import { serverOf } from '../matrix/ids';
import type { JoinReport, RunReport } from '../report/types';
import type { JoinAction, Scenario } from '../scenario/types';
import { describeDecision, whatWouldChange, type StoryContext } from './attempt-story';
import { observeRun, type ObservedRun } from './observe';
import { searchFix, type FixBudget } from './search-fix';
import { runScenario } from '../run/run-scenario';
import type { AttemptExplanation, JoinExplanation } from '../report/explanation';

export interface ExplainOptions {
  /** Overrides the scenario's seed, as `--seed` does for run. */
  seed?: string;
  /** The joins to explain, by id; default: every failed join. */
  joins?: readonly string[];
  /** Search for a fix (re-simulates the scenario per candidate); default true. */
  fixes?: boolean;
  /** Without `joins`: explain at most this many failed joins, the first ones (default: all). */
  maxJoins?: number;
  /**
   * Simulated events the fix searches may spend in all (search-fix.ts); a join
   * whose search would not fit is explained without one. Default: no bound.
   */
  fixEventBudget?: number;
  /**
   * Progress of each simulation explain runs (runScenario's onProgress), with
   * what it is for: finding the failed joins, the observed run, or the fix search
   * of one join (`join`, candidate `candidate` of `candidates`).
   */
  onProgress?: (phase: ExplainPhase, events: number, simTime: number) => void;
}

export type ExplainPhase =
  | { kind: 'find-failed' }
  | { kind: 'observe'; joins: number }
  | { kind: 'fix-search'; join: string; candidate: number; candidates: number };

export interface ExplainResult {
  /** The run's report, with `explanation` set on each explained join. */
  report: RunReport;
  explanations: JoinExplanation[];
}

/** Explains joins of `scenario`; unknown join ids are the caller's to check (see joinIds). */
export function explainJoins(scenario: Scenario, options: ExplainOptions = {}): ExplainResult {
  const actions = new Map<string, JoinAction>();
  for (const a of scenario.timeline) if (a.do === 'join') actions.set(a.id, a);
  const wanted = options.joins ? new Set(options.joins) : firstFailed(scenario, options);
  const users = new Set<string>();
  for (const id of wanted) {
    const action = actions.get(id);
    if (action) users.add(action.user);
  }
  const onProgress = options.onProgress;
  const observed = observeRun(scenario, options.seed, { joins: wanted, users }, onProgress ? (events, simTime) => onProgress({ kind: 'observe', joins: wanted.size }, events, simTime) : undefined);
  const budget: FixBudget = { eventsLeft: options.fixEventBudget ?? Infinity };
  const explanations: JoinExplanation[] = [];
  for (const join of observed.report.joins) {
    if (!wanted.has(join.id)) continue;
    const action = actions.get(join.id);
    if (!action) continue;
    const explanation = explainOne(scenario, observed, join, action, options, budget);
    join.explanation = explanation;
    explanations.push(explanation);
  }
  return { report: observed.report, explanations };
}

/**
 * The failed joins to explain when none are named: the first maxJoins, found by a
 * plain run first, so that the observed run watches only them (observing every
 * join of a big run costs more memory than the run).
 */
function firstFailed(scenario: Scenario, options: ExplainOptions): Set<string> {
  const onProgress = options.onProgress;
  const { report } = runScenario(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(onProgress ? { onProgress: (events: number, simTime: number) => onProgress({ kind: 'find-failed' }, events, simTime) } : {}),
    lint: [],
  });
  const limit = options.maxJoins ?? Infinity;
  const ids = new Set<string>();
  for (const join of report.joins) {
    if (ids.size >= limit) break;
    if (join.outcome === 'failed') ids.add(join.id);
  }
  return ids;
}

/** The ids of the scenario's joins, in timeline order. */
export function joinIds(scenario: Scenario): string[] {
  return scenario.timeline.flatMap((a) => (a.do === 'join' ? [a.id] : []));
}

function explainOne(scenario: Scenario, observed: ObservedRun, join: JoinReport, action: JoinAction, options: ExplainOptions, budget: FixBudget): JoinExplanation {
  const joiner = join.joiner ?? serverOf(action.user);
  const ctx: StoryContext = { user: join.user, room: join.room, joiner, clock: observed.clock };
  const known = observed.attempts.get(join.id);
  const attempts: AttemptExplanation[] = join.attempts.map((a) => {
    const knew = known?.get(`${a.server}|${a.step}|${a.at}`) ?? null;
    return {
      server: a.server,
      step: a.step,
      at: a.at,
      status: a.status,
      errcode: a.errcode,
      check: a.check ?? '',
      reason: a.reason,
      knew,
      wouldChange: whatWouldChange(a, knew, ctx),
      decision: a.decision ?? '',
      classified: describeDecision(a.decision, a.step),
    };
  });
  const planned = observed.plans.get(join.id);
  const plan = describePlan(planned?.plan, planned?.candidates, joiner, join, planned?.knew.resident ?? false);
  const last = attempts[attempts.length - 1];
  const decidedBy = last
    ? { server: last.server, step: last.step, check: last.check || (last.status === 0 ? 'no-answer' : 'unknown') }
    : { server: joiner, step: 'plan' as const, check: planned?.plan ?? 'joiner-down' };
  const onProgress = options.onProgress;
  const search =
    join.outcome === 'failed' && options.fixes !== false
      ? searchFix(scenario, action, observed.report, {
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          budget,
          ...(onProgress
            ? { onProgress: (candidate: number, candidates: number, events: number, simTime: number) => onProgress({ kind: 'fix-search', join: join.id, candidate, candidates }, events, simTime) }
            : {}),
        })
      : null;
  const explanation: JoinExplanation = {
    join: join.id,
    user: join.user,
    room: join.room,
    joiner,
    outcome: join.outcome,
    status: join.status,
    errcode: join.errcode,
    plan,
    joinerKnew: planned?.knew ?? null,
    decidedBy,
    attempts,
    summary: '',
    fixSearch: search === null ? 'not-asked' : search.searched ? 'done' : 'over-budget',
    fixCandidates: search?.candidates ?? 0,
    fix: search?.fix ?? null,
    alternatives: search?.alternatives ?? [],
  };
  explanation.summary = summarise(explanation, join);
  return explanation;
}

function describePlan(type: string | undefined, candidates: string | undefined, joiner: string, join: JoinReport, resident: boolean): string {
  switch (type) {
    case 'remote':
      return `${joiner} is not able to decide the join itself; it asks ${(candidates ?? '').split(',').filter(Boolean).join(', ')} in that order`;
    case 'local':
      return `${joiner} is resident in ${join.room} and can let the user in itself (local join)`;
    case 'already-joined':
      return `${join.user} was already joined`;
    case 'fail':
      return resident
        ? `${joiner} is resident in ${join.room} and decided the join itself, without asking another server`
        : `${joiner} is not in ${join.room} and has no other server to ask (its candidate list is empty once its own name is left out)`;
    case undefined:
      return `${joiner} never started the join (${join.message ?? 'it was down'})`;
    default:
      return `${joiner} planned a ${type} join`;
  }
}

function answerText(a: AttemptExplanation): string {
  return a.status === 0 ? 'no answer' : `${a.status}${a.errcode ? ` ${a.errcode}` : ''}`;
}

function summarise(e: JoinExplanation, join: JoinReport): string {
  const parts: string[] = [];
  if (e.outcome === 'joined') {
    parts.push(`${e.user} joined ${e.room}${join.resident ? ` through ${join.resident}` : ''}${join.authorisedBy ? `, authorised by ${join.authorisedBy}` : ''}.`);
  } else {
    const result = `${e.status}${e.errcode ? ` ${e.errcode}` : ''}`;
    if (e.attempts.length === 0) parts.push(`${e.plan}: the client got ${result}${join.message ? ` ("${join.message}")` : ''}.`);
    else {
      for (const a of e.attempts) parts.push(`${a.server} answered ${a.step} with ${answerText(a)}${a.check ? ` at its ${a.check} check` : ''}; ${e.joiner} ${a.classified}.`);
      parts.push(`The client got ${result}.`);
    }
    const deciding = e.attempts[e.attempts.length - 1];
    if (deciding && deciding.status !== 200) parts.push(`It would have gone differently with ${deciding.wouldChange}.`);
  }
  if (e.fix) parts.push(`Smallest change that lets ${e.user} in: ${e.fix.description}.`);
  else if (e.fixSearch === 'over-budget') parts.push(`The ${e.fixCandidates} changes fedsim would try were not simulated: that would pass the fix search's budget.`);
  else if (e.fixSearch === 'done') parts.push('No single change that someone could make (under the room\'s power levels) lets the user in.');
  return parts.join(' ');
}
