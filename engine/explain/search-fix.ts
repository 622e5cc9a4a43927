/**
 * The counterfactual search: apply each candidate change (fix-candidates.ts) to
 * the scenario, simulate again with the same seed, and keep the ones that let the
 * join in. The best is the smallest that breaks no join that used to succeed;
 * ties go to the candidate ranked first.
 */
import { runScenario } from '../run/run-scenario';
import type { RunReport } from '../report/types';
import type { JoinAction, Scenario } from '../scenario/types';
import { applyFix } from './apply-fix';
import { proposeFixes } from './fix-candidates';
import type { SuggestedFix } from './types';

/** A bound on simulations per explained join, so explain stays cheap on big scenarios. */
export const MAX_FIX_SIMULATIONS = 40;
const MAX_ALTERNATIVES = 3;

export interface FixSearchResult {
  fix: SuggestedFix | null;
  alternatives: SuggestedFix[];
}

export function searchFix(scenario: Scenario, action: JoinAction, baseline: RunReport, seed?: string): FixSearchResult {
  const succeededBefore = new Set(baseline.joins.filter((j) => j.outcome === 'joined').map((j) => j.id));
  const working: { fix: SuggestedFix; breaks: number; rank: number }[] = [];
  proposeFixes(scenario, action)
    .slice(0, MAX_FIX_SIMULATIONS)
    .forEach((candidate, rank) => {
      const variant = applyFix(scenario, candidate.fix);
      const { report } = runScenario(variant, { ...(seed !== undefined ? { seed } : {}), lint: [] });
      const join = report.joins.find((j) => j.id === action.id);
      if (join?.outcome !== 'joined') return;
      const breaks = report.joins.filter((j) => j.outcome === 'failed' && succeededBefore.has(j.id)).length;
      working.push({ fix: { fix: candidate.fix, description: candidate.description, cost: candidate.cost }, breaks, rank });
    });
  working.sort((a, b) => a.breaks - b.breaks || a.fix.cost - b.fix.cost || a.rank - b.rank);
  return { fix: working[0]?.fix ?? null, alternatives: working.slice(1, 1 + MAX_ALTERNATIVES).map((w) => w.fix) };
}
