/**
 * One run of a sweep from its serialisable spec: validate the variant (it was valid
 * when the sweep was planned, so a problem here is a broken invariant), simulate it
 * with the run's seed (which also seeds a `generate:` block that has no seed of its
 * own), and keep only the metrics. The same function runs in process, in worker
 * threads and in queue workers, so every executor gives the same bits.
 */
import { formatProblem } from '../scenario/problems';
import { invariant } from '../kernel/invariant';
import { runScenario } from '../run/run-scenario';
import { validateVariant } from './plan';
import { runMetricsOf } from './run-metrics';
import type { RunResult, RunSpec } from './types';

/** Runs `spec` and returns its metrics (never its report). */
export function runSweepSpec(spec: RunSpec): RunResult {
  const loaded = validateVariant(spec.scenario, spec.fileName);
  invariant(loaded.ok, () => `sweep run ${spec.pointIndex}/${spec.replication}: the variant does not validate: ${loaded.ok ? '' : loaded.problems.map(formatProblem).join('; ')}`);
  const { report } = runScenario(loaded.scenario, { seed: spec.seed });
  return { pointIndex: spec.pointIndex, replication: spec.replication, seed: spec.seed, metrics: runMetricsOf(report) };
}
