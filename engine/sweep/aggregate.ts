/**
 * The sweep report from its runs' results. Results go into an accumulator in any
 * order: each run into its point/replication slot (a repeat of a run is ignored: it
 * has the same seed, hence the same metrics), its time-to-join counts added to its
 * point's pool (integer counts add exactly, in any order). Summaries are computed
 * only when the report is made, over the slots in replication order, so the report
 * is the same bits whatever order results arrived in and however many workers or
 * shards made them; memory holds a few numbers per run and one pool per point.
 */
import { invariant } from '../kernel/invariant';
import { gridPoints } from './plan';
import { countedPercentiles, summariseValues } from './summarise';
import type { MetricSummary, PerRunMetrics, PointMetrics, PointReport, RunResult, Shard, SweepReport, SweepTiming, VaryAxis } from './types';

/** What a sweep report says about the sweep itself, apart from its points. */
export interface SweepHeader {
  /** fedsim's version. */
  fedsim: string;
  scenario: string;
  scenarioHash: string;
  fileName: string;
  seed: string;
  vary: VaryAxis[];
  replications: number;
  baseScenario: unknown;
}

export interface ReportOptions {
  shard: Shard | null;
  timing: SweepTiming;
}

interface StoredRun {
  seed: string;
  metrics: PerRunMetrics;
}

export interface SweepAccumulator {
  /** Takes one run's result, in any order; false when that run was already taken (the repeat is ignored). */
  add(result: RunResult): boolean;
  /** Takes a run already split into its metrics and the point's pooled counts (merging partial reports). */
  addRun(pointIndex: number, replication: number, seed: string, metrics: PerRunMetrics): boolean;
  /** Adds time-to-join counts to a point's pool (merging partial reports). */
  addTimeCounts(pointIndex: number, counts: Record<string, number>): void;
  /** Distinct runs taken so far. */
  readonly runs: number;
  /** The report of what was taken; a partial (shard) report keeps each point's pooled counts for merging. */
  report(options: ReportOptions): SweepReport;
}

export function createSweepAccumulator(header: SweepHeader): SweepAccumulator {
  const grid = gridPoints(header.vary);
  const slots: Array<Array<StoredRun | undefined>> = grid.map(() => new Array<StoredRun | undefined>(header.replications));
  const pools: Array<Map<number, number>> = grid.map(() => new Map());
  let runs = 0;

  const addTimeCounts = (pointIndex: number, counts: Record<string, number>): void => {
    const pool = pools[pointIndex] as Map<number, number>;
    for (const [value, count] of Object.entries(counts)) pool.set(Number(value), (pool.get(Number(value)) ?? 0) + count);
  };
  const addRun = (pointIndex: number, replication: number, seed: string, metrics: PerRunMetrics): boolean => {
    const point = slots[pointIndex];
    invariant(point !== undefined && Number.isInteger(replication) && replication >= 0 && replication < header.replications, () => `a run result for point ${pointIndex}, replication ${replication} is outside the sweep`);
    if (point[replication] !== undefined) return false;
    point[replication] = { seed, metrics };
    runs++;
    return true;
  };

  return {
    add(result) {
      const { timeToJoinCounts, ...metrics } = result.metrics;
      if (!addRun(result.pointIndex, result.replication, result.seed, metrics)) return false;
      addTimeCounts(result.pointIndex, timeToJoinCounts);
      return true;
    },
    addRun,
    addTimeCounts,
    get runs() {
      return runs;
    },
    report(options) {
      const points: PointReport[] = grid.map((point, p) => {
        const taken: Array<{ replication: number; run: StoredRun }> = [];
        (slots[p] as Array<StoredRun | undefined>).forEach((run, replication) => {
          if (run !== undefined) taken.push({ replication, run });
        });
        const pool = pools[p] as Map<number, number>;
        return {
          index: point.index,
          values: point.values,
          runs: taken.length,
          fingerprints: taken.map((t) => t.run.metrics.fingerprint),
          metrics: taken.length === 0 ? {} : summarisePoint(taken.map((t) => t.run.metrics), pool),
          perRun: taken.map((t) => ({ replication: t.replication, seed: t.run.seed, metrics: t.run.metrics })),
          ...(options.shard !== null ? { timeToJoinCounts: countsRecord(pool) } : {}),
        };
      });
      return {
        fedsim: header.fedsim,
        sweepFormat: 1,
        scenario: header.scenario,
        scenarioHash: header.scenarioHash,
        seed: header.seed,
        vary: header.vary,
        replications: header.replications,
        shard: options.shard,
        points,
        timing: options.timing,
        fileName: header.fileName,
        baseScenario: header.baseScenario,
      };
    },
  };
}

/** The sweep report of `results` (any order, repeats allowed). */
export function buildSweepReport(header: SweepHeader, results: Iterable<RunResult>, options: ReportOptions): SweepReport {
  const accumulator = createSweepAccumulator(header);
  for (const result of results) accumulator.add(result);
  return accumulator.report(options);
}

/** A pool as value → count, values in ascending order. */
function countsRecord(pool: ReadonlyMap<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of [...pool.keys()].sort((a, b) => a - b)) out[String(value)] = pool.get(value) as number;
  return out;
}

/** The point's metrics over its runs (in replication order), with the percentiles of its pooled times. */
export function summarisePoint(runs: readonly PerRunMetrics[], timePool: ReadonlyMap<number, number>): PointMetrics {
  const of = (pick: (m: PerRunMetrics) => number): MetricSummary => summariseValues(runs.map(pick));
  const metrics: PointMetrics = {
    joins: of((m) => m.joins),
    joinedShare: of((m) => m.joinedShare),
    attemptsPerJoin: of((m) => m.attemptsPerJoin),
    requests: of((m) => m.requests),
    finalStatusShare: summariseKeyed(runs, (m) => m.finalStatusShare, byNumber),
    errcodeShare: summariseKeyed(runs, (m) => m.errcodeShare),
    lint: summariseKeyed(runs, (m) => m.lint),
  };
  const times = runs.map((m) => m.timeToJoinMs).filter((t): t is number => t !== null);
  if (times.length > 0) {
    const [p50, p95] = countedPercentiles(timePool, [0.5, 0.95]) as [number, number];
    const summary = summariseValues(times);
    metrics.timeToJoinMs = { ...summary, ...(times.length < runs.length ? { n: times.length } : {}), p50, p95 };
  }
  // The contract's key order: joins, joinedShare, timeToJoinMs, attemptsPerJoin, …
  const { joins, joinedShare, timeToJoinMs, ...rest } = metrics;
  return { joins, joinedShare, ...(timeToJoinMs ? { timeToJoinMs } : {}), ...rest };
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** One summary per key that any run has; a run without the key counts 0 for it. */
function summariseKeyed(runs: readonly PerRunMetrics[], pick: (m: PerRunMetrics) => Record<string, number>, order?: (a: string, b: string) => number): Record<string, MetricSummary> {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(pick(run))) keys.add(key);
  const out: Record<string, MetricSummary> = {};
  for (const key of [...keys].sort(order)) out[key] = summariseValues(runs.map((run) => ownNumber(pick(run), key)));
  return out;
}

function ownNumber(record: Record<string, number>, key: string): number {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record[key] as number) : 0;
}
