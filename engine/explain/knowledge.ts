/**
 * Snapshots of what one server knew, taken while the simulation runs (the
 * resident's answer depends only on its own, possibly stale, views: reference
 * §2.4). `since` times come from a MembershipClock fed by the trace.
 */
import { authorisersOn } from '../matrix/auth-rules';
import { inviteLevel } from '../matrix/power-levels';
import type { ServerState } from '../federation/server-state';
import type { TraceEvent } from '../run/trace';
import type { AllowedRoomKnowledge, ServerKnowledge } from '../report/explanation';

/**
 * When each server last applied each user's membership in each room, and when
 * each membership was last sent by anyone (the "truth" a stale view lags behind),
 * rebuilt from the trace: 'state' records apply at the sender, 'deliver' records
 * at the receiver (found by the event's stamp), 'forget' drops a server's room.
 */
export class MembershipClock {
  /**
   * `users`: keep time only for these users' memberships (null: everyone's). A
   * big run applies tens of millions of member events, one entry each, more than
   * a Map may hold; explaining a few joins needs only their users.
   */
  constructor(private readonly users: ReadonlySet<string> | null = null) {}

  private readonly stamps = new Map<number, { room: string; user: string; value: string }>();
  private readonly learned = new Map<string, number>();
  /** Server|room → when the server got the room's whole state (a send_join answer). */
  private readonly roomLearned = new Map<string, number>();
  private readonly latest = new Map<string, { t: number; value: string; server: string }>();

  observe(event: TraceEvent): void {
    if (event.type === 'state' && event.event === 'm.room.member') {
      if (this.users !== null && !this.users.has(event.stateKey)) return;
      this.stamps.set(event.stamp, { room: event.room, user: event.stateKey, value: event.value });
      this.learned.set(`${event.server}|${event.room}|${event.stateKey}`, event.t);
      this.latest.set(`${event.room}|${event.stateKey}`, { t: event.t, value: event.value, server: event.server });
    } else if (event.type === 'deliver' && event.applied) {
      const known = this.stamps.get(event.stamp);
      if (known) this.learned.set(`${event.to}|${known.room}|${known.user}`, event.t);
    } else if (event.type === 'forget') {
      this.roomLearned.delete(`${event.server}|${event.room}`);
    }
  }

  /** A joining server that got the room's state in a send_join answer at `t`. */
  gotRoomState(server: string, room: string, t: number): void {
    this.roomLearned.set(`${server}|${room}`, t);
  }

  /** When `server` learned `user`'s current membership in `room`: 0 for the state at t = 0. */
  since(server: string, room: string, user: string): number {
    return this.learned.get(`${server}|${room}|${user}`) ?? this.roomLearned.get(`${server}|${room}`) ?? 0;
  }

  /** The last membership event for `user` in `room` that any server sent, by time `t`. */
  lastSent(room: string, user: string): { t: number; value: string; server: string } | undefined {
    return this.latest.get(`${room}|${user}`);
  }
}

/** What `server` knows now about `roomId` and its allowed rooms, for `user`. */
export function snapshotKnowledge(server: ServerState, roomId: string, user: string, at: number, clock: MembershipClock): ServerKnowledge {
  const view = server.views.get(roomId);
  if (!view) {
    return { server: server.name, at, resident: false, roomVersion: null, joinRule: null, inviteLevel: null, mayInvite: [], userMembership: 'none', allowedRooms: [] };
  }
  const allowedRooms: AllowedRoomKnowledge[] = [...new Set(view.joinRules.allowedRooms)].map((room) => {
    const allowed = server.views.get(room);
    const membership = allowed ? allowed.membership(user) : 'none';
    return {
      room,
      resident: allowed !== undefined,
      userMembership: membership,
      since: allowed && membership !== 'none' ? clock.since(server.name, room, user) : null,
    };
  });
  return {
    server: server.name,
    at,
    resident: view.isResident(server.name),
    roomVersion: view.version,
    joinRule: view.joinRules.rule,
    inviteLevel: inviteLevel(view.powerLevels),
    mayInvite: authorisersOn(view, server.name),
    userMembership: view.membership(user),
    allowedRooms,
  };
}
