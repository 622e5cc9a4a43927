import { describe, expect, it } from 'vitest';
import { countOf, errcodeMatrixAt } from '../../viz/model/matrix';
import { filterJoins, NO_FILTER } from '../../viz/model/join-filter';
import { seedFailover } from './fixtures';

describe('errcode matrix cells', () => {
  const dataset = seedFailover();

  it('equals the report errcodeMatrix at the end of the run', () => {
    const matrix = errcodeMatrixAt(dataset.report.joins, dataset.report.endedAt);
    const asRecord: Record<string, Record<string, number>> = {};
    for (const server of matrix.servers) asRecord[server] = Object.fromEntries(matrix.counts.get(server) ?? []);
    expect(asRecord).toEqual(dataset.report.errcodeMatrix);
    expect(matrix.answers).toEqual(['200', 'M_FORBIDDEN', 'M_UNABLE_TO_AUTHORISE_JOIN', 'M_UNABLE_TO_GRANT_JOIN']);
    expect(matrix.servers[0]).toBe('hs1');
  });

  it('counts only answers that had arrived by time t', () => {
    const matrix = errcodeMatrixAt(dataset.report.joins, 1200);
    expect(countOf(matrix, 'hs2', 'M_UNABLE_TO_AUTHORISE_JOIN')).toBe(1);
    expect(countOf(matrix, 'hs3', 'M_UNABLE_TO_GRANT_JOIN')).toBe(1);
    expect(countOf(matrix, 'hs1', '200')).toBe(0);
    expect(errcodeMatrixAt(dataset.report.joins, 0).servers).toEqual([]);
  });

  it('has a "no answer" column for requests that got none', () => {
    const join = structuredClone(dataset.report.joins[0]!);
    join.attempts = [{ server: 'hs9', step: 'make_join', at: join.at, status: 0, errcode: null, reason: 'down', answeredAt: join.at + 30000 }];
    const matrix = errcodeMatrixAt([join], join.at + 30000);
    expect(countOf(matrix, 'hs9', 'no answer')).toBe(1);
  });

  it('filters joins to a clicked cell', () => {
    const joins = dataset.report.joins;
    expect(filterJoins(joins, { ...NO_FILTER, cell: { server: 'hs1', answer: 'M_FORBIDDEN' } }).map((i) => joins[i]!.id)).toEqual(['stranger']);
    expect(filterJoins(joins, { ...NO_FILTER, cell: { server: 'hs2', answer: 'M_UNABLE_TO_AUTHORISE_JOIN' } }).map((i) => joins[i]!.id)).toEqual(['joiner']);
    expect(filterJoins(joins, { ...NO_FILTER, outcome: 'failed' }).map((i) => joins[i]!.id)).toEqual(['stranger']);
    expect(filterJoins(joins, { ...NO_FILTER, errcode: 'M_UNABLE_TO_GRANT_JOIN' }).map((i) => joins[i]!.id)).toEqual(['joiner']);
    expect(filterJoins(joins, { ...NO_FILTER, server: 'hs5' }).map((i) => joins[i]!.id)).toEqual(['stranger']);
    expect(filterJoins(joins, { ...NO_FILTER, search: 'JOINER:HS4' }).map((i) => joins[i]!.id)).toEqual(['joiner']);
    expect(filterJoins(joins, { ...NO_FILTER, room: '!nowhere:hs1' })).toEqual([]);
  });
});
