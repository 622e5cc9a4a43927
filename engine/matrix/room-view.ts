/**
 * One server's view of one room's current state: the parts the join flow needs
 * (version, creator, join rules, power levels, memberships). Views are mutable and
 * owned by the simulation loop; each state key remembers the stamp of the event
 * that set it, so deliveries that arrive out of order cannot roll state back and
 * every view converges once it has received the same events.
 *
 * Speed and memory (a view is touched for every delivery of every state event,
 * and a big federation holds a view per resident server per room): member events
 * live once per room in a shared MemberLog; a view's numbers (joined users per
 * server, a bitset of the events it received, counts) are a row of the room's
 * ViewRows, next to the other views of the room, so a view costs bits per event,
 * not a map entry, and a delivery can apply a member event to the row without
 * this object (row-apply.ts). The sorted resident list and each server's
 * authorisers are cached until a change can alter them.
 */
import type { JoinRulesContent, Membership, PowerLevelsContent } from '../scenario/types';
import type { ServerAclContent } from './server-acl';
import { APPLIED, CODE_JOIN, CODE_LEAVE, JOINED_CHANGED, MemberLog, RECENT_RESIDENCY_CHANGES, SEPARATE_ARRAYS, withName, withoutName, type Int32Storage, type LoggedMember } from '../store/index';
import { canonicalServerOf } from './ids';
import { invariant } from '../kernel/invariant';
import { parseJoinRules, type ParsedJoinRules } from './join-rules';
import { roomVersion, type RoomVersionRules } from './room-versions';

export class RoomView {
  readonly rules: RoomVersionRules;
  joinRulesContent: JoinRulesContent;
  joinRules: ParsedJoinRules;
  powerLevels: PowerLevelsContent;
  /** The room's server ACL (`m.room.server_acl` content), or null when it has none. */
  serverAcl: ServerAclContent | null = null;
  /** Since v12: the create event's `additional_creators` (creators besides `creator`). */
  additionalCreators: readonly string[] = [];
  /** Memberships other than leave, by user ID (read-only: change them through setMembership). */
  private membersMap: MembersOf | null = null;
  /** The room's member events, shared by every view that descends from the same template. */
  readonly memberLog: MemberLog;
  /**
   * This view's row in the room's ViewRows (memberLog.rows): its joined users per
   * server index of the log, the member events it received, and its counts. All
   * views of a room share those arrays, for locality (see view-rows.ts).
   */
  readonly row: number;
  private joinRulesStamp = -1;
  private powerLevelsStamp = -1;
  /** residentServers() in name order, valid while the row's residency-change count is residentCacheAt; never changed in place. */
  private residentCache: readonly string[] | null = null;
  private residentCacheAt = -1;
  /**
   * authorisersOn() per server; an entry goes when that server's memberships
   * change, all go with the power levels. While it exists the row's
   * HAS_AUTHORISER_CACHE flag is set, so deliveries come through this view.
   */
  private authoriserCache: Map<string, readonly string[]> | null = null;

  /**
   * A view with no members and a log of its own (its arrays from `storage`), or
   * (with `copyOf`) a copy sharing its log.
   */
  constructor(
    readonly roomId: string,
    readonly version: string,
    readonly creator: string,
    joinRules: JoinRulesContent,
    powerLevels: PowerLevelsContent,
    copyOf?: RoomView,
    storage: Int32Storage = SEPARATE_ARRAYS,
  ) {
    this.rules = roomVersion(version);
    this.joinRulesContent = joinRules;
    this.joinRules = copyOf ? copyOf.joinRules : parseJoinRules(joinRules);
    this.powerLevels = powerLevels;
    this.memberLog = copyOf ? copyOf.memberLog : new MemberLog(storage);
    this.row = copyOf ? this.memberLog.copyRow(copyOf.row) : this.memberLog.addRow();
    if (copyOf) {
      this.serverAcl = copyOf.serverAcl;
      this.additionalCreators = copyOf.additionalCreators;
      this.joinRulesStamp = copyOf.joinRulesStamp;
      this.powerLevelsStamp = copyOf.powerLevelsStamp;
      // Cached lists are never mutated in place, so the copy can share them (the row's counts and flag came along).
      this.residentCache = copyOf.residentCache;
      this.residentCacheAt = copyOf.residentCacheAt;
      this.authoriserCache = copyOf.authoriserCache ? new Map(copyOf.authoriserCache) : null;
    }
  }

  /** The packed state of `userId` (stamp * 8 + code) of the newest event this view received, or undefined. */
  memberStateOf(userId: string): number | undefined {
    return this.memberLog.memberState(this.row, userId);
  }

  /** Memberships other than leave, by user ID (read-only: change them through setMembership); made on first use. */
  get members(): ReadonlyMap<string, Membership> {
    return (this.membersMap ??= new MembersOf(this));
  }

  /** Every user this view has a member event for, with its packed state. */
  *memberStates(): IterableIterator<[string, number]> {
    for (const user of this.memberLog.knownUsers()) {
      const state = this.memberStateOf(user);
      if (state !== undefined) yield [user, state];
    }
  }

  /**
   * The users of `server` whose membership here is join, in no particular order.
   * Walks only that server's users in the room's log, not every member.
   */
  joinedUsersOf(server: string): string[] {
    const log = this.memberLog;
    const index = log.serverIndex.get(server);
    const out: string[] = [];
    if (index === undefined) return out;
    for (let slot = log.firstSlotOf(index); slot >= 0; slot = log.nextSlotOfServer(slot)) {
      const state = log.memberStateOfSlot(this.row, slot);
      if (state !== undefined && (state & 7) === CODE_JOIN) out.push(log.userOfSlot[slot] as string);
    }
    return out;
  }

  /**
   * The users of `server` whose membership here is join, in the order they joined:
   * by the stamp of their join event, ties (the scenario's members at t = 0, all
   * stamp 0) in the order the room's log first saw them (Dendrite's database order,
   * reference §1.6). A fresh array; for make_join, not the per-event path.
   */
  joinedUsersInJoinOrder(server: string): string[] {
    // joinedUsersOf walks the newest slot first; reversed, it is first-seen order, which the stable sort keeps for ties.
    const users = this.joinedUsersOf(server).reverse();
    // Packed states are stamp * 8 + code and every code here is join, so they order as the stamps do.
    return users.sort((a, b) => (this.memberStateOf(a) as number) - (this.memberStateOf(b) as number));
  }

  get memberTotal(): number {
    return this.memberLog.memberCount(this.row);
  }

  /** Goes up each time a server becomes or stops being resident, so callers can tell residency did not change. */
  get residencyVersion(): number {
    return this.memberLog.residencyChanges(this.row);
  }

  membership(userId: string): Membership | 'none' {
    const state = this.memberStateOf(userId);
    return state === undefined ? 'none' : (CODE_TO_MEMBERSHIP[state & 7] as Membership | 'none');
  }

  private joinedOn(server: string): number {
    const index = this.memberLog.serverIndex.get(server);
    return index === undefined ? 0 : this.memberLog.joinedCount(this.row, index);
  }

  /** Whether `server` has at least one joined user, in this view. */
  isResident(server: string): boolean {
    return this.joinedOn(server) > 0;
  }

  /** How many servers are resident, in this view. */
  get residentTotal(): number {
    return this.memberLog.residentCount(this.row);
  }

  /** Servers with joined users in this view, in name order (a fresh array the caller may keep or change). */
  residentServers(): string[] {
    return this.residents().slice();
  }

  /**
   * residentServers() without the copy, for the per-event path. The array is
   * replaced, never changed, when residency changes, so a caller may hold it as
   * the list from before a change.
   */
  residents(): readonly string[] {
    const at = this.residencyVersion;
    if (this.residentCache !== null && this.residentCacheAt < at && at - this.residentCacheAt <= RECENT_RESIDENCY_CHANGES) {
      // A few servers came or went since the list was made (the row remembers
      // which): change just those names, each to what it is now.
      let names = this.residentCache;
      for (let change = this.residentCacheAt + 1; change <= at; change++) {
        const server = this.memberLog.servers[this.memberLog.residencyChange(this.row, change)] as string;
        names = this.isResident(server) ? withName(names, server) : withoutName(names, server);
      }
      this.residentCache = names;
      this.residentCacheAt = at;
    }
    if (this.residentCache === null || this.residentCacheAt !== at) {
      // The log keeps its servers in name order, so one scan gives the sorted list.
      // Made at its final length (the row counts its residents): pushing onto []
      // reserves room to spare, kept as long as the list is, and in a room of
      // thousands of servers the list is big and rebuilt often.
      const log = this.memberLog;
      const row = this.row;
      const out = new Array<string>(log.residentCount(row));
      let filled = 0;
      for (const index of log.serversByName) if (log.isResident(row, index)) out[filled++] = log.servers[index] as string;
      if (filled !== out.length) invariant(false, `${this.roomId}: the row counts ${out.length} resident servers, its columns ${filled}`);
      this.residentCache = out;
      this.residentCacheAt = at;
    }
    return this.residentCache;
  }

  /** Sets a membership if `stamp` is newer than what this view holds for that user; true when applied. */
  setMembership(userId: string, membership: Membership, stamp: number): boolean {
    const held = this.memberStateOf(userId);
    if (stamp <= (held === undefined ? -1 : Math.floor(held / 8))) return false;
    const e = this.logMember(userId, membership, stamp).index;
    return this.afterApply(e, this.memberLog.applyNewer(this.row, e, held));
  }

  /** Puts a member event in the room's log (once), so that every view of the room can apply it by index. */
  logMember(userId: string, membership: Membership, stamp: number): LoggedMember {
    return { log: this.memberLog, index: this.memberLog.eventFor(userId, canonicalServerOf, stamp, MEMBERSHIP_TO_CODE[membership]) };
  }

  /**
   * Applies a logged member event if it is newer than what this view holds for
   * its user; true when applied. A view of the same room shares the log, so this
   * needs no lookup by name (it runs once per recipient of every member event).
   */
  applyLoggedMember(logged: LoggedMember): boolean {
    const log = this.memberLog;
    if (logged.log !== log) {
      // A view with a log of its own (never in a run): apply by name.
      const source = logged.log;
      const code = source.codeOf(logged.index);
      return this.setMembership(source.userOf(logged.index), CODE_TO_MEMBERSHIP[code] === 'none' ? 'leave' : (CODE_TO_MEMBERSHIP[code] as Membership), source.stampOf(logged.index));
    }
    return this.afterApply(logged.index, log.apply(this.row, logged.index));
  }

  /** Drops the cached authorisers of the event's server when its joined count changed; true when `e` was applied. */
  private afterApply(e: number, outcome: number): boolean {
    if ((outcome & JOINED_CHANGED) !== 0 && this.authoriserCache !== null) {
      const log = this.memberLog;
      this.authoriserCache.delete(log.servers[log.serverOf(e)] as string);
    }
    return (outcome & APPLIED) !== 0;
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
    this.memberLog.setCachesAuthorisers(this.row, false);
    return true;
  }

  /** A copy, as a send_join answer hands the room's state to the joining server (the member log stays shared). */
  clone(): RoomView {
    return new RoomView(this.roomId, this.version, this.creator, this.joinRulesContent, this.powerLevels, this);
  }

  /** The cached authorisers of `server`, or undefined (see auth-rules authorisersOn). */
  cachedAuthorisers(server: string): readonly string[] | undefined {
    return this.authoriserCache?.get(server);
  }

  cacheAuthorisers(server: string, users: readonly string[]): void {
    if (this.authoriserCache === null) {
      this.authoriserCache = new Map();
      this.memberLog.setCachesAuthorisers(this.row, true);
    }
    this.authoriserCache.set(server, users);
  }
}

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
