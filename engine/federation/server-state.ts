/**
 * One homeserver as the simulation holds it: its users and supported room
 * versions, the rooms it is resident in (each its own view, possibly stale), the
 * invites it has been told of, whether it is up, and its outgoing queues of
 * events that could not yet be delivered. Its behaviour, the implementation
 * profile, is the run's to look up (profiles take a server, so a server holding
 * its profile would make the two types import each other).
 */
import type { ServerSpec } from '../scenario/types';
import type { RoomView } from '../matrix/room-view';
import { canonicalServerName, toUserId } from '../matrix/ids';
import { stringWord } from '../kernel/fingerprint';
import type { StateEvent } from './messages';
import type { KnownServers } from '../store/index';

export interface BackoffState {
  /** Requests to the destination are skipped until this time. */
  until: number;
  /** The current retry interval in ms. */
  interval: number;
  failures: number;
}

/** A queued event and the servers it is known to have reached already (so forwarding skips them). */
export interface QueuedEvent {
  event: StateEvent;
  known: KnownServers;
}

export class ServerState {
  readonly name: string;
  /** stringWord of the name, for the trace's fingerprint (every copy of state this server sends hashes it). */
  readonly nameWord: number;
  readonly users: ReadonlySet<string>;
  readonly roomVersions: ReadonlySet<string>;
  /**
   * Rooms this server is resident in, by room ID: its own, possibly stale, view.
   * A run changes it only through run/held-views (holdView, dropView).
   */
  readonly views = new Map<string, RoomView>();
  /** Invites this server was sent for its users while not resident: room ID to (user to inviter). */
  readonly pendingInvites = new Map<string, Map<string, string>>();
  /** Events waiting for an unreachable destination, by destination (a federation transaction queue). */
  readonly outbox = new Map<string, QueuedEvent[]>();
  /** Per-destination backoff, as this server's federation sender keeps it. */
  readonly backoff = new Map<string, BackoffState>();
  /** Whether `backoff` ever had an entry (a cheap test for the per-delivery path). */
  everBackedOff = false;
  /** Per-room join rate limiter buckets, when the profile turns the limiter on (join-rate-limit.ts). */
  readonly joinBuckets = new Map<string, { tokens: number; at: number }>();
  /** Rooms this server has a send_join under way for, with how many. */
  readonly joining = new Map<string, number>();
  /** Events that arrived for a room while its send_join was under way; applied once the state comes. */
  readonly heldForJoin = new Map<string, StateEvent[]>();
  /**
   * Rooms this server was resident in and left (its last joined user left, so the
   * run dropped its view). Dendrite still knows such a room and answers 404 rather
   * than "unknown room" (reference §1.6).
   */
  readonly leftRooms = new Set<string>();

  /**
   * Rooms this server joined with partial state (Synapse faster joins), with when
   * each window ends (federation/partial-state.ts). Entries stay after the window,
   * for the report.
   */
  readonly partialStateUntil = new Map<string, number>();
  crashed = false;

  /**
   * `networkIndex` is the server's number in the run's Network (Network.indexOf),
   * kept here so that a room's slot table can hold it per receiver; -1 outside a run.
   */
  constructor(
    readonly spec: ServerSpec,
    readonly networkIndex = -1,
  ) {
    // The one string object for this name (ids.ts), so that names compare by pointer everywhere.
    this.name = canonicalServerName(spec.name);
    this.nameWord = stringWord(this.name);
    this.users = new Set(spec.users.map((local) => toUserId(local, spec.name)));
    this.roomVersions = new Set(spec.roomVersions);
  }

  /** Whether this server is resident in `roomId` (it has a view of it). */
  isResidentIn(roomId: string): boolean {
    return this.views.has(roomId);
  }

  queue(destination: string, event: StateEvent, known: KnownServers): void {
    let queued = this.outbox.get(destination);
    if (!queued) this.outbox.set(destination, (queued = []));
    queued.push({ event, known });
  }
}
