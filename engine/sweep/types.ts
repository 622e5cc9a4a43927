/**
 * The data of a sweep (../shared/contract/sweep-format.md): the grid of varied
 * values, the serialisable spec of one run, the metrics a run returns in place of
 * its report, and the sweep report (`sweep.json`) with its point summaries.
 * Everything here is plain JSON, so it crosses worker threads and job queues as is.
 */

/** A value of a `--vary`, read as a YAML scalar (`0.1`, `true`, `dendrite`). */
export type VaryValue = string | number | boolean | null;

/** One `--vary PATH=V1,V2,…`: a path into the scenario as written, and the values it takes. */
export interface VaryAxis {
  /** As the user wrote it (`network.loss`, `servers.2.implementation`); the key of the point's `values`. */
  path: string;
  values: VaryValue[];
}

/** One point of the grid: index in the run list's order (first axis slowest) and each varied path's value. */
export interface SweepPoint {
  index: number;
  values: Record<string, VaryValue>;
}

/** `--shard k/N`: the k-th (from 1) of N slices of the run list. */
export interface Shard {
  k: number;
  n: number;
}

/**
 * Everything one run needs, as plain JSON: a worker thread or a queue worker runs it
 * with `runSweepSpec` and nothing else (no files, no shared state).
 */
export interface RunSpec {
  pointIndex: number;
  /** 0-based replication within the point. */
  replication: number;
  /** `"<S>/<p>/<r>"`: the run's seed, also the default seed of a `generate:` block. */
  seed: string;
  /** The point's variant of the scenario as written: the parsed file with the point's values set. */
  scenario: unknown;
  /** The scenario file's name, to name problems (the variant was validated when the sweep was planned). */
  fileName: string;
}

/** What one run yields for the sweep: the per-run metrics of the contract, never the report. */
export interface RunMetrics {
  fingerprint: string;
  /** Joins started. */
  joins: number;
  /** joined / joins (0 when the run has no joins). */
  joinedShare: number;
  /** Mean of finishedAt − at over joined joins; null when none joined. */
  timeToJoinMs: number | null;
  /**
   * Every joined join's finishedAt − at, as value → count (keys are the numbers in
   * decimal). Pooled over a point's runs for p50/p95; counts add exactly, so pooling
   * does not depend on the order results arrive in.
   */
  timeToJoinCounts: Record<string, number>;
  /** requests / joins (0 when the run has no joins). */
  attemptsPerJoin: number;
  /** Federation requests sent (attempts skipped for backoff are not requests). */
  requests: number;
  /** Share of joins ending with each final status ("0" = no answer); absent keys are 0. */
  finalStatusShare: Record<string, number>;
  /** Share of all answers (requests that got one) carrying each errcode; absent keys are 0. */
  errcodeShare: Record<string, number>;
  /** Findings per lint code; absent codes are 0. */
  lint: Record<string, number>;
}

/** The result of one RunSpec. */
export interface RunResult {
  pointIndex: number;
  replication: number;
  seed: string;
  metrics: RunMetrics;
}

/** mean, sample standard deviation and the 95% Student-t interval of a metric over a point's runs. */
export interface MetricSummary {
  mean: number;
  sd: number;
  ci95: [number, number];
  /** Added: how many runs had a value, when fewer than the point's runs (time to join: runs where someone joined). */
  n?: number;
}

/** The time to join: the summary of the runs' means, with percentiles over all joined joins of the point pooled. */
export interface TimeToJoinSummary extends MetricSummary {
  p50: number;
  p95: number;
}

export interface PointMetrics {
  joins: MetricSummary;
  joinedShare: MetricSummary;
  /** Absent when no run of the point had a joined join. */
  timeToJoinMs?: TimeToJoinSummary;
  attemptsPerJoin: MetricSummary;
  requests: MetricSummary;
  finalStatusShare: Record<string, MetricSummary>;
  errcodeShare: Record<string, MetricSummary>;
  lint: Record<string, MetricSummary>;
}

/** A run's metrics as the sweep keeps them: the time counts are pooled per point as results arrive, so memory does not grow with them. */
export type PerRunMetrics = Omit<RunMetrics, 'timeToJoinCounts'>;

/** One run of a point as kept in the report (added field `perRun`). */
export interface PerRunEntry {
  replication: number;
  seed: string;
  metrics: PerRunMetrics;
}

export interface PointReport {
  index: number;
  values: Record<string, VaryValue>;
  /** How many runs the summary is over (fewer than `replications` in a partial report). */
  runs: number;
  fingerprints: string[];
  /** Empty when the point has no runs (a shard that holds none of it). */
  metrics: PointMetrics | Record<string, never>;
  /** Added: each run in replication order, with its seed and metrics. */
  perRun: PerRunEntry[];
  /**
   * Added, in partial (shard) reports only: the joined joins' times to join of this
   * shard's runs of the point, pooled (value → count), so merging recomputes p50/p95
   * exactly.
   */
  timeToJoinCounts?: Record<string, number>;
}

export interface SweepTiming {
  wallMs: number;
  workers: number;
  /** Added, in merged reports: how many partial reports were joined (wallMs and workers are then their sums). */
  merged?: number;
}

/** `sweep.json`, version 1. */
export interface SweepReport {
  /** fedsim's version. */
  fedsim: string;
  sweepFormat: 1;
  scenario: string;
  /** SHA-256 (hex) of the scenario file's bytes. */
  scenarioHash: string;
  seed: string;
  vary: VaryAxis[];
  replications: number;
  shard: Shard | null;
  points: PointReport[];
  timing: SweepTiming;
  /** Added: the scenario file's name, as problems name it. */
  fileName: string;
  /** Added: the parsed scenario file before any point's values; `applyPointValues(baseScenario, point.values)` rebuilds a point's variant. */
  baseScenario: unknown;
}
