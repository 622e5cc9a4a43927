/**
 * Opens one run of a sweep point in the run views: the point's values applied
 * to the sweep's base scenario with the engine's own variant function, then
 * simulated here with the run's seed, exactly as `fedsim run` would after
 * applying the point's values (`fedsim run FILE --seed "<S>/<p>/<r>"`).
 */
import { applyPointValues, formatProblem } from '../../engine/index';
import type { Dataset } from '../model/dataset';
import { applyLoad } from '../src/loaders';
import type { Store } from '../src/store';
import { simulateVariant } from './simulate-run';
import type { SweepPointView, SweepView } from './sweep-file';

/** Datasets opened from a sweep: loading one of them leaves the sweep view open. */
export const runsFromSweeps = new WeakSet<Dataset>();

/**
 * Simulates replication `replication` of `point` and shows it in the run views;
 * resolves to a line saying what was opened and whether its fingerprint is the
 * one sweep.json lists for that run (it is, unless another fedsim made the file).
 */
export function openPointRun(store: Store, sweep: SweepView, point: SweepPointView, replication: number): Promise<string> {
  if (sweep.baseScenario === null || sweep.baseScenario === undefined) {
    store.update({ problems: [`${sweep.fileName}: the report has no baseScenario, so its runs cannot be simulated here; run them with fedsim run`] });
    return Promise.resolve('');
  }
  const seed = point.seeds[replication] ?? `${sweep.seed}/${point.index}/${replication}`;
  store.update({ status: `Simulating point ${point.index}, run ${replication} (seed ${seed})…` });
  return new Promise((resolve) => {
    // Lets the status paint before the engine takes the thread.
    window.setTimeout(() => {
      const variant = applyPointValues(sweep.baseScenario, point.values, sweep.scenarioFileName);
      if (!variant.ok) {
        store.update({ problems: variant.problems.map(formatProblem), status: '' });
        resolve('');
        return;
      }
      const outcome = simulateVariant(variant.scenario, sweep.scenarioFileName, seed);
      if (!outcome.ok) {
        applyLoad(store, outcome);
        resolve('');
        return;
      }
      const { dataset } = outcome;
      dataset.name = `${sweep.scenario} · point ${point.index} run ${replication}`;
      if (sweep.loadedFrom !== undefined) dataset.loadedFrom = sweep.loadedFrom;
      runsFromSweeps.add(dataset);
      applyLoad(store, outcome);
      const listed = point.fingerprints[replication];
      const fingerprint = dataset.report.fingerprint;
      const check = listed === undefined ? 'sweep.json lists no fingerprint for it' : listed === fingerprint ? 'the same as in sweep.json' : `sweep.json has ${listed} (made by another fedsim version?)`;
      resolve(`Showing run ${replication} of point ${point.index} below (seed ${seed}): fingerprint ${fingerprint}, ${check}.`);
    }, 30);
  });
}
