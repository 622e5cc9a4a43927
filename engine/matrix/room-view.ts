/**
 * One server's view of one room's current state: the parts the join flow needs
 * (version, creator, join rules, power levels, memberships). Views are mutable and
 * owned by the simulation loop; each state key remembers the stamp of the event
 * that set it, so deliveries that arrive out of order cannot roll state back and
 * every view converges once it has received the same events.
 *
 * Speed and memory (a view is touched for every delivery of every state event,
 * and a big federation holds a view per resident server per room): member events
 * live once per room in a shared MemberLog; a view keeps only a bitset of the
 * events it received and a dense array of joined counts per server, so a view
 * costs bits per event, not a map entry. The sorted resident list and each
 * server's authorisers are cached until a change can alter them.
 */
import type { JoinRulesContent, Membership, PowerLevelsContent } from '../scenario/types';
import type { ServerAclContent } from './server-acl';
import { MemberLog, type LoggedMember } from './member-log';
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
  /** The room's member events, shared by every view that descends from the same template. */
  private readonly log: MemberLog;
  /**
   * The view's joined users per server index of the log, as far as it knows, and
   * the bitset of member events it received, live in its row of the room's
   * ViewRows (shared with every other view of the room, for locality).
   */
  /** This view's row in the room's ViewRows. */
  private readonly row: number;
  private memberCount = 0;
  private residentCount = 0;
  private joinRulesStamp = -1;
  private powerLevelsStamp = -1;
  /** residentServers() in name order; replaced (never changed in place), null when residency changed since. */
  private residentCache: readonly string[] | null = null;
  /** Goes up each time a server becomes or stops being resident, so callers can tell residency did not change. */
  residencyVersion = 0;
  /** authorisersOn() per server; an entry goes when that server's memberships change, all go with the power levels. */
  private authoriserCache: Map<string, readonly string[]> | null = null;

  /** A view with no members and a log of its own, or (with `copyOf`) a copy sharing its log. */
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
    this.log = copyOf ? copyOf.log : new MemberLog();
    this.row = copyOf ? this.log.rows.copyRow(copyOf.row) : this.log.rows.addRow();
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
   * A new view starting from this one's state: each resident's view at t = 0
   * derives from one template, so they all share the room's member log.
   */
  derive(): RoomView {
    return this.clone();
  }

  /** The packed state of `userId` (stamp * 8 + code) of the newest event this view received, or undefined. */
  memberStateOf(userId: string): number | undefined {
    const events = this.log.eventsOf(userId);
    return events === undefined ? undefined : this.newestReceived(events);
  }

  /** The packed state of the newest of `events` (one user's, in the log) this view received, or undefined. */
  private newestReceived(events: readonly number[]): number | undefined {
    const rows = this.log.rows;
    const received = rows.received;
    const capacity = rows.rowCapacity;
    const row = this.row;
    const words = rows.wordColumns;
    let best = -1;
    let bestStamp = -1;
    for (const e of events) {
      const word = e >>> 5;
      if (word < words && ((received[word * capacity + row] as number) & (1 << (e & 31))) !== 0) {
        const stamp = this.log.stamps[e] as number;
        if (stamp > bestStamp) {
          bestStamp = stamp;
          best = e;
        }
      }
    }
    return best < 0 ? undefined : bestStamp * 8 + (this.log.codes[best] as number);
  }

  /** Every user this view has a member event for, with its packed state. */
  *memberStates(): IterableIterator<[string, number]> {
    for (const user of this.log.slotOfUser.keys()) {
      const state = this.memberStateOf(user);
      if (state !== undefined) yield [user, state];
    }
  }

  get memberTotal(): number {
    return this.memberCount;
  }

  membership(userId: string): Membership | 'none' {
    const state = this.memberStateOf(userId);
    return state === undefined ? 'none' : (CODE_TO_MEMBERSHIP[state & 7] as Membership | 'none');
  }

  private joinedOn(server: string): number {
    const index = this.log.serverIndex.get(server);
    const rows = this.log.rows;
    return index === undefined || index >= rows.joinedColumns ? 0 : (rows.joined[index * rows.rowCapacity + this.row] as number);
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
    return this.residents().slice();
  }

  /**
   * residentServers() without the copy, for the per-event path. The array is
   * replaced, never changed, when residency changes, so a caller may hold it as
   * the list from before a change.
   */
  residents(): readonly string[] {
    if (this.residentCache === null) {
      // The log keeps its servers in name order, so one scan gives the sorted list.
      const out: string[] = [];
      const rows = this.log.rows;
      const joined = rows.joined;
      const limit = rows.joinedColumns;
      const capacity = rows.rowCapacity;
      const row = this.row;
      for (const index of this.log.serversByName) if (index < limit && (joined[index * capacity + row] as number) > 0) out.push(this.log.servers[index] as string);
      this.residentCache = out;
    }
    return this.residentCache;
  }

  /** Sets a membership if `stamp` is newer than what this view holds for that user; true when applied. */
  setMembership(userId: string, membership: Membership, stamp: number): boolean {
    const held = this.memberStateOf(userId);
    if (stamp <= (held === undefined ? -1 : Math.floor(held / 8))) return false;
    return this.applyNewer(this.logMember(userId, membership, stamp).index, held);
  }

  /** Puts a member event in the room's log (once), so that every view of the room can apply it by index. */
  logMember(userId: string, membership: Membership, stamp: number): LoggedMember {
    return { log: this.log, index: this.log.eventFor(userId, serverOf(userId), stamp, MEMBERSHIP_TO_CODE[membership]) };
  }

  /**
   * Applies a logged member event if it is newer than what this view holds for
   * its user; true when applied. A view of the same room shares the log, so this
   * needs no lookup by name (it runs once per recipient of every member event).
   */
  applyLoggedMember(logged: LoggedMember): boolean {
    const log = this.log;
    if (logged.log !== log) {
      // A view with a log of its own (never in a run): apply by name.
      const source = logged.log;
      const code = source.codes[logged.index] as number;
      return this.setMembership(source.users[logged.index] as string, CODE_TO_MEMBERSHIP[code] === 'none' ? 'leave' : (CODE_TO_MEMBERSHIP[code] as Membership), source.stamps[logged.index] as number);
    }
    const e = logged.index;
    const held = this.newestReceived(log.eventsOfSlot[log.slotOfEvent[e] as number] as number[]);
    if ((log.stamps[e] as number) <= (held === undefined ? -1 : Math.floor(held / 8))) return false;
    return this.applyNewer(e, held);
  }

  /** Marks log event `e` received and updates the counts; `held` is the user's state before (e is newer). */
  private applyNewer(e: number, held: number | undefined): boolean {
    this.markReceived(e);
    const code = this.log.codes[e] as number;
    const before = held === undefined ? CODE_LEAVE : held & 7;
    if (before === code) return true;
    if (before === CODE_LEAVE) this.memberCount++;
    else if (code === CODE_LEAVE) this.memberCount--;
    const server = this.log.serverOfEvent[e] as number;
    if (before === CODE_JOIN) this.adjustJoined(server, -1);
    if (code === CODE_JOIN) this.adjustJoined(server, +1);
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

  /** A copy, as a send_join answer hands the room's state to the joining server (the member log stays shared). */
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

  private markReceived(event: number): void {
    const word = event >>> 5;
    const rows = this.log.rows;
    rows.widenWords(word);
    const at = word * rows.rowCapacity + this.row;
    rows.received[at] = (rows.received[at] as number) | (1 << (event & 31));
  }

  private adjustJoined(index: number, delta: number): void {
    const rows = this.log.rows;
    rows.widenJoined(index);
    const at = index * rows.rowCapacity + this.row;
    const before = rows.joined[at] as number;
    const count = before + delta;
    rows.joined[at] = count;
    if (before <= 0 && count > 0) {
      this.residentCount++;
      this.residencyVersion++;
      this.residentCache = null;
    } else if (before > 0 && count <= 0) {
      this.residentCount--;
      this.residencyVersion++;
      this.residentCache = null;
    }
    this.authoriserCache?.delete(this.log.servers[index] as string);
  }

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
