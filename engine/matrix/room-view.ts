/**
 * One server's view of one room's current state: the parts the join flow needs
 * (version, creator, join rules, power levels, memberships). Views are mutable and
 * owned by the simulation loop; each state key remembers the stamp of the event
 * that set it, so deliveries that arrive out of order cannot roll state back and
 * every view converges once it has received the same events.
 *
 * Speed (a view is touched for every delivery of every state event): stamps are
 * kept by user ID rather than by a built "type|state_key" string, the sorted
 * resident list and each server's authorisers are cached until a change can alter
 * them, a clone copies maps wholesale, and the t = 0 state is shared (see derive).
 */
import type { JoinRulesContent, Membership, PowerLevelsContent } from '../scenario/types';
import type { ServerAclContent } from './server-acl';
import { serverOf } from './ids';
import { parseJoinRules, type ParsedJoinRules } from './join-rules';
import { roomVersion, type RoomVersionRules } from './room-versions';

export class RoomView {
  readonly rules: RoomVersionRules;
  joinRulesContent: JoinRulesContent;
  joinRules: ParsedJoinRules;
  powerLevels: PowerLevelsContent;
  /** The room's server ACL (`m.room.server_acl` content), or null when it has none. */
  serverAcl: ServerAclContent | null = null;
  /** Memberships other than leave, by user ID (read-only: change them through setMembership). */
  readonly members: ReadonlyMap<string, Membership>;
  /**
   * Each user's m.room.member state: stamp * 8 + membership code, one number per
   * user. Copy-on-write: `baseMembers` is the room's state at t = 0, shared by every
   * view that started from it and never changed; `ownMembers` holds what this view
   * learnt since. A big federation holds a view per resident server per room, so
   * sharing the initial state is most of a run's memory and set-up time.
   */
  private readonly baseMembers: ReadonlyMap<string, number> | null;
  private readonly ownMembers: Map<string, number>;
  /** Joined users per server, layered the same way; a count > 0 means resident as far as this view knows. */
  private readonly baseJoined: ReadonlyMap<string, number> | null;
  private readonly ownJoined: Map<string, number>;
  private memberCount = 0;
  private residentCount = 0;
  private joinRulesStamp = -1;
  private powerLevelsStamp = -1;
  /** residentServers() in name order; null when a server became or stopped being resident. */
  private residentCache: string[] | null = null;
  /** authorisersOn() per server; an entry goes when that server's memberships change, all go with the power levels. */
  private authoriserCache: Map<string, readonly string[]> | null = null;

  /**
   * A view with no members, or (with `copyOf`) a copy of another view. With
   * `shareBase`, the copy shares `copyOf`'s state as its frozen base instead of
   * copying it, and `copyOf` must never change again (see `derive`).
   */
  constructor(
    readonly roomId: string,
    readonly version: string,
    readonly creator: string,
    joinRules: JoinRulesContent,
    powerLevels: PowerLevelsContent,
    copyOf?: RoomView,
    shareBase = false,
  ) {
    this.rules = roomVersion(version);
    this.joinRulesContent = joinRules;
    this.joinRules = copyOf ? copyOf.joinRules : parseJoinRules(joinRules);
    this.powerLevels = powerLevels;
    if (copyOf && shareBase) {
      invariantNoBase(copyOf);
      this.baseMembers = copyOf.ownMembers;
      this.baseJoined = copyOf.ownJoined;
      this.ownMembers = new Map();
      this.ownJoined = new Map();
    } else {
      this.baseMembers = copyOf ? copyOf.baseMembers : null;
      this.baseJoined = copyOf ? copyOf.baseJoined : null;
      this.ownMembers = copyOf ? new Map(copyOf.ownMembers) : new Map();
      this.ownJoined = copyOf ? new Map(copyOf.ownJoined) : new Map();
    }
    this.members = new MembersOf(this);
    if (copyOf) {
      this.serverAcl = copyOf.serverAcl;
      this.memberCount = copyOf.memberCount;
      this.residentCount = copyOf.residentCount;
      this.joinRulesStamp = copyOf.joinRulesStamp;
      this.powerLevelsStamp = copyOf.powerLevelsStamp;
      // Cached lists are never mutated in place, so the copy can share them.
      this.residentCache = copyOf.residentCache;
      this.authoriserCache = copyOf.authoriserCache ? new Map(copyOf.authoriserCache) : null;
    }
  }

  /**
   * A new view starting from this one's state, sharing it rather than copying it.
   * Use for the t = 0 state that every resident holds: build one template view,
   * derive each resident's view from it, and never change the template.
   */
  derive(): RoomView {
    return new RoomView(this.roomId, this.version, this.creator, this.joinRulesContent, this.powerLevels, this, true);
  }

  /** The packed state of `userId` (stamp * 8 + code), or undefined when this view has none. */
  memberStateOf(userId: string): number | undefined {
    const own = this.ownMembers.get(userId);
    return own !== undefined ? own : this.baseMembers?.get(userId);
  }

  /** Every user with a packed state, own entries taking precedence over the base. */
  *memberStates(): IterableIterator<[string, number]> {
    yield* this.ownMembers;
    if (this.baseMembers) for (const entry of this.baseMembers) if (!this.ownMembers.has(entry[0])) yield entry;
  }

  get memberTotal(): number {
    return this.memberCount;
  }

  membership(userId: string): Membership | 'none' {
    const state = this.memberStateOf(userId);
    return state === undefined ? 'none' : (CODE_TO_MEMBERSHIP[state & 7] as Membership | 'none');
  }

  private joinedOn(server: string): number {
    const own = this.ownJoined.get(server);
    return own !== undefined ? own : (this.baseJoined?.get(server) ?? 0);
  }

  /** Whether `server` has at least one joined user, in this view. */
  isResident(server: string): boolean {
    return this.joinedOn(server) > 0;
  }

  /** How many servers are resident, in this view. */
  get residentTotal(): number {
    return this.residentCount;
  }

  /** Servers with joined users in this view, in name order (a fresh array the caller may keep or change). */
  residentServers(): string[] {
    if (this.residentCache === null) {
      const out: string[] = [];
      for (const [server, count] of this.ownJoined) if (count > 0) out.push(server);
      if (this.baseJoined) for (const [server, count] of this.baseJoined) if (count > 0 && !this.ownJoined.has(server)) out.push(server);
      this.residentCache = out.sort();
    }
    return this.residentCache.slice();
  }

  /** Sets a membership if `stamp` is newer than what this view holds for that user; true when applied. */
  setMembership(userId: string, membership: Membership, stamp: number): boolean {
    const held = this.memberStateOf(userId);
    if (stamp <= (held === undefined ? -1 : Math.floor(held / 8))) return false;
    const code = MEMBERSHIP_TO_CODE[membership];
    this.ownMembers.set(userId, stamp * 8 + code);
    const before = held === undefined ? CODE_LEAVE : held & 7;
    if (before === code) return true;
    if (before === CODE_LEAVE) this.memberCount++;
    else if (code === CODE_LEAVE) this.memberCount--;
    if (before === CODE_JOIN) this.adjustJoined(userId, -1);
    if (code === CODE_JOIN) this.adjustJoined(userId, +1);
    return true;
  }

  setJoinRules(content: JoinRulesContent, stamp: number): boolean {
    if (stamp <= this.joinRulesStamp) return false;
    this.joinRulesStamp = stamp;
    this.joinRulesContent = content;
    this.joinRules = parseJoinRules(content);
    return true;
  }

  setPowerLevels(content: PowerLevelsContent, stamp: number): boolean {
    if (stamp <= this.powerLevelsStamp) return false;
    this.powerLevelsStamp = stamp;
    this.powerLevels = content;
    this.authoriserCache = null;
    return true;
  }

  /** A copy, as a send_join answer hands the room's state to the joining server (the shared base stays shared). */
  clone(): RoomView {
    return new RoomView(this.roomId, this.version, this.creator, this.joinRulesContent, this.powerLevels, this);
  }

  /** The cached authorisers of `server`, or undefined (see auth-rules authorisersOn). */
  cachedAuthorisers(server: string): readonly string[] | undefined {
    return this.authoriserCache?.get(server);
  }

  cacheAuthorisers(server: string, users: readonly string[]): void {
    (this.authoriserCache ??= new Map()).set(server, users);
  }

  private adjustJoined(userId: string, delta: number): void {
    const server = serverOf(userId);
    const before = this.joinedOn(server);
    const count = before + delta;
    // An explicit 0 overrides a base count, so the entry stays rather than being deleted.
    this.ownJoined.set(server, count);
    if (before <= 0 && count > 0) {
      this.residentCount++;
      this.residentCache = null;
    } else if (before > 0 && count <= 0) {
      this.residentCount--;
      this.residentCache = null;
    }
    this.authoriserCache?.delete(server);
  }
}

function invariantNoBase(view: RoomView): void {
  // A template must hold its state in its own maps for derived views to share them.
  if ((view as unknown as { baseMembers: unknown }).baseMembers !== null) throw new RangeError(`derive() needs a template view without a base (${view.roomId})`);
}

// Membership codes of memberState; leave means "no membership" (as the spec's absent member).
const CODE_LEAVE = 0;
const CODE_JOIN = 1;
const MEMBERSHIP_TO_CODE: Record<Membership, number> = { leave: CODE_LEAVE, join: CODE_JOIN, invite: 2, ban: 3, knock: 4 };
const CODE_TO_MEMBERSHIP: readonly (Membership | 'none')[] = ['none', 'join', 'invite', 'ban', 'knock'];

/** `members` as a read-only Map over a view's packed states, leaving out users whose membership is leave. */
class MembersOf implements ReadonlyMap<string, Membership> {
  constructor(private readonly view: RoomView) {}

  get size(): number {
    return this.view.memberTotal;
  }

  get(userId: string): Membership | undefined {
    const state = this.view.memberStateOf(userId);
    return state === undefined || (state & 7) === CODE_LEAVE ? undefined : (CODE_TO_MEMBERSHIP[state & 7] as Membership);
  }

  has(userId: string): boolean {
    return this.get(userId) !== undefined;
  }

  *entries(): MapIterator<[string, Membership]> {
    for (const [user, state] of this.view.memberStates()) if ((state & 7) !== CODE_LEAVE) yield [user, CODE_TO_MEMBERSHIP[state & 7] as Membership];
  }

  *keys(): MapIterator<string> {
    for (const [user] of this.entries()) yield user;
  }

  *values(): MapIterator<Membership> {
    for (const [, membership] of this.entries()) yield membership;
  }

  [Symbol.iterator](): MapIterator<[string, Membership]> {
    return this.entries();
  }

  forEach(callback: (value: Membership, key: string, map: ReadonlyMap<string, Membership>) => void): void {
    for (const [user, membership] of this.entries()) callback(membership, user, this);
  }
}
