/**
 * The mutable world of one run, shared by the loop's handlers: servers, network,
 * clock, trace, and the counters that keep events and requests ordered.
 */
import type { Simulator } from '../kernel/simulator';
import type { Network } from '../federation/network';
import type { ServerState } from '../federation/server-state';
import type { ImplementationProfile } from '../federation/profile';
import type { RandomStreams } from '../kernel/random-streams';
import type { TraceRecorder } from './trace';
import type { FederationRequest, JoinProcess } from './join-records';
import type { RoomCopies } from './room-copies';
import type { StateDelivery } from './state-delivery';
import type { UnfinishedJoins } from './unfinished-joins';
import type { AwaitedRequests } from './awaited-requests';
import { invariant } from '../kernel/invariant';

/** Kinds of kernel event. */
export const EV_ACTION = 0;
export const EV_REQUEST_ARRIVES = 1;
export const EV_ANSWER_ARRIVES = 2;
export const EV_REQUEST_TIMEOUT = 3;
export const EV_STATE_ARRIVES = 4;
/** A send_join short retry coming due (reference §3.4). */
export const EV_JOIN_RETRY = 5;

export interface World {
  readonly sim: Simulator<unknown>;
  readonly servers: Map<string, ServerState>;
  /** Each server's implementation profile, by its networkIndex. */
  readonly profiles: readonly ImplementationProfile[];
  readonly network: Network;
  readonly streams: RandomStreams;
  readonly trace: TraceRecorder;
  /** Which server holds which view, per room (room-copies.ts, changed through held-views.ts). */
  readonly rooms: Map<string, RoomCopies>;
  /**
   * State deliveries already handled, kept for reuse: on a random network each
   * copy of an event travels alone, so a run makes millions of them, and they
   * were the biggest share of what it allocated.
   */
  readonly spareDeliveries: StateDelivery[];
  /** Next global event stamp (orders state events; see RoomView). */
  nextStamp: number;
  nextRequestId: number;
  /** How many servers are down: while none is, a delivery need not look at its receiver's record. */
  serversDown: number;
  /** Whether any server has backed off from another yet: until then no delivery has a backoff to clear. */
  backoffsRecorded: boolean;
  /** Joins under way, in the order they started; a join leaves the list when it ends. */
  readonly unfinishedJoins: UnfinishedJoins<JoinProcess>;
  /** Federation requests whose joiner still waits for an answer, by id: a request is settled once it leaves (its timeout timer carries only the id). */
  readonly awaiting: AwaitedRequests<FederationRequest>;
}

/** The server called `name`; validation guarantees it exists. */
export function serverNamed(world: World, name: string): ServerState {
  const server = world.servers.get(name);
  // A plain test: a message closure would make V8 give every call a context for `name`.
  if (server === undefined) invariant(false, `unknown server "${name}" after validation`);
  return server;
}

/** The implementation profile of `server`. */
export function profileOf(world: World, server: ServerState): ImplementationProfile {
  const profile = world.profiles[server.networkIndex];
  if (profile === undefined) invariant(false, `no profile for server "${server.name}"`);
  return profile;
}

/** Whether a message from `from` can reach `to` now: `to` is up and no partition divides them. */
export function unreachableBecause(world: World, from: string, to: string): string | null {
  if (world.servers.get(to)?.crashed) return `${to} is down`;
  if (world.network.isPartitioned(from, to)) return `a partition separates ${from} from ${to}`;
  return null;
}
