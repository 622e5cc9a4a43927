/**
 * Timeline actions other than joins (contract "Timeline"): membership and state
 * changes sent by a user's server after checking the auth rules against its own
 * view, and the faults (crash, recover, partition, heal). Each returns whether it
 * took effect and why, for the report.
 */
import { checkBan, checkInvite, checkLeave, checkStateEvent } from '../matrix/auth-rules';
import { serverOf } from '../matrix/ids';
import { assertNever } from '../kernel/invariant';
import type { StateEventContent } from '../federation/messages';
import type { TimelineAction } from '../scenario/types';
import { emitStateEvent, flushOutboxes } from './state-propagation';
import { serverNamed, type World } from './world';

export interface ActionOutcome {
  applied: boolean;
  reason: string;
}

type NonJoinAction = Exclude<TimelineAction, { do: 'join' }>;

/** Sends a state event as `sender` from their server, if its view allows it. */
function sendAs(
  world: World,
  sender: string,
  roomId: string,
  stateKey: string,
  body: StateEventContent,
  check: (view: import('../matrix/room-view').RoomView) => { allowed: boolean; reason?: string },
  what: string,
): ActionOutcome {
  const server = serverNamed(world, serverOf(sender));
  if (server.crashed) return { applied: false, reason: `${server.name} is down` };
  const view = server.views.get(roomId);
  if (!view) return { applied: false, reason: `${server.name} is not resident in ${roomId}` };
  const verdict = check(view);
  if (!verdict.allowed) return { applied: false, reason: `${server.name} refused it: ${verdict.reason ?? 'not allowed'}` };
  emitStateEvent(world, server, view, sender, stateKey, body);
  return { applied: true, reason: what };
}

export function performAction(world: World, action: NonJoinAction): ActionOutcome {
  switch (action.do) {
    case 'leave':
      return sendAs(world, action.user, action.room, action.user, { type: 'm.room.member', membership: 'leave', authorisingUser: null }, (v) => checkLeave(v, action.user), `${action.user} left ${action.room}`);
    case 'invite':
      return sendAs(world, action.sender, action.room, action.user, { type: 'm.room.member', membership: 'invite', authorisingUser: null }, (v) => checkInvite(v, action.sender, action.user), `${action.sender} invited ${action.user}`);
    case 'ban':
      return sendAs(world, action.sender, action.room, action.user, { type: 'm.room.member', membership: 'ban', authorisingUser: null }, (v) => checkBan(v, action.sender, action.user), `${action.sender} banned ${action.user}`);
    case 'setPowerLevels':
      return sendAs(world, action.sender, action.room, '', { type: 'm.room.power_levels', content: action.content }, (v) => checkStateEvent(v, action.sender, 'm.room.power_levels'), `${action.sender} set new power levels`);
    case 'setJoinRules':
      return sendAs(world, action.sender, action.room, '', { type: 'm.room.join_rules', content: action.content }, (v) => checkStateEvent(v, action.sender, 'm.room.join_rules'), `${action.sender} set new join rules`);
    case 'crash': {
      const server = serverNamed(world, action.server);
      // From now on it answers nothing, applies nothing and sends nothing: requests
      // to it go unanswered (join-requests), events for it wait in their senders'
      // queues (state-propagation), its own queue is not flushed, and its
      // timeline actions and joins are refused.
      if (!server.crashed) world.serversDown++;
      server.crashed = true;
      return { applied: true, reason: `${action.server} went down` };
    }
    case 'recover': {
      const server = serverNamed(world, action.server);
      if (server.crashed) world.serversDown--;
      server.crashed = false;
      flushOutboxes(world);
      return { applied: true, reason: `${action.server} came back and is sent what it missed` };
    }
    case 'partition':
      world.network.partition(action.groups);
      // A new partition may reconnect servers an earlier one kept apart.
      flushOutboxes(world);
      return { applied: true, reason: `partitioned into ${action.groups.map((g) => `[${g.join(', ')}]`).join(' ')}` };
    case 'heal':
      world.network.heal();
      flushOutboxes(world);
      return { applied: true, reason: 'every partition healed' };
    default:
      return assertNever(action, 'timeline action');
  }
}
