import { describe, expect, it } from 'vitest';
import type { RoomSpec } from '../../engine/index';
import { readFileSync } from 'node:fs';
import { authorisingServers, cellKey, participationAt } from '../../viz/model/participation';
import { loadInput } from '../../viz/model/load-input';
import { reportFromTrace } from '../../viz/model/report-from-trace';

/** A v12 restricted room: invite 50, nobody in users; who authorises depends on which creators are joined. */
function v12Room(members: RoomSpec['members'], additionalCreators?: string[]): RoomSpec {
  return {
    id: '!W7mJ0xTkqLr3HcP1vN8sYdQe5uZa2bFgK9oXiD4hC6w',
    version: '12',
    creator: '@founder:hs1',
    ...(additionalCreators ? { additionalCreators } : {}),
    joinRules: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: '!space:hs1' }] },
    powerLevels: { invite: 50, users: {} },
    members,
  };
}

describe('the participation matrix authorising servers', () => {
  it('counts a v12 creator, and an additional creator, only while joined', () => {
    expect([...authorisingServers(v12Room({ '@founder:hs1': 'join', '@guest:hs2': 'join' }))]).toEqual(['hs1']);
    expect([...authorisingServers(v12Room({ '@founder:hs1': 'leave', '@guest:hs2': 'join' }))]).toEqual([]);
    expect([...authorisingServers(v12Room({ '@founder:hs1': 'leave', '@co:hs3': 'join' }, ['@co:hs3']))]).toEqual(['hs3']);
  });
});

describe('the participation matrix and partial-state joins', () => {
  const text = readFileSync(new URL('../../scenarios/fidelity/synapse-partial-state-join.yaml', import.meta.url), 'utf8');
  const loaded = loadInput(text, 'synapse-partial-state-join.yaml', 'fidelity/synapse-partial-state-join');
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const dataset = loaded.dataset;

  it('marks a resident holding the room with partial state until its window ends (report partialStateUntil)', () => {
    const at = (t: number) => participationAt(dataset, t).cells.get(cellKey('hs2', '!room:hs1'));
    // hs2's join completed at 1.2 s; the window (5 s in the file) ends at 6.2 s.
    expect(at(1000)?.resident ?? false).toBe(false);
    expect(at(3000)).toMatchObject({ resident: true, partialStateUntil: 6200 });
    expect(at(6200)).toMatchObject({ resident: true, partialStateUntil: null });
  });

  it('reads the window from a trace alone too', () => {
    const report = reportFromTrace(dataset.trace, 'trace');
    expect(report.partialStateUntil?.hs2).toEqual({ '!room:hs1': 6200 });
  });
});
