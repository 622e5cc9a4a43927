/**
 * Every total of the run report recounted from the attempts of random and
 * generated runs: errcodeMatrix (each answered attempt once, in its server's row,
 * under "200" or its errcode), unanswered (status 0), skipped (backoff), and the
 * summary. A join decided locally asks nobody, so it adds to no row: an extra
 * "200" counted for it would show here, where the two-join example alone did not.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run/run-scenario';
import type { RunReport } from '../../engine/report/types';
import { generated } from '../scale/helpers';
import { randomScenario } from './random-scenario';

function add(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** The report's totals, worked out again from its joins' attempts. */
function recount(report: RunReport): Pick<RunReport, 'errcodeMatrix' | 'unanswered' | 'skipped' | 'summary'> {
  const errcodeMatrix: Record<string, Record<string, number>> = {};
  const unanswered: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  let attempts = 0;
  for (const join of report.joins) {
    attempts += join.attempts.length;
    add(byOutcome, join.outcome === 'joined' ? 'joined' : `failed:${join.errcode ?? join.status}`);
    for (const attempt of join.attempts) {
      if (attempt.skipped) add(skipped, attempt.server);
      else if (attempt.status === 0) add(unanswered, attempt.server);
      else add((errcodeMatrix[attempt.server] ??= {}), attempt.status === 200 ? '200' : (attempt.errcode ?? String(attempt.status)));
    }
  }
  return {
    errcodeMatrix,
    unanswered,
    skipped,
    summary: {
      joins: report.joins.length,
      joined: report.joins.filter((j) => j.outcome === 'joined').length,
      failed: report.joins.filter((j) => j.outcome === 'failed').length,
      local: report.joins.filter((j) => j.local).length,
      attempts,
      byOutcome,
      joinsOmitted: 0,
    },
  };
}

function sum(table: Record<string, number>): number {
  return Object.values(table).reduce((a, b) => a + b, 0);
}

function checkTotals(report: RunReport, label: string): void {
  expect({ errcodeMatrix: report.errcodeMatrix, unanswered: report.unanswered, skipped: report.skipped, summary: report.summary }, label).toEqual(recount(report));
  // Every attempt lands in exactly one of the three tables.
  const cells = Object.values(report.errcodeMatrix).reduce((n, row) => n + sum(row), 0);
  expect(cells + sum(report.unanswered ?? {}) + sum(report.skipped ?? {}), label).toBe(report.summary?.attempts);
  // A local join asks no other server.
  for (const join of report.joins.filter((j) => j.local)) expect(join.attempts, `${label} ${join.id}`).toEqual([]);
}

describe('report totals (property)', () => {
  it('recount from the attempts of random runs, with loss and faults', () => {
    let local = 0;
    let unanswered = 0;
    for (let i = 0; i < 40; i++) {
      const { report } = runScenario(randomScenario(`totals-${i}`, { loss: i % 2 === 0 ? 0 : 0.2, settle: i % 3 !== 0 }));
      checkTotals(report, `totals-${i}`);
      local += report.summary?.local ?? 0;
      unanswered += sum(report.unanswered ?? {});
    }
    // The cases the totals must get right were there: local joins and unanswered requests.
    expect(local).toBeGreaterThan(0);
    expect(unanswered).toBeGreaterThan(0);
  });

  it('recount from the attempts of generated federations, in both errcode dialects', () => {
    for (const seed of ['1', '2', '3']) {
      const scenario = generated({ servers: 12, joins: 300, outsiders: 0.3, misconfig: { typoAllow: 0.2, nobodyCanInvite: 0.1 } }, seed);
      const { report } = runScenario(scenario);
      checkTotals(report, `generated-${seed}`);
      expect(report.summary?.local, `generated-${seed}`).toBeGreaterThan(0);
      checkTotals(runScenario({ ...scenario, errcodes: 'msc3083-draft' }).report, `generated-${seed} draft`);
    }
  });
});
