/**
 * Turns a finished simulation into the run report of the contract: joins in
 * timeline order with their attempts, the server × errcode matrix, and errcodes
 * spelled in the scenario's dialect.
 */
import { toDialect } from '../matrix/errcodes';
import type { Scenario } from '../scenario/types';
import type { SimulationResult } from '../run/simulation';
import type { JoinReport, LintFinding, RunReport } from './types';

export function buildReport(scenario: Scenario, result: SimulationResult, lint: LintFinding[]): RunReport {
  const dialect = scenario.errcodes;
  const joins: JoinReport[] = result.joins
    .slice()
    .sort((a, b) => a.action.index - b.action.index)
    .map(({ report }) => ({
      ...report,
      errcode: toDialect(report.errcode, dialect),
      attempts: report.attempts.map((a) => ({ ...a, errcode: toDialect(a.errcode, dialect) })),
    }));
  const errcodeMatrix: Record<string, Record<string, number>> = {};
  const unanswered: Record<string, number> = {};
  for (const join of joins) {
    for (const attempt of join.attempts) {
      if (attempt.status === 0) {
        unanswered[attempt.server] = (unanswered[attempt.server] ?? 0) + 1;
        continue;
      }
      const key = attempt.status === 200 ? '200' : (attempt.errcode ?? String(attempt.status));
      const row = (errcodeMatrix[attempt.server] ??= {});
      row[key] = (row[key] ?? 0) + 1;
    }
  }
  return {
    fedsim: 1,
    scenario: scenario.name,
    seed: result.seed,
    errcodes: dialect,
    fingerprint: result.fingerprint,
    endedAt: result.endedAt,
    events: result.events,
    joins,
    errcodeMatrix,
    unanswered,
    lint,
    expectations: [],
    servers: scenario.servers.map((s) => ({ name: s.name, implementation: s.implementation })),
    actions: result.actions,
  };
}
