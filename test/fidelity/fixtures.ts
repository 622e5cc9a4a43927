/**
 * Fixtures for the rule tables: one server (`hs2`, the resident or joiner under
 * test) holding hand-made views, built with a given implementation profile, so a
 * table row can state "what R sees" directly instead of through a whole run.
 */
import type { ServerAclContent } from '../../engine/matrix/server-acl';
import { createProfile } from '../../engine/federation/profiles';
import type { ImplementationProfile } from '../../engine/federation/profile';
import { ServerState } from '../../engine/federation/server-state';
import { RoomView } from '../../engine/matrix/room-view';
import { ALL_ROOM_VERSIONS, type ImplementationName, type JoinRulesContent, type Membership, type PowerLevelsContent } from '../../engine/scenario/types';

export const ALL_PROFILES: readonly ImplementationName[] = ['synapse', 'synapse-1.77', 'dendrite', 'conduwuit', 'tuwunel', 'spec'];

export const TARGET = '!room:hs1';
export const SPACE = '!space:hs1';

export interface RoomState {
  version?: string;
  joinRules?: JoinRulesContent;
  powerLevels?: PowerLevelsContent;
  members: Record<string, Membership>;
  serverAcl?: ServerAclContent;
}

export interface ServerFixture {
  name?: string;
  implementation: ImplementationName;
  settings?: Record<string, unknown>;
  users?: string[];
  /** Rooms this server holds a view of, by room ID. */
  rooms?: Record<string, RoomState>;
  /** Pending invites for its users while not resident: room ID → user → inviter. */
  invites?: Record<string, Record<string, string>>;
}

/** A restricted room allowing SPACE, invite level 50, with the given members and power. */
export function restricted(members: Record<string, Membership>, users: Record<string, number> = {}, extra: Partial<RoomState> = {}): RoomState {
  return {
    joinRules: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: SPACE }] },
    powerLevels: { invite: 50, users: { '@admin:hs1': 100, ...users } },
    members: { '@admin:hs1': 'join', ...members },
    ...extra,
  };
}

/** A server with the profile it was built with (in a run, the run keeps the profiles). */
export class FixtureServer extends ServerState {
  constructor(
    spec: ConstructorParameters<typeof ServerState>[0],
    readonly profile: ImplementationProfile,
  ) {
    super(spec);
  }
}

export function buildServer(fixture: ServerFixture): FixtureServer {
  const name = fixture.name ?? 'hs2';
  const profile = createProfile(fixture.implementation, fixture.settings);
  if (!profile) throw new Error(`no profile ${fixture.implementation}`);
  const server = new FixtureServer({ name, implementation: fixture.implementation, roomVersions: [...ALL_ROOM_VERSIONS], users: fixture.users ?? [] }, profile);
  for (const [roomId, state] of Object.entries(fixture.rooms ?? {})) {
    const view = new RoomView(roomId, state.version ?? '10', '@admin:hs1', state.joinRules ?? { join_rule: 'public' }, state.powerLevels ?? { users: { '@admin:hs1': 100 } });
    view.setMembership('@admin:hs1', 'join', 0);
    view.serverAcl = state.serverAcl ?? null;
    let stamp = 1;
    for (const [user, membership] of Object.entries(state.members)) if (user !== '@admin:hs1') view.setMembership(user, membership, stamp++);
    server.views.set(roomId, view);
  }
  for (const [roomId, invites] of Object.entries(fixture.invites ?? {})) server.pendingInvites.set(roomId, new Map(Object.entries(invites)));
  return server;
}
