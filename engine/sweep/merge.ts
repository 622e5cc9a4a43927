/**
 * `fedsim sweep merge`: the whole sweep report from the partial reports of its
 * shards. Parts must come from one sweep (same scenarioHash, seed, vary and
 * replications), be cut the same way (same N) and together hold every slice once;
 * anything else is refused with a `file:path: message` problem. The points are
 * recomputed from the parts' runs by the same code as a sweep's, so the merged
 * report is the one an unsharded sweep writes, bit for bit apart from `timing`.
 */
import { childPath } from '../scenario/path';
import type { Problem } from '../scenario/problems';
import { createSweepAccumulator } from './aggregate';
import { inShard, MAX_SWEEP_RUNS } from './plan';
import type { PerRunMetrics, Shard, SweepReport } from './types';

/** A partial report as read from a file: its name and its parsed JSON. */
export interface SweepPart {
  file: string;
  value: unknown;
}

export type MergeResult = { ok: true; report: SweepReport } | { ok: false; problems: Problem[] };

const SAME_SWEEP = ['scenarioHash', 'seed', 'vary', 'replications'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Joins `parts` into the whole report, or says every reason it cannot. */
export function mergeSweepReports(parts: readonly SweepPart[]): MergeResult {
  const problems: Problem[] = [];
  const reports: Array<{ file: string; report: SweepReport }> = [];
  for (const part of parts) {
    const shape = checkShape(part);
    if (shape.length > 0) problems.push(...shape);
    else reports.push({ file: part.file, report: part.value as SweepReport });
  }
  if (problems.length > 0) return { ok: false, problems };
  const first = reports[0];
  if (first === undefined) return { ok: false, problems: [{ file: 'merge', path: '', message: 'no partial reports given' }] };
  for (const { file, report } of reports.slice(1)) {
    for (const key of SAME_SWEEP) {
      if (JSON.stringify(report[key]) !== JSON.stringify(first.report[key])) {
        problems.push({ file, path: key, message: `from another sweep: ${JSON.stringify(report[key])} here, ${JSON.stringify(first.report[key])} in ${first.file}` });
      }
    }
    const shard = report.shard as Shard;
    if (shard.n !== (first.report.shard as Shard).n) problems.push({ file, path: 'shard.n', message: `cut into ${shard.n} shards, ${first.file} into ${(first.report.shard as Shard).n}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const n = (first.report.shard as Shard).n;
  const byK = new Map<number, string>();
  for (const { file, report } of reports) {
    const { k } = report.shard as Shard;
    const earlier = byK.get(k);
    if (earlier !== undefined) problems.push({ file, path: 'shard.k', message: `shard ${k}/${n} is also in ${earlier}` });
    else byK.set(k, file);
  }
  // n comes from a file: name at most a few missing shards rather than walk a huge n.
  const missingCount = n - byK.size;
  const missing: number[] = [];
  for (let k = 1; k <= n && missing.length < Math.min(missingCount, 10); k++) if (!byK.has(k)) missing.push(k);
  if (missingCount > 0) {
    const more = missingCount > missing.length ? ` and ${missingCount - missing.length} more` : '';
    problems.push({ file: first.file, path: '', message: `shard${missingCount === 1 ? '' : 's'} ${missing.map((k) => `${k}/${n}`).join(', ')}${more} missing: give every part of the sweep` });
  }
  // The grid's size from its vary, before the grid is made: it must be the points the files hold.
  const pointCount = first.report.vary.reduce((count, axis) => count * axis.values.length, 1);
  if (pointCount !== first.report.points.length) problems.push({ file: first.file, path: 'points', message: `holds ${first.report.points.length} points; the grid of its vary has ${pointCount}` });
  else if (pointCount * first.report.replications > MAX_SWEEP_RUNS) problems.push({ file: first.file, path: 'replications', message: `${pointCount} points × ${first.report.replications} replications is more runs than a sweep takes (${MAX_SWEEP_RUNS})` });
  if (problems.length > 0) return { ok: false, problems };

  const replications = first.report.replications;
  const accumulator = createSweepAccumulator({
    fedsim: first.report.fedsim,
    scenario: first.report.scenario,
    scenarioHash: first.report.scenarioHash,
    fileName: first.report.fileName,
    seed: first.report.seed,
    vary: first.report.vary,
    replications,
    baseScenario: first.report.baseScenario,
  });
  const total = pointCount * replications;
  for (const { file, report } of reports) {
    if (report.points.length !== pointCount) {
      problems.push({ file, path: 'points', message: `holds ${report.points.length} points; the grid of its vary has ${pointCount}` });
      continue;
    }
    const shard = report.shard as Shard;
    let held = 0;
    report.points.forEach((point, p) => {
      if (point.index !== p) {
        problems.push({ file, path: childPath(childPath('points', p), 'index'), message: `expected ${p}, got ${point.index}` });
        return;
      }
      point.perRun.forEach((run, i) => {
        const runIndex = p * replications + run.replication;
        if (!Number.isInteger(run.replication) || run.replication < 0 || run.replication >= replications || !inShard(runIndex, shard)) {
          problems.push({ file, path: childPath(childPath(childPath(childPath('points', p), 'perRun'), i), 'replication'), message: `run ${p}/${run.replication} is not one of shard ${shard.k}/${shard.n}'s runs` });
          return;
        }
        if (problems.length === 0) accumulator.addRun(p, run.replication, run.seed, run.metrics as PerRunMetrics);
        held++;
      });
      if (problems.length === 0) accumulator.addTimeCounts(p, point.timeToJoinCounts as Record<string, number>);
    });
    const expected = Math.ceil((total - (shard.k - 1)) / shard.n);
    if (held !== expected && problems.length === 0) problems.push({ file, path: 'points', message: `holds ${held} runs; shard ${shard.k}/${shard.n} of this sweep has ${expected}: the shard did not finish` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const report = accumulator.report({
    shard: null,
    timing: {
      wallMs: reports.reduce((sum, r) => sum + r.report.timing.wallMs, 0),
      workers: reports.reduce((sum, r) => sum + r.report.timing.workers, 0),
      merged: reports.length,
    },
  });
  return { ok: true, report };
}

/** The problems that make `part` unreadable as a partial sweep report (untrusted JSON: every field is checked before use). */
function checkShape(part: SweepPart): Problem[] {
  const { file, value } = part;
  const problem = (path: string, message: string): Problem[] => [{ file, path, message }];
  if (!isObject(value) || value.sweepFormat !== 1) return problem('', 'not a sweep report (sweepFormat 1)');
  if (value.shard === null) return problem('shard', 'a whole sweep report, not a partial one: merge takes the reports of `fedsim sweep --shard k/N`');
  const shard = value.shard;
  if (!isObject(shard) || !Number.isSafeInteger(shard.k) || !Number.isSafeInteger(shard.n) || (shard.k as number) < 1 || (shard.k as number) > (shard.n as number)) {
    return problem('shard', 'expected { "k": …, "n": … } with 1 ≤ k ≤ n');
  }
  for (const key of ['scenarioHash', 'seed', 'scenario', 'fileName', 'fedsim'] as const) {
    if (typeof value[key] !== 'string') return problem(key, 'expected a string');
  }
  if (!Number.isSafeInteger(value.replications) || (value.replications as number) < 1) return problem('replications', 'expected a positive integer');
  if (!Array.isArray(value.vary) || !value.vary.every((a) => isObject(a) && typeof a.path === 'string' && Array.isArray(a.values))) return problem('vary', 'expected a list of { path, values }');
  if (!isObject(value.timing) || typeof value.timing.wallMs !== 'number' || typeof value.timing.workers !== 'number') return problem('timing', 'expected { wallMs, workers }');
  if (!Array.isArray(value.points)) return problem('points', 'expected a list');
  const out: Problem[] = [];
  value.points.forEach((point: unknown, p: number) => {
    const at = childPath('points', p);
    if (!isObject(point) || !Number.isSafeInteger(point.index) || !Array.isArray(point.perRun)) {
      out.push({ file, path: at, message: 'expected a point with index and perRun' });
      return;
    }
    if (!isCounts(point.timeToJoinCounts)) out.push({ file, path: childPath(at, 'timeToJoinCounts'), message: 'expected the pooled time counts of a partial report (value → count)' });
    point.perRun.forEach((run: unknown, i: number) => {
      const runAt = childPath(childPath(at, 'perRun'), i);
      if (!isObject(run) || typeof run.seed !== 'string' || !isPerRunMetrics(run.metrics)) {
        out.push({ file, path: runAt, message: 'expected { replication, seed, metrics } with every per-run metric' });
      }
    });
  });
  return out.slice(0, 20);
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Counts must add exactly: non-negative integers. */
function isCounts(value: unknown): value is Record<string, number> {
  return isObject(value) && Object.entries(value).every(([k, v]) => Number.isFinite(Number(k)) && Number.isSafeInteger(v) && (v as number) >= 0);
}

function isPerRunMetrics(value: unknown): value is PerRunMetrics {
  if (!isObject(value)) return false;
  const numbers = ['joins', 'joinedShare', 'attemptsPerJoin', 'requests'] as const;
  return (
    typeof value.fingerprint === 'string' &&
    numbers.every((key) => typeof value[key] === 'number' && Number.isFinite(value[key])) &&
    (value.timeToJoinMs === null || (typeof value.timeToJoinMs === 'number' && Number.isFinite(value.timeToJoinMs))) &&
    isNumberRecord(value.finalStatusShare) &&
    isNumberRecord(value.errcodeShare) &&
    isNumberRecord(value.lint)
  );
}
