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
 * them, and a clone copies maps wholesale.
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
  /** Joined users per server; a server with a count > 0 is resident as far as this view knows. */
  readonly joinedPerServer: Map<string, number>;
  /**
   * Each user's m.room.member state: stamp * 8 + membership code, one Map entry
   * instead of two (membership, stamp). A big federation holds a view per
   * resident server per room, so this halves most of a run's memory.
   */
  private readonly memberState: Map<string, number>;
  private memberCount = 0;
  private joinRulesStamp = -1;
  private powerLevelsStamp = -1;
  /** residentServers() in name order; null when a server became or stopped being resident. */
  private residentCache: string[] | null = null;
  /** authorisersOn() per server; an entry goes when that server's memberships change, all go with the power levels. */
  private authoriserCache: Map<string, readonly string[]> | null = null;

  constructor(
    readonly roomId: string,
    readonly version: string,
    readonly creator: string,
    joinRules: JoinRulesContent,
    powerLevels: PowerLevelsContent,
    copyOf?: RoomView,
  ) {
    this.rules = roomVersion(version);
    this.joinRulesContent = joinRules;
    this.joinRules = copyOf ? copyOf.joinRules : parseJoinRules(joinRules);
    this.powerLevels = powerLevels;
    this.memberState = copyOf ? new Map(copyOf.memberState) : new Map();
    this.members = new MembersOf(this.memberState, () => this.memberCount);
    this.joinedPerServer = copyOf ? new Map(copyOf.joinedPerServer) : new Map();
    if (copyOf) {
      this.serverAcl = copyOf.serverAcl;
      this.memberCount = copyOf.memberCount;
      this.joinRulesStamp = copyOf.joinRulesStamp;
      this.powerLevelsStamp = copyOf.powerLevelsStamp;
      // Cached lists are never mutated in place, so the copy can share them.
      this.residentCache = copyOf.residentCache;
      this.authoriserCache = copyOf.authoriserCache ? new Map(copyOf.authoriserCache) : null;
    }
  }

  membership(userId: string): Membership | 'none' {
    const state = this.memberState.get(userId);
    return state === undefined ? 'none' : (CODE_TO_MEMBERSHIP[state & 7] as Membership | 'none');
  }

  /** Whether `server` has at least one joined user, in this view. */
  isResident(server: string): boolean {
    return this.joinedPerServer.has(server);
  }

  /** Servers with joined users in this view, in name order (a fresh array the caller may keep or change). */
  residentServers(): string[] {
    if (this.residentCache === null) {
      const out: string[] = [];
      for (const server of this.joinedPerServer.keys()) out.push(server);
      this.residentCache = out.sort();
    }
    return this.residentCache.slice();
  }

  /** Sets a membership if `stamp` is newer than what this view holds for that user; true when applied. */
  setMembership(userId: string, membership: Membership, stamp: number): boolean {
    const held = this.memberState.get(userId);
    if (stamp <= (held === undefined ? -1 : Math.floor(held / 8))) return false;
    const code = MEMBERSHIP_TO_CODE[membership];
    this.memberState.set(userId, stamp * 8 + code);
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

  /** A deep copy, as a send_join answer hands the room's state to the joining server. */
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
    const count = (this.joinedPerServer.get(server) ?? 0) + delta;
    if (count > 0) {
      if (count === 1 && delta > 0) this.residentCache = null;
      this.joinedPerServer.set(server, count);
    } else {
      this.joinedPerServer.delete(server);
      this.residentCache = null;
    }
    this.authoriserCache?.delete(server);
  }
}

// Membership codes of memberState; leave means "no membership" (as the spec's absent member).
const CODE_LEAVE = 0;
const CODE_JOIN = 1;
const MEMBERSHIP_TO_CODE: Record<Membership, number> = { leave: CODE_LEAVE, join: CODE_JOIN, invite: 2, ban: 3, knock: 4 };
const CODE_TO_MEMBERSHIP: readonly (Membership | 'none')[] = ['none', 'join', 'invite', 'ban', 'knock'];

/** `members` as a read-only Map over memberState, leaving out users whose membership is leave. */
class MembersOf implements ReadonlyMap<string, Membership> {
  constructor(
    private readonly state: Map<string, number>,
    private readonly count: () => number,
  ) {}

  get size(): number {
    return this.count();
  }

  get(userId: string): Membership | undefined {
    const state = this.state.get(userId);
    return state === undefined || (state & 7) === CODE_LEAVE ? undefined : (CODE_TO_MEMBERSHIP[state & 7] as Membership);
  }

  has(userId: string): boolean {
    return this.get(userId) !== undefined;
  }

  *entries(): MapIterator<[string, Membership]> {
    for (const [user, state] of this.state) if ((state & 7) !== CODE_LEAVE) yield [user, CODE_TO_MEMBERSHIP[state & 7] as Membership];
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
