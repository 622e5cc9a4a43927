/**
 * "What if this server is down?": the scenario re-run with the server crashed
 * from t = 0 (the engine's withServerDown, as `fedsim resilience --verify` does),
 * and the joins whose outcome, answer or authoriser differ from the run shown.
 */
import { runScenario, withServerDown, type JoinReport, type RunReport, type Scenario } from '../../engine/index';

/** Above this many joins the re-run is left to the CLI: it would hold the page for seconds. */
export const MAX_WHAT_IF_JOINS = 5000;

export interface JoinChange {
  id: string;
  before: string;
  after: string;
  /** The join succeeded before and fails now. */
  lost: boolean;
}

/** "joined via hs1 (@admin:hs1)" or "failed 502 M_UNKNOWN". */
export function outcomeText(join: JoinReport): string {
  if (join.outcome === 'joined') return `joined${join.resident ? ` via ${join.resident}` : ''}${join.authorisedBy ? ` (${join.authorisedBy})` : ''}`;
  return `failed ${join.status}${join.errcode ? ` ${join.errcode}` : ''}`;
}

/** Joins whose outcome text differs between the two reports, in the first report's order. */
export function joinChanges(plain: RunReport, down: RunReport): JoinChange[] {
  const after = new Map(down.joins.map((j) => [j.id, j]));
  const changes: JoinChange[] = [];
  for (const join of plain.joins) {
    const other = after.get(join.id);
    if (!other) continue;
    const before = outcomeText(join);
    const now = outcomeText(other);
    if (before !== now) changes.push({ id: join.id, before, after: now, lost: join.outcome === 'joined' && other.outcome === 'failed' });
  }
  return changes;
}

/** The run report of `scenario` with `server` crashed from t = 0 (no lint: only the joins are compared). */
export function runWithServerDown(scenario: Scenario, server: string): RunReport {
  return runScenario(withServerDown(scenario, server), { lint: [] }).report;
}
