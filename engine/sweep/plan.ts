/**
 * Planning a sweep: the grid of points (the first `--vary` slowest), each point's
 * variant of the scenario validated as a scenario file is, and the deterministic run
 * list (run i = point ⌊i / R⌋, replication i mod R, seed `"<S>/<p>/<r>"`). Nothing
 * runs until every variant is valid; every problem comes back at once, as the
 * `file:path: message` problems of scenario files.
 */
import { checkGenerate } from '../generate/index';
import { validateScenario, type LoadResult } from '../scenario/load';
import { formatProblem, type Problem } from '../scenario/problems';
import { applyPointValues } from './apply-values';
import type { RunSpec, Shard, SweepPoint, VaryAxis } from './types';
import { parseVaryPath } from './vary';

export interface SweepRequest {
  /** The parsed scenario file (the scenario as written, before validation). */
  base: unknown;
  /** The file's name, for problems and for RunSpec.fileName. */
  fileName: string;
  vary: VaryAxis[];
  /** Runs per point (at least 1). */
  replications: number;
  /** `--seed`; the scenario's own seed when left out. */
  seed?: string;
}

/** A point with its variant of the scenario (validated). */
export interface PlannedPoint extends SweepPoint {
  scenario: unknown;
}

export interface SweepPlan {
  /** The scenario's name. */
  scenario: string;
  fileName: string;
  /** S of the seeds `"<S>/<p>/<r>"`. */
  seed: string;
  vary: VaryAxis[];
  replications: number;
  base: unknown;
  points: PlannedPoint[];
}

export type PlanResult = { ok: true; plan: SweepPlan } | { ok: false; problems: Problem[] };

/** Runs in one sweep at most: past this the run list alone is a burden, and it is surely a typo. */
export const MAX_SWEEP_RUNS = 1_000_000;

/** Every point of the grid of `vary`, the first axis slowest; one point with no values when nothing varies. */
export function gridPoints(vary: readonly VaryAxis[]): SweepPoint[] {
  let points: Array<Record<string, SweepPoint['values'][string]>> = [{}];
  for (const axis of vary) {
    const next: typeof points = [];
    for (const values of points) for (const value of axis.values) next.push({ ...values, [axis.path]: value });
    points = next;
  }
  return points.map((values, index) => ({ index, values }));
}

/** The seed of replication `r` of point `p` in a sweep seeded `seed`. */
export function runSeed(seed: string, pointIndex: number, replication: number): string {
  return `${seed}/${pointIndex}/${replication}`;
}

/** Validates the base scenario, the axes and every point's variant; the plan, or every problem. */
export function planSweep(request: SweepRequest): PlanResult {
  const { fileName } = request;
  const base = validateScenario(request.base, fileName);
  if (!base.ok) return { ok: false, problems: base.problems };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (list: readonly Problem[]): void => {
    // Each point repeats the problems the others share (a bad path is bad everywhere): one line each.
    for (const problem of list) {
      const line = formatProblem(problem);
      if (!seen.has(line)) {
        seen.add(line);
        problems.push(problem);
      }
    }
  };
  const paths = new Set<string>();
  for (const axis of request.vary) {
    const parsed = parseVaryPath(axis.path);
    if (!parsed.ok) add([{ file: fileName, path: '', message: `--vary ${parsed.message}` }]);
    if (paths.has(axis.path)) add([{ file: fileName, path: '', message: `--vary ${axis.path}: varied twice; give all its values in one --vary` }]);
    if (axis.values.length === 0) add([{ file: fileName, path: '', message: `--vary ${axis.path}: no values` }]);
    // Every run's seed is "<S>/<p>/<r>", so a varied scenario seed would change nothing.
    if (parsed.ok && parsed.value.length === 1 && parsed.value[0] === 'seed') {
      add([{ file: fileName, path: 'seed', message: `--vary seed: each run's seed is "<S>/<point>/<replication>", so the scenario's seed changes nothing; give --seed S, or vary generate.seed to change the federation` }]);
    }
    paths.add(axis.path);
  }
  if (problems.length > 0) return { ok: false, problems };
  const points: PlannedPoint[] = [];
  for (const point of gridPoints(request.vary)) {
    const variant = applyPointValues(request.base, point.values, fileName);
    if (!variant.ok) add(variant.problems);
    // Checked even when a path failed, with the other values set, so one attempt shows every problem.
    const checked = variant.scenario === undefined ? null : validateVariant(variant.scenario, fileName);
    if (checked !== null && !checked.ok) add(checked.problems);
    else if (variant.ok) points.push({ ...point, scenario: variant.scenario });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      scenario: base.scenario.name,
      fileName,
      seed: request.seed ?? base.scenario.seed,
      vary: request.vary,
      replications: request.replications,
      base: request.base,
      points,
    },
  };
}

/** A variant validated as `fedsim run` validates a file holding it (its `generate:` block included); not expanded. */
export function validateVariant(scenario: unknown, fileName: string): LoadResult {
  const loaded = validateScenario(scenario, fileName);
  if (!loaded.ok || loaded.scenario.generate === undefined) return loaded;
  const generate = checkGenerate(loaded.scenario, fileName);
  return generate.ok ? loaded : { ok: false, problems: generate.problems };
}

/** How many runs the whole sweep has. */
export function runCount(plan: Pick<SweepPlan, 'points' | 'replications'>): number {
  return plan.points.length * plan.replications;
}

/** Whether run `i` of the run list belongs to `shard` (runs are dealt out in turn, so every shard gets a share of every point). */
export function inShard(runIndex: number, shard: Shard | null): boolean {
  return shard === null || runIndex % shard.n === shard.k - 1;
}

/** The run list in order (point by point, replications within), cut to `shard` when given. */
export function sweepRuns(plan: SweepPlan, shard: Shard | null = null): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const point of plan.points) {
    for (let r = 0; r < plan.replications; r++) {
      if (!inShard(point.index * plan.replications + r, shard)) continue;
      runs.push({ pointIndex: point.index, replication: r, seed: runSeed(plan.seed, point.index, r), scenario: point.scenario, fileName: plan.fileName });
    }
  }
  return runs;
}
