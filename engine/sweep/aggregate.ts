/**
 * The sweep report from its runs' results: each point's runs put in replication
 * order first, then summarised, so the report is the same bits whatever order the
 * results arrived in, however many workers or shards made them, and however often a
 * run was repeated (a repeat has the same seed, hence the same metrics; one is kept).
 */
import { invariant } from '../kernel/invariant';
import { gridPoints } from './plan';
import { countedPercentiles, summariseValues } from './summarise';
import type {
  MetricSummary,
  PerRunEntry,
  PointMetrics,
  PointReport,
  RunMetrics,
  RunResult,
  Shard,
  SweepReport,
  SweepTiming,
  VaryAxis,
} from './types';

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

/** The sweep report of `results` (any order, repeats allowed). A partial (shard) report keeps each run's time counts for merging. */
export function buildSweepReport(header: SweepHeader, results: Iterable<RunResult>, options: ReportOptions): SweepReport {
  const grid = gridPoints(header.vary);
  const slots: Array<Array<RunResult | undefined>> = grid.map(() => new Array<RunResult | undefined>(header.replications));
  for (const result of results) {
    const point = slots[result.pointIndex];
    invariant(point !== undefined && Number.isInteger(result.replication) && result.replication >= 0 && result.replication < header.replications, () => `a run result for point ${result.pointIndex}, replication ${result.replication} is outside the sweep`);
    point[result.replication] ??= result;
  }
  const partial = options.shard !== null;
  const points: PointReport[] = grid.map((point, p) => {
    const runs = (slots[p] as Array<RunResult | undefined>).filter((r): r is RunResult => r !== undefined);
    return {
      index: point.index,
      values: point.values,
      runs: runs.length,
      fingerprints: runs.map((r) => r.metrics.fingerprint),
      metrics: runs.length === 0 ? {} : summarisePoint(runs.map((r) => r.metrics)),
      perRun: runs.map((r): PerRunEntry => ({ replication: r.replication, seed: r.seed, metrics: partial ? r.metrics : withoutCounts(r.metrics) })),
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
}

function withoutCounts(metrics: RunMetrics): Omit<RunMetrics, 'timeToJoinCounts'> {
  const { timeToJoinCounts: _dropped, ...rest } = metrics;
  return rest;
}

/** The point's metrics over its runs (in replication order). */
export function summarisePoint(runs: readonly RunMetrics[]): PointMetrics {
  const of = (pick: (m: RunMetrics) => number): MetricSummary => summariseValues(runs.map(pick));
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
    const pooled = new Map<number, number>();
    for (const run of runs) {
      for (const [value, count] of Object.entries(run.timeToJoinCounts)) pooled.set(Number(value), (pooled.get(Number(value)) ?? 0) + count);
    }
    const [p50, p95] = countedPercentiles(pooled, [0.5, 0.95]) as [number, number];
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
function summariseKeyed(runs: readonly RunMetrics[], pick: (m: RunMetrics) => Record<string, number>, order?: (a: string, b: string) => number): Record<string, MetricSummary> {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(pick(run))) keys.add(key);
  const out: Record<string, MetricSummary> = {};
  for (const key of [...keys].sort(order)) out[key] = summariseValues(runs.map((run) => ownNumber(pick(run), key)));
  return out;
}

function ownNumber(record: Record<string, number>, key: string): number {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record[key] as number) : 0;
}
