/**
 * Applying a Fix to a scenario: a new scenario made with immer's `produce`, the
 * original untouched (house style: immer for scenario variants, never per event).
 * The result is a valid scenario whenever the input was, so it can be simulated
 * as is.
 */
import { produce, type Draft } from 'immer';
import { serverOf } from '../matrix/ids';
import { aclDenial } from '../matrix/server-acl';
import type { RoomSpec, Scenario, TimelineAction } from '../scenario/types';
import type { Fix } from '../report/explanation';

function roomIn(draft: Draft<Scenario>, id: string): Draft<RoomSpec> | undefined {
  return draft.rooms.find((r) => r.id === id);
}

/** Keeps the timeline in the order the simulation expects: by time, file order for ties. */
function sortTimeline(timeline: Draft<TimelineAction>[]): void {
  timeline.sort((a, b) => a.at - b.at || a.index - b.index);
}

export function applyFix(scenario: Scenario, fix: Fix): Scenario {
  return produce(scenario, (draft) => {
    switch (fix.type) {
      case 'fix-allow-entry': {
        const room = roomIn(draft, fix.room);
        if (room && Array.isArray(room.joinRules.allow)) {
          room.joinRules.allow = (room.joinRules.allow as unknown[]).map((entry) =>
            entry !== null && typeof entry === 'object' && (entry as { room_id?: unknown }).room_id === fix.from ? { ...(entry as object), room_id: fix.to } : entry,
          );
        }
        break;
      }
      case 'repair-allow-entries': {
        const room = roomIn(draft, fix.room);
        if (room && Array.isArray(room.joinRules.allow)) {
          // Entries with a string room_id keep it and get the one condition type the spec has.
          room.joinRules.allow = (room.joinRules.allow as unknown[]).flatMap((entry) => {
            const roomId = entry !== null && typeof entry === 'object' ? (entry as { room_id?: unknown }).room_id : undefined;
            return typeof roomId === 'string' ? [{ type: 'm.room_membership', room_id: roomId }] : [];
          });
        }
        break;
      }
      case 'add-via': {
        const join = draft.timeline.find((a) => a.do === 'join' && a.id === fix.join);
        if (join && join.do === 'join') {
          const current = join.via && join.via.length > 0 ? join.via : [serverOf(join.room)].filter((s) => s !== '');
          join.via = [fix.server, ...current.filter((s) => s !== fix.server)];
        }
        break;
      }
      case 'lower-invite-level': {
        const room = roomIn(draft, fix.room);
        if (room) room.powerLevels.invite = fix.level;
        break;
      }
      case 'grant-power': {
        const room = roomIn(draft, fix.room);
        if (room) room.powerLevels.users = { ...(room.powerLevels.users ?? {}), [fix.user]: fix.level };
        break;
      }
      case 'join-room': {
        const room = roomIn(draft, fix.room);
        if (room) room.members[fix.user] = 'join';
        break;
      }
      case 'invite': {
        const room = roomIn(draft, fix.room);
        if (room) room.members[fix.user] = 'invite';
        break;
      }
      case 'unban': {
        const room = roomIn(draft, fix.room);
        if (room) delete room.members[fix.user];
        break;
      }
      case 'support-version': {
        const server = draft.servers.find((s) => s.name === fix.server);
        if (server && !server.roomVersions.includes(fix.version)) server.roomVersions.push(fix.version);
        break;
      }
      case 'room-version': {
        const room = roomIn(draft, fix.room);
        if (room) room.version = fix.version;
        break;
      }
      case 'delay-join': {
        const join = draft.timeline.find((a) => a.do === 'join' && a.id === fix.join);
        if (join) join.at += fix.by;
        sortTimeline(draft.timeline);
        break;
      }
      case 'acl-allow-server': {
        // Drop the deny entries that match the server and allow it by name.
        const room = roomIn(draft, fix.room);
        if (room?.serverAcl) {
          const acl = room.serverAcl;
          acl.deny = (acl.deny ?? []).filter((glob) => aclDenial({ allow: ['*'], deny: [glob] }, fix.server) === null);
          acl.allow = [...(acl.allow ?? []).filter((glob) => glob !== fix.server), fix.server];
        }
        break;
      }
      case 'drop-action': {
        draft.timeline = draft.timeline.filter((a) => a.index !== fix.index);
        break;
      }
    }
  });
}
