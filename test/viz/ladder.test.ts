import { describe, expect, it } from 'vitest';
import { ladderOf } from '../../viz/model/ladder';
import { seedFailover, joinIndex } from './fixtures';

describe('join ladder rows', () => {
  const dataset = seedFailover();
  const joiner = dataset.report.joins[joinIndex(dataset, 'joiner')]!;

  it('shows every attempt of the failover join with its errcode, in order', () => {
    const ladder = ladderOf(dataset, joiner, dataset.report.endedAt);
    expect(ladder.arrows.map((a) => [a.server, a.step, a.status, a.errcode, a.phase])).toEqual([
      ['hs2', 'make_join', 400, 'M_UNABLE_TO_AUTHORISE_JOIN', 'answered'],
      ['hs3', 'make_join', 400, 'M_UNABLE_TO_GRANT_JOIN', 'answered'],
      ['hs1', 'make_join', 200, null, 'answered'],
      ['hs1', 'send_join', 200, null, 'answered'],
    ]);
  });

  it('puts the joining server first and each asked server once, in the order first asked', () => {
    const ladder = ladderOf(dataset, joiner, dataset.report.endedAt);
    expect(ladder.lanes.map((l) => [l.server, l.role, l.answer])).toEqual([
      ['hs4', 'joiner', null],
      ['hs2', 'asked', 'M_UNABLE_TO_AUTHORISE_JOIN'],
      ['hs3', 'asked', 'M_UNABLE_TO_GRANT_JOIN'],
      ['hs1', 'asked', '200'],
    ]);
    expect(ladder.neverAsked).toEqual([]);
  });

  it('shows only what had happened by time t', () => {
    const ladder = ladderOf(dataset, joiner, 1150);
    expect(ladder.arrows.map((a) => a.phase)).toEqual(['answered', 'in-flight', 'future', 'future']);
    expect(ladder.lanes.find((l) => l.server === 'hs3')).toMatchObject({ answer: null, askedYet: true });
    expect(ladder.lanes.find((l) => l.server === 'hs1')).toMatchObject({ answer: null, askedYet: false });
  });

  it('keeps candidates that were never asked apart from servers that refused', () => {
    const stranger = dataset.report.joins[joinIndex(dataset, 'stranger')]!;
    const ladder = ladderOf(dataset, stranger, dataset.report.endedAt);
    expect(ladder.lanes.map((l) => l.server)).toEqual(['hs5', 'hs1']);
    expect(ladder.neverAsked).toEqual(['hs2']);
  });
});
