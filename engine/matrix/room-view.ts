/**
 * One server's view of one room's current state: the parts the join flow needs
 * (version, creator, join rules, power levels, memberships). Views are mutable and
 * owned by the simulation loop; each state key remembers the stamp of the event
 * that set it, so deliveries that arrive out of order cannot roll state back and
 * every view converges once it has received the same events.
 */
import type { JoinRulesContent, Membership, PowerLevelsContent } from '../scenario/types';
import { serverOf } from './ids';
import { parseJoinRules, type ParsedJoinRules } from './join-rules';
import { roomVersion, type RoomVersionRules } from './room-versions';

export class RoomView {
  readonly rules: RoomVersionRules;
  joinRulesContent: JoinRulesContent;
  joinRules: ParsedJoinRules;
  powerLevels: PowerLevelsContent;
  readonly members = new Map<string, Membership>();
  /** Joined users per server; a server with a count > 0 is resident as far as this view knows. */
  readonly joinedPerServer = new Map<string, number>();
  /** For each state key ("m.room.member|@u:hs"), the stamp of the event that set it. */
  private readonly stamps = new Map<string, number>();

  constructor(
    readonly roomId: string,
    readonly version: string,
    readonly creator: string,
    joinRules: JoinRulesContent,
    powerLevels: PowerLevelsContent,
  ) {
    this.rules = roomVersion(version);
    this.joinRulesContent = joinRules;
    this.joinRules = parseJoinRules(joinRules);
    this.powerLevels = powerLevels;
  }

  membership(userId: string): Membership | 'none' {
    return this.members.get(userId) ?? 'none';
  }

  /** Whether `server` has at least one joined user, in this view. */
  isResident(server: string): boolean {
    return (this.joinedPerServer.get(server) ?? 0) > 0;
  }

  /** Servers with joined users in this view, in name order. */
  residentServers(): string[] {
    const out: string[] = [];
    for (const [server, count] of this.joinedPerServer) if (count > 0) out.push(server);
    return out.sort();
  }

  /** Sets a membership if `stamp` is newer than what this view holds for that user; true when applied. */
  setMembership(userId: string, membership: Membership, stamp: number): boolean {
    if (!this.acceptStamp(`m.room.member|${userId}`, stamp)) return false;
    const before = this.members.get(userId);
    if (before === 'join') this.adjustJoined(userId, -1);
    if (membership === 'leave') this.members.delete(userId);
    else this.members.set(userId, membership);
    if (membership === 'join') this.adjustJoined(userId, +1);
    return true;
  }

  setJoinRules(content: JoinRulesContent, stamp: number): boolean {
    if (!this.acceptStamp('m.room.join_rules|', stamp)) return false;
    this.joinRulesContent = content;
    this.joinRules = parseJoinRules(content);
    return true;
  }

  setPowerLevels(content: PowerLevelsContent, stamp: number): boolean {
    if (!this.acceptStamp('m.room.power_levels|', stamp)) return false;
    this.powerLevels = content;
    return true;
  }

  /** A deep copy, as a send_join answer hands the room's state to the joining server. */
  clone(): RoomView {
    const copy = new RoomView(this.roomId, this.version, this.creator, this.joinRulesContent, this.powerLevels);
    for (const [user, membership] of this.members) copy.members.set(user, membership);
    for (const [server, count] of this.joinedPerServer) copy.joinedPerServer.set(server, count);
    for (const [key, stamp] of this.stamps) copy.stamps.set(key, stamp);
    return copy;
  }

  private acceptStamp(key: string, stamp: number): boolean {
    const held = this.stamps.get(key) ?? -1;
    if (stamp <= held) return false;
    this.stamps.set(key, stamp);
    return true;
  }

  private adjustJoined(userId: string, delta: number): void {
    const server = serverOf(userId);
    const count = (this.joinedPerServer.get(server) ?? 0) + delta;
    if (count > 0) this.joinedPerServer.set(server, count);
    else this.joinedPerServer.delete(server);
  }
}
