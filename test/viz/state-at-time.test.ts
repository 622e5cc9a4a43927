import { describe, expect, it } from 'vitest';
import { cellKey, participationAt } from '../../viz/model/participation';
import { statusForJoin, requestsForJoin } from '../../viz/model/server-status';
import { momentsOf, stepMoment, clampTime } from '../../viz/model/timeline';
import { seedFailover, joinIndex } from './fixtures';

describe('state at a chosen time', () => {
  const dataset = seedFailover();
  const joiner = dataset.report.joins[joinIndex(dataset, 'joiner')]!;

  it('makes the joining server resident only once its join is accepted', () => {
    expect(participationAt(dataset, 1000).cells.get(cellKey('hs4', '!room:hs1'))?.resident ?? false).toBe(false);
    expect(participationAt(dataset, 1400).cells.get(cellKey('hs4', '!room:hs1'))?.resident).toBe(true);
  });

  it('marks authorising servers and allowed rooms from the scenario', () => {
    const p = participationAt(dataset, 0);
    expect(p.cells.get(cellKey('hs1', '!room:hs1'))?.authorising).toBe(true);
    expect(p.cells.get(cellKey('hs2', '!room:hs1'))?.authorising).toBe(true);
    expect(p.cells.get(cellKey('hs3', '!room:hs1'))).toMatchObject({ resident: true, authorising: false });
    expect(p.cells.get(cellKey('hs2', '!space:hs1'))?.resident ?? false).toBe(false);
    const room = p.rooms.find((r) => r.id === '!room:hs1');
    expect(room).toMatchObject({ restricted: true, allows: ['!space:hs1'] });
    expect(p.rooms.find((r) => r.id === '!space:hs1')?.allowedBy).toEqual(['!room:hs1']);
  });

  it('follows state and deliver records to what each server knows', () => {
    expect(participationAt(dataset, 1349).cells.get(cellKey('hs2', '!room:hs1'))?.lastEvent).toBeNull();
    expect(participationAt(dataset, 1350).cells.get(cellKey('hs1', '!room:hs1'))?.lastEvent).toContain('@joiner:hs4 join');
    expect(participationAt(dataset, 1400).cells.get(cellKey('hs2', '!room:hs1'))?.lastEvent).toContain('@joiner:hs4 join');
  });

  it('colours servers by their answer to the selected join at t', () => {
    const at1150 = statusForJoin(joiner, 1150);
    expect(at1150.get('hs2')).toEqual({ kind: 'answer', answer: 'M_UNABLE_TO_AUTHORISE_JOIN' });
    expect(at1150.get('hs3')).toEqual({ kind: 'pending' });
    expect(at1150.get('hs1')).toBeUndefined();
    expect(at1150.get('hs4')).toEqual({ kind: 'joiner' });
    expect(requestsForJoin(joiner, 1150).map((r) => [r.to, r.answer])).toEqual([
      ['hs2', 'M_UNABLE_TO_AUTHORISE_JOIN'],
      ['hs3', null],
    ]);
  });

  it('steps between the moments something happened', () => {
    const moments = momentsOf(dataset);
    expect(moments[0]).toBe(0);
    expect(moments.at(-1)).toBe(2100);
    expect(stepMoment(moments, 1000, 1)).toBe(1050);
    expect(stepMoment(moments, 1050, -1)).toBe(1000);
    expect(stepMoment(moments, 0, -1)).toBe(0);
    expect(stepMoment(moments, 2100, 1)).toBe(2100);
    expect(clampTime(99999, 2100)).toBe(2100);
    expect(clampTime(-5, 2100)).toBe(0);
  });
});
