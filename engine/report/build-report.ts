/**
 * Turns a finished simulation into the run report of the contract: joins in
 * timeline order with their attempts, the server × errcode matrix, and errcodes
 * spelled in the scenario's dialect.
 */
import { FINGERPRINT_SCHEME } from '../kernel/fingerprint';
import { toDialect } from '../matrix/errcodes';
import type { Scenario } from '../scenario/types';
import type { SimulationResult } from '../run/simulation';
import type { JoinReport, LintFinding, RunReport, RunSummary } from './types';

export function buildReport(scenario: Scenario, result: SimulationResult, lint: LintFinding[]): RunReport {
  const dialect = scenario.errcodes;
  // In the spec dialect nothing is renamed, so the finished joins' own entries are
  // the report's: copying a million of them only doubled the memory of a big run.
  const joins: JoinReport[] =
    dialect === 'spec'
      ? result.joins
      : result.joins.map((report) => ({
          ...report,
          errcode: toDialect(report.errcode, dialect),
          attempts: report.attempts.map((a) => ({ ...a, errcode: toDialect(a.errcode, dialect) })),
        }));
  const errcodeMatrix: Record<string, Record<string, number>> = {};
  const unanswered: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  for (const join of joins) {
    for (const attempt of join.attempts) {
      if (attempt.skipped) {
        skipped[attempt.server] = (skipped[attempt.server] ?? 0) + 1;
        continue;
      }
      if (attempt.status === 0) {
        unanswered[attempt.server] = (unanswered[attempt.server] ?? 0) + 1;
        continue;
      }
      const key = attempt.status === 200 ? '200' : (attempt.errcode ?? String(attempt.status));
      const row = (errcodeMatrix[attempt.server] ??= {});
      row[key] = (row[key] ?? 0) + 1;
    }
  }
  const summary = summarise(joins);
  const partialStateUntil = partialStateWindows(result);
  return {
    fedsim: 1,
    scenario: scenario.name,
    seed: result.seed,
    errcodes: dialect,
    fingerprint: result.fingerprint,
    fingerprintScheme: FINGERPRINT_SCHEME,
    endedAt: result.endedAt,
    events: result.events,
    joins,
    errcodeMatrix,
    unanswered,
    skipped,
    lint,
    expectations: [],
    servers: scenario.servers.map((s) => ({ name: s.name, implementation: s.implementation })),
    actions: result.actions,
    ...(result.rejectedActions.length > 0 ? { rejectedActions: result.rejectedActions } : {}),
    summary,
    ...(partialStateUntil ? { partialStateUntil } : {}),
  };
}

/** Each server's partial-state windows' ends by room, in server and room order; null when no window was opened. */
function partialStateWindows(result: SimulationResult): Record<string, Record<string, number>> | null {
  let out: Record<string, Record<string, number>> | null = null;
  for (const name of [...result.servers.keys()].sort()) {
    const windows = result.servers.get(name)?.partialStateUntil;
    if (!windows || windows.size === 0) continue;
    const rooms: Record<string, number> = {};
    for (const room of [...windows.keys()].sort()) rooms[room] = windows.get(room) as number;
    (out ??= {})[name] = rooms;
  }
  return out;
}

/** Totals by outcome and errcode over `joins`. */
export function summarise(joins: readonly JoinReport[]): RunSummary {
  const summary: RunSummary = { joins: joins.length, joined: 0, failed: 0, local: 0, attempts: 0, byOutcome: {}, joinsOmitted: 0 };
  for (const join of joins) {
    if (join.outcome === 'joined') summary.joined++;
    else summary.failed++;
    if (join.local) summary.local++;
    summary.attempts += join.attempts.length;
    const key = join.outcome === 'joined' ? 'joined' : `failed:${join.errcode ?? join.status}`;
    summary.byOutcome[key] = (summary.byOutcome[key] ?? 0) + 1;
  }
  return summary;
}

/**
 * The report with at most `maxJoins` per-join entries (the first, in timeline
 * order); the summary, errcodeMatrix and the other aggregates stay complete, and
 * `summary.joinsOmitted` says how many entries were left out. Check expectations
 * before cutting: they read the join entries.
 */
export function limitReportJoins(report: RunReport, maxJoins: number): RunReport {
  if (report.joins.length <= maxJoins) return report;
  const summary = report.summary ?? summarise(report.joins);
  return { ...report, joins: report.joins.slice(0, maxJoins), summary: { ...summary, joinsOmitted: report.joins.length - maxJoins } };
}
