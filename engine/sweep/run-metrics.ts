/**
 * The per-run metrics of a sweep, read off a run's report as the sweep contract
 * defines them, so a worker returns a few numbers and the report can be dropped.
 */
import type { RunReport } from '../report/types';
import type { RunMetrics } from './types';

/** The contract's per-run metrics of `report`. */
export function runMetricsOf(report: RunReport): RunMetrics {
  const joins = report.joins.length;
  let joined = 0;
  let timeSum = 0;
  let requests = 0;
  let answers = 0;
  const timeToJoinCounts: Record<string, number> = {};
  const finalStatus: Record<string, number> = {};
  const errcodes: Record<string, number> = {};
  for (const join of report.joins) {
    if (join.outcome === 'joined') {
      joined++;
      const time = join.finishedAt - join.at;
      timeSum += time;
      const key = String(time);
      timeToJoinCounts[key] = (timeToJoinCounts[key] ?? 0) + 1;
    }
    const status = String(join.status);
    finalStatus[status] = (finalStatus[status] ?? 0) + 1;
    for (const attempt of join.attempts) {
      // A destination in backoff is skipped without a request: nothing was sent.
      if (attempt.skipped) continue;
      requests++;
      if (attempt.status === 0) continue;
      answers++;
      if (attempt.errcode !== null) errcodes[attempt.errcode] = (errcodes[attempt.errcode] ?? 0) + 1;
    }
  }
  const lint: Record<string, number> = {};
  for (const finding of report.lint) lint[finding.code] = (lint[finding.code] ?? 0) + 1;
  return {
    fingerprint: report.fingerprint,
    joins,
    joinedShare: joins === 0 ? 0 : joined / joins,
    timeToJoinMs: joined === 0 ? null : timeSum / joined,
    timeToJoinCounts,
    attemptsPerJoin: joins === 0 ? 0 : requests / joins,
    requests,
    finalStatusShare: shares(finalStatus, joins),
    errcodeShare: shares(errcodes, answers),
    lint: sortedKeys(lint),
  };
}

function shares(counts: Record<string, number>, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) out[key] = (counts[key] as number) / total;
  return out;
}

function sortedKeys(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) out[key] = counts[key] as number;
  return out;
}
