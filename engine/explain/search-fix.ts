/**
 * The counterfactual search: apply each candidate change (fix-candidates.ts) to
 * the scenario, simulate again with the same seed, and keep the ones that let the
 * join in. The best is the smallest that breaks no join that used to succeed;
 * ties go to the candidate ranked first.
 *
 * Each candidate is a whole re-simulation, so on a big scenario the search is
 * the cost of explain: a budget of simulated events, shared by every join one
 * command explains, bounds it. A join is searched whole or not at all (never on
 * a part of its candidates), and the budget counts events, not seconds, so the
 * same command explains the same joins the same way on any machine.
 */
import { runScenario } from '../run/run-scenario';
import type { RunReport } from '../report/types';
import type { JoinAction, Scenario } from '../scenario/types';
import { applyFix } from './apply-fix';
import { proposeFixes } from './fix-candidates';
import type { SuggestedFix } from '../report/explanation';

/** A bound on simulations per explained join, so explain stays cheap on big scenarios. */
export const MAX_FIX_SIMULATIONS = 40;
const MAX_ALTERNATIVES = 3;

export interface FixSearchResult {
  /** False when the candidates' re-simulations would not fit in what was left of the budget. */
  searched: boolean;
  /** Candidate changes (each a re-simulation), tried or, when not searched, that would have been. */
  candidates: number;
  fix: SuggestedFix | null;
  alternatives: SuggestedFix[];
}

/** Simulated events the fix searches of one command may still spend (shared and decreased by each search). */
export interface FixBudget {
  eventsLeft: number;
}

export interface FixSearchOptions {
  seed?: string;
  /** Shared with the other searches of the command; default: no bound. */
  budget?: FixBudget;
  /** Progress of each re-simulation, with the candidate's number (from 0) and how many there are. */
  onProgress?: (candidate: number, candidates: number, events: number, simTime: number) => void;
}

export function searchFix(scenario: Scenario, action: JoinAction, baseline: RunReport, options: FixSearchOptions = {}): FixSearchResult {
  const { seed, budget = { eventsLeft: Infinity }, onProgress } = options;
  const candidates = proposeFixes(scenario, action).slice(0, MAX_FIX_SIMULATIONS);
  // A variant differs from the scenario by one change, so it runs about as many events.
  if (candidates.length * baseline.events > budget.eventsLeft) return { searched: false, candidates: candidates.length, fix: null, alternatives: [] };
  const succeededBefore = new Set(baseline.joins.filter((j) => j.outcome === 'joined').map((j) => j.id));
  const working: { fix: SuggestedFix; breaks: number; rank: number }[] = [];
  candidates.forEach((candidate, rank) => {
    const variant = applyFix(scenario, candidate.fix);
    const progress = onProgress ? (events: number, simTime: number) => onProgress(rank, candidates.length, events, simTime) : undefined;
    const { report } = runScenario(variant, { ...(seed !== undefined ? { seed } : {}), ...(progress ? { onProgress: progress } : {}), lint: [] });
    budget.eventsLeft -= report.events;
    const join = report.joins.find((j) => j.id === action.id);
    if (join?.outcome !== 'joined') return;
    const breaks = report.joins.filter((j) => j.outcome === 'failed' && succeededBefore.has(j.id)).length;
    working.push({ fix: { fix: candidate.fix, description: candidate.description, by: candidate.by, cost: candidate.cost }, breaks, rank });
  });
  working.sort((a, b) => a.breaks - b.breaks || a.fix.by.length - b.fix.by.length || a.fix.cost - b.fix.cost || a.rank - b.rank);
  return { searched: true, candidates: candidates.length, fix: working[0]?.fix ?? null, alternatives: working.slice(1, 1 + MAX_ALTERNATIVES).map((w) => w.fix) };
}
