/**
 * Speed work must not change what a run means: the fingerprint is the same with
 * and without a trace listener or a progress callback, and the fingerprint's
 * shortcuts (words of names worked out once) never change its value.
 */
import { describe, expect, it } from 'vitest';
import { Fingerprint, limitReportJoins, stringWord, runScenario, type TraceEvent } from '../../engine/index';
import { reportJsonChunks } from '../../cli/io/report-json';
import { generated } from './helpers';

/** Scheme 2's digest of nothing, and of four sample fields: any change here changes every run's fingerprint. */
const EMPTY_DIGEST = '33b6211efac4a107';
const SAMPLE_DIGEST = '5a8612597fc2aba6';

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

  it('do not depend on which words were worked out beforehand', () => {
    const a = new Fingerprint();
    const b = new Fingerprint();
    for (const text of ['t', 'deliver', 'a.example', 'b.example', '!room:a.example', '\u00e9', '']) {
      a.addWord(stringWord(text));
      b.addString(text);
    }
    expect(a.digest()).toBe(b.digest());
  });

  it('tell field boundaries, numbers from their text, and order apart', () => {
    const digest = (fields: (string | number)[]): string => {
      const fp = new Fingerprint();
      for (const field of fields) typeof field === 'number' ? fp.addNumber(field) : fp.addString(field);
      return fp.digest();
    };
    const variants = [['ab', 'c'], ['a', 'bc'], ['abc'], ['ab', ''], [5], [5.5], [-5], [2 ** 31], [1, 2], [2, 1], [1.5], [], ['']];
    const digests = variants.map(digest);
    expect(new Set(digests).size).toBe(variants.length);
    expect(digest([0])).toBe(digest([-0]));
  });

  it('are pinned: scheme 2 gives these values on every machine', () => {
    const fp = new Fingerprint();
    expect(fp.digest()).toBe(EMPTY_DIGEST);
    fp.addString('deliver');
    fp.addNumber(1234);
    fp.addNumber(0.25);
    fp.addString('!r:ex\u00e9mple');
    expect(fp.digest()).toBe(SAMPLE_DIGEST);
  });
});

describe('large reports', () => {
  const { report } = runScenario(generated({ servers: 15, joins: 120 }));

  it('are written in chunks as the same text as JSON.stringify', () => {
    expect([...reportJsonChunks(report)].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    const empty = { ...report, joins: [] };
    expect([...reportJsonChunks(empty)].join('')).toBe(JSON.stringify(empty, null, 2) + '\n');
    // Joins stringified a batch at a time: batches that end mid-list and one that ends it short.
    expect([...reportJsonChunks(report, 7)].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    expect([...reportJsonChunks(report, 1)].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
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
