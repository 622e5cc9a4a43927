import { describe, expect, it } from 'vitest';
import type { RoomSpec } from '../../engine/index';
import { authorisingServers } from '../../viz/model/participation';

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
