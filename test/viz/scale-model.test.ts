import { describe, expect, it } from 'vitest';
import type { JoinReport, RunReport } from '../../engine/index';
import { colourOf, OTHER_ERROR } from '../../viz/model/palette';
import { glossOf, finalAnswerOf } from '../../viz/model/answers';
import { createReportScanner } from '../../viz/model/report-stream';
import { digestRun } from '../../viz/model/run-digest';
import { errcodeMatrixAt, countOf } from '../../viz/model/matrix';
import { overviewOf, groupKeyOf } from '../../viz/model/overview';
import { filterJoins, NO_FILTER } from '../../viz/model/join-filter';
import { cellKey, lintByRoom, participationAt } from '../../viz/model/participation';
import { formatHash, parseHash } from '../../viz/model/url-state';
import { loadInput } from '../../viz/model/load-input';
import { seedFailover } from './fixtures';

const HOSTILE = ['__proto__', 'constructor', 'toString'];

function join(id: string, server: string, errcode: string | null, status = 400, attempts = 1): JoinReport {
  return {
    id,
    user: `@u:${server}`,
    room: `!room:${server}`,
    at: 0,
    local: attempts === 0,
    outcome: status === 200 ? 'joined' : 'failed',
    status,
    errcode,
    authorisedBy: null,
    resident: null,
    finishedAt: 10,
    attempts: Array.from({ length: attempts }, () => ({ server, step: 'make_join' as const, at: 0, answeredAt: 5, status, errcode, reason: 'r' })),
  };
}

function scan(text: string, chunk: number): { joins: unknown[]; head: Record<string, unknown> } {
  const joins: unknown[] = [];
  const scanner = createReportScanner((j) => joins.push(j));
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
  return { joins, head: scanner.end().head };
}

describe('reading a report as a stream', () => {
  const report = seedFailover().report;
  const text = JSON.stringify(report, null, 1);

  it('gives the same joins and members as JSON.parse, whatever the chunk size', () => {
    const whole = JSON.parse(text) as RunReport;
    for (const chunk of [1, 7, 4096]) {
      const { joins, head } = scan(text, chunk);
      expect(joins).toEqual(whole.joins);
      expect(head.errcodeMatrix).toEqual(whole.errcodeMatrix);
      expect(head.fedsim).toBe(1);
    }
  });

  it('keeps strings with brackets, quotes and escapes inside them', () => {
    const joinsIn = [{ id: 'a"]}{[\\', user: '@x:y', room: '!r:y', attempts: [] }];
    // Written as text: in an object literal `__proto__` would set the prototype, not a member.
    const { joins, head } = scan(`{"fedsim":1,"joins":${JSON.stringify(joinsIn)},"errcodeMatrix":{"__proto__":{"}":1}}}`, 3);
    expect(joins).toEqual(joinsIn);
    expect(Object.keys(head.errcodeMatrix as object)).toEqual(['__proto__']);
  });

  it('says what is wrong with bytes that are not a report', () => {
    expect(() => scan('[1,2]', 2)).toThrow(/JSON object/);
    expect(() => scan('{"fedsim": 1, "joins": [3]}', 4)).toThrow(/not an object/);
    expect(() => scan('{"fedsim": 1, "joins": [', 4)).toThrow(/ends before/);
  });
});

describe('names and errcodes that are also property names', () => {
  const joins = HOSTILE.map((name, i) => join(`j${i}`, name, name));

  it('have no colour, gloss or count from Object.prototype', () => {
    for (const name of HOSTILE) {
      expect(colourOf(name)).toBe(OTHER_ERROR);
      expect(glossOf(name)).toBe('error');
    }
    const matrix = errcodeMatrixAt(joins, 100);
    for (const name of HOSTILE) expect(countOf(matrix, name, name)).toBe(1);
    expect(matrix.servers.sort()).toEqual([...HOSTILE].sort());
  });

  it('go through the digest, the overview and the filters as ordinary strings', () => {
    const digest = digestRun(joins, []);
    expect(digest.errcodes).toEqual(expect.arrayContaining(HOSTILE));
    expect(digest.legend).toEqual(expect.arrayContaining(HOSTILE));
    const lint = HOSTILE.map((name) => ({ code: name, severity: 'error' as const, room: `!room:${name}`, message: name }));
    expect([...lintByRoom(lint).keys()]).toEqual(HOSTILE.map((n) => `!room:${n}`));
    const overview = overviewOf(joins, lint);
    expect(overview.groups.map((g) => g.finding).sort()).toEqual([...HOSTILE].sort());
    for (const [i, name] of HOSTILE.entries()) {
      expect(filterJoins(joins, { ...NO_FILTER, errcode: name })).toEqual([i]);
      expect(filterJoins(joins, { ...NO_FILTER, server: name })).toEqual([i]);
      expect(filterJoins(joins, { ...NO_FILTER, group: groupKeyOf(joins[i]!, lintByRoom(lint)) }, lint)).toEqual([i]);
    }
  });

  it('load from a report file without breaking the page model', () => {
    const report = { ...seedFailover().report, joins, errcodeMatrix: { __proto__: { toString: 1 }, constructor: {} } };
    const outcome = loadInput(JSON.stringify(report).replace('"errcodeMatrix":{', '"errcodeMatrix":{"__proto__":{"toString":1},'), 'hostile.json');
    expect(outcome.ok).toBe(true);
  });
});

describe('the overview of a run', () => {
  it('groups failures by answer, decider and lint finding; a local refusal is the joining server\'s', () => {
    const joins = [join('a', 'hs1', 'M_FORBIDDEN', 403), join('b', 'hs1', 'M_FORBIDDEN', 403), join('c', 'hs2', 'M_FORBIDDEN', 403, 0), join('d', 'hs3', null, 200), join('e', 'hs4', null, 0)];
    const lint = [{ code: 'no-authorising-server', severity: 'error' as const, room: '!room:hs1', message: 'm', fix: 'f' }];
    const overview = overviewOf(joins, lint);
    expect(overview).toMatchObject({ joins: 5, joined: 1, failed: 4 });
    expect(overview.groups.map((g) => [g.count, g.answer, g.decider, g.finding])).toEqual([
      [2, 'M_FORBIDDEN', 'resident', 'no-authorising-server'],
      [1, 'M_FORBIDDEN', 'joining server', 'no lint finding'],
      [1, 'no answer', 'timeout', 'no lint finding'],
    ]);
    expect(overview.groups[0]!.findingText).toContain('Fix: f');
    // The local refusal counts as hs2's own answer in the matrix.
    expect(countOf(errcodeMatrixAt(joins, 100), 'hs2', 'M_FORBIDDEN')).toBe(1);
    expect(filterJoins(joins, { ...NO_FILTER, cell: { server: 'hs2', answer: 'M_FORBIDDEN' } })).toEqual([2]);
    expect(finalAnswerOf(joins[4]!)).toBe('no answer');
  });
});

describe('the URL', () => {
  it('keeps filters, the overview and a file name', () => {
    const state = { scenario: null, load: null, file: 'big run.json', join: null, overview: true, t: 5, filter: { outcome: 'failed' as const, room: '!r:s1', search: 'x&y', group: 'M_FORBIDDEN\u0000resident\u0000lint', cell: { server: 'hs1', answer: '200' } } };
    const parsed = parseHash(formatHash(state));
    expect(parsed).toEqual(state);
  });
});

describe('participation for the cells shown', () => {
  it('is the same as the whole computation, cell for cell, at every moment', () => {
    const dataset = seedFailover();
    const whole = (t: number) => participationAt(dataset, t);
    const servers = new Set(['hs1', 'hs3', 'hs4']);
    const rooms = new Set(['!room:hs1']);
    for (const t of [0, 1150, 1350, 1400, 2100]) {
      const part = participationAt(dataset, t, servers, rooms);
      const expected = [...whole(t).cells].filter(([key]) => [...servers].some((s) => [...rooms].some((r) => key === cellKey(s, r))));
      expect([...part.cells].sort()).toEqual(expected.sort());
    }
  });
});

describe('residency without a scenario', () => {
  it('is inferred from answers, from the time the resident was asked', () => {
    const report = seedFailover().report;
    const outcome = loadInput(JSON.stringify(report), 'run.json');
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    const dataset = outcome.dataset;
    const asked = report.joins.flatMap((j) => j.attempts.filter((a) => a.server === 'hs2' && j.room === '!room:hs1')).map((a) => a.at);
    const first = Math.min(...asked);
    expect(participationAt(dataset, first - 1).cells.get(cellKey('hs2', '!room:hs1'))?.resident ?? false).toBe(false);
    expect(participationAt(dataset, first).cells.get(cellKey('hs2', '!room:hs1'))).toMatchObject({ resident: true, inferred: true });
    expect(participationAt(dataset, report.endedAt, new Set(['hs1']), new Set(['!room:hs1'])).cells.get(cellKey('hs1', '!room:hs1'))).toMatchObject({ resident: true, authorising: true, inferred: true });
  });
});
