/**
 * What travels between servers in a join: the make_join and send_join requests,
 * the resident's answer, and the state events that residents send each other.
 */
import type { JoinRulesContent, Membership, PowerLevelsContent } from '../scenario/types';
import type { RoomView } from '../matrix/room-view';
import type { LoggedMember } from '../store/index';

/** The two requests of a remote join. */
export type JoinStep = 'make_join' | 'send_join';

export interface MakeJoinRequest {
  /** The requesting (joining) server. */
  origin: string;
  user: string;
  roomId: string;
  /** The room versions the joining server supports (`ver`). */
  versions: ReadonlySet<string>;
  /** When the request arrives (for rate limits). */
  now: number;
}

/**
 * The state a make_join template was built on (the join event's prev_events), as
 * far as the join's auth rules read it: the join rules, the power levels, and the
 * memberships of the joining user and the authorising user then.
 */
export interface TemplateState {
  joinRules: JoinRulesContent;
  powerLevels: PowerLevelsContent;
  userMembership: Membership | 'none';
  authoriserMembership: Membership | 'none';
}

export interface SendJoinRequest {
  origin: string;
  user: string;
  roomId: string;
  /** `join_authorised_via_users_server` from the make_join template, or null. */
  authorisingUser: string | null;
  /** The state the template was built on, when the join event came from a make_join (null: unknown). */
  templateState?: TemplateState | null;
  /** When the request arrives (for rate limits). */
  now: number;
}

/** A resident's answer to make_join or send_join. */
export interface ResidentAnswer {
  status: number;
  errcode: string | null;
  /** Why, for people. */
  reason: string;
  /** The check in the implementation's order that decided the answer (e.g. "allow", "grant"). */
  check: string;
  /** make_join 200: the authorising user put in the template (null when none is needed). */
  authorisingUser?: string | null;
  /** make_join 200: the room version of the template. */
  roomVersion?: string;
  /** make_join 200: the resident's state the template was built on. */
  templateState?: TemplateState;
  /** send_join 200: the room state handed to the joining server. */
  state?: RoomView;
  /**
   * send_join 200 for a join the resident soft-failed (Synapse send_join step 9,
   * reference §1.4, §5.2 S4): accepted and persisted, but not part of its current
   * state and not passed on.
   */
  softFailed?: boolean;
  /** With `softFailed`: the join event itself, which only the joining server applies (to the state it was handed). */
  ownJoin?: StateEvent;
}

export type StateEventContent =
  | { type: 'm.room.member'; membership: Membership; authorisingUser: string | null }
  | { type: 'm.room.power_levels'; content: PowerLevelsContent }
  | { type: 'm.room.join_rules'; content: JoinRulesContent };

/** A state event as sent between servers. `stamp` orders events globally (see RoomView). */
export interface StateEvent {
  stamp: number;
  roomId: string;
  sender: string;
  /** The user a member event is about; '' for other state. */
  stateKey: string;
  body: StateEventContent;
  /** A member event's place in the room's member log (null for other state): receivers apply it by index. */
  logged: LoggedMember | null;
}
