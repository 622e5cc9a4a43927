/**
 * Sweeps (../shared/contract/sweep-format.md): a scenario run at every point of a
 * grid of values for some of its fields, several seeds per point, summarised with
 * 95% Student-t intervals. Pure: planning, one run from its spec, aggregation,
 * the report files and shard merging; executors (threads, queues) live outside.
 */
export type * from './types';
export { parseVaryArgument, parseVaryPath, parseVaryValue, type Parsed, type PathSegment } from './vary';
export { applyPointValues, type VariantResult } from './apply-values';
export { planSweep, validateVariant, MAX_SWEEP_RUNS, gridPoints, runSeed, runCount, inShard, sweepRuns, type SweepRequest, type SweepPlan, type PlannedPoint, type PlanResult } from './plan';
export { runSweepSpec } from './run-spec';
export { runMetricsOf } from './run-metrics';
export { summariseValues, countedPercentiles } from './summarise';
export { studentTQuantile, studentTwoSidedTail } from './student-t';
export { buildSweepReport, createSweepAccumulator, summarisePoint, type SweepAccumulator, type SweepHeader, type ReportOptions } from './aggregate';
export { toSweepCsv } from './csv';
export { parseShard } from './shard';
export { mergeSweepReports, type SweepPart, type MergeResult } from './merge';
