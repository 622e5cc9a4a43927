/**
 * Speed work must not change what a run means: the fingerprint is the same with
 * and without a trace listener or a progress callback, and the faster number
 * hashing gives exactly the old hash.
 */
import { describe, expect, it } from 'vitest';
import { Fingerprint, limitReportJoins, runScenario, type TraceEvent } from '../../engine/index';
import { reportJsonChunks } from '../../cli/io/report-json';
import { generated } from './helpers';

describe('fingerprints at scale', () => {
  const scenario = generated({ servers: 30, joins: 400, loss: 0.02, mix: { synapse: 0.7, dendrite: 0.15, conduwuit: 0.15 } }, '11');

  it('are the same traced and untraced', () => {
    const fast = runScenario(scenario).report;
    const records: TraceEvent[] = [];
    const traced = runScenario(scenario, { onTrace: (e) => records.push(e) }).report;
    expect(records.length).toBeGreaterThan(1000);
    expect(traced.fingerprint).toBe(fast.fingerprint);
    expect(traced).toEqual(fast);
  });

  it('are the same with a progress callback, which sees the run to its end', () => {
    const calls: [number, number][] = [];
    const withProgress = runScenario(scenario, { onProgress: (events, simTime) => calls.push([events, simTime]) }).report;
    expect(withProgress.fingerprint).toBe(runScenario(scenario).report.fingerprint);
    expect(calls.at(-1)?.[0]).toBe(withProgress.events);
    for (let i = 1; i < calls.length; i++) expect((calls[i] as [number, number])[1]).toBeGreaterThanOrEqual((calls[i - 1] as [number, number])[1]);
  });

  it('hash numbers exactly as their decimal text', () => {
    for (const n of [0, 7, 10, 99, 100, 1000, 65535, 1234567, 2147483647, 2147483648, 9007199254740991, -3, 0.25, 1e21, NaN]) {
      const a = new Fingerprint();
      const b = new Fingerprint();
      a.addNumber(n);
      b.addString(String(n));
      expect(a.digest(), String(n)).toBe(b.digest());
    }
  });
});

describe('large reports', () => {
  const { report } = runScenario(generated({ servers: 15, joins: 120 }));

  it('are written in chunks as the same text as JSON.stringify', () => {
    expect([...reportJsonChunks(report)].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    const empty = { ...report, joins: [] };
    expect([...reportJsonChunks(empty)].join('')).toBe(JSON.stringify(empty, null, 2) + '\n');
  });

  it('keep complete totals when the join entries are cut', () => {
    const cut = limitReportJoins(report, 10);
    expect(cut.joins).toEqual(report.joins.slice(0, 10));
    expect(cut.errcodeMatrix).toEqual(report.errcodeMatrix);
    expect(cut.summary?.joins).toBe(120);
    expect(cut.summary?.joinsOmitted).toBe(110);
    expect((cut.summary?.joined ?? 0) + (cut.summary?.failed ?? 0)).toBe(120);
    expect(Object.values(cut.summary?.byOutcome ?? {}).reduce((a, b) => a + b, 0)).toBe(120);
    expect(limitReportJoins(report, 500)).toBe(report);
  });
});
