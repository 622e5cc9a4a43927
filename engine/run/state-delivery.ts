/** What travels between servers when a state event spreads (state-propagation.ts sends and handles it). */
import type { StateEvent } from '../federation/messages';
import type { ServerState } from '../federation/server-state';
import type { KnownServers } from '../store/index';
import type { RoomCopies } from './room-copies';

/**
 * One state event on its way from one server to the receivers it reaches at the
 * same instant, in the order they were sent to. One kernel event stands for all
 * of them: those deliveries would have been consecutive in the queue anyway
 * (same time, same priority, scheduled one after another, first in first out),
 * so handling them in one go changes nothing but the number of queue operations.
 */
export interface StateDelivery {
  /** The sending server (its name, and the name's word for the trace, come from its record). */
  sender: ServerState;
  event: StateEvent;
  /** Servers already sent (or known to hold) this event: forwarding skips them. Shared, never mutated. */
  known: KnownServers;
  copies: RoomCopies;
  /** The first receiver's slot in `copies`. */
  slot: number;
  /**
   * The other receivers' slots, in order, or null when there is one receiver
   * (most deliveries on a random network, where each copy draws its own latency:
   * no array for those).
   */
  more: number[] | null;
}
