/**
 * The shipped failover example, simulated once per test file through the same
 * path the browser takes (loadInput), for the view-model tests.
 */
import { readFileSync } from 'node:fs';
import { loadInput } from '../../viz/model/load-input';
import type { Dataset } from '../../viz/model/dataset';

export const SEED_FAILOVER_TEXT = readFileSync(new URL('../../scenarios/examples/seed-failover.yaml', import.meta.url), 'utf8');

export function seedFailover(): Dataset {
  const outcome = loadInput(SEED_FAILOVER_TEXT, 'seed-failover.yaml', 'examples/seed-failover');
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.dataset;
}

export function joinIndex(dataset: Dataset, id: string): number {
  const index = dataset.report.joins.findIndex((j) => j.id === id);
  if (index < 0) throw new Error(`no join ${id}`);
  return index;
}
