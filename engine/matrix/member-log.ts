/**
 * The membership events of one room, shared by every server's view of it in a
 * run. A view then holds only which of these events it has received (a bitset)
 * and how many joined users each server has as far as it knows (a dense array),
 * instead of a map of every member: a big federation has a view per resident
 * server per room, and per-view maps made runs memory-bound.
 */

export class MemberLog {
  /** Event i: the user it is about, its stamp, its membership code, its user's server index. */
  readonly users: string[] = [];
  stamps = new Float64Array(64);
  codes = new Uint8Array(64);
  serverOfEvent = new Int32Array(64);
  count = 0;
  /** Each user's events, in the order they were logged. */
  readonly eventsOfUser = new Map<string, number[]>();
  /** Servers in the order first seen; an index into each view's joined counts. */
  readonly servers: string[] = [];
  readonly serverIndex = new Map<string, number>();

  /** The event for (user, stamp, code), logged now if it is new. */
  eventFor(user: string, server: string, stamp: number, code: number): number {
    let events = this.eventsOfUser.get(user);
    if (events) {
      for (const e of events) if (this.stamps[e] === stamp && this.codes[e] === code) return e;
    } else {
      this.eventsOfUser.set(user, (events = []));
    }
    if (this.count === this.stamps.length) this.grow();
    const e = this.count++;
    this.users.push(user);
    this.stamps[e] = stamp;
    this.codes[e] = code;
    this.serverOfEvent[e] = this.indexOfServer(server);
    events.push(e);
    return e;
  }

  /** The index of `server`, assigned on first sight. */
  indexOfServer(server: string): number {
    let index = this.serverIndex.get(server);
    if (index === undefined) {
      index = this.servers.length;
      this.servers.push(server);
      this.serverIndex.set(server, index);
    }
    return index;
  }

  private grow(): void {
    const n = this.stamps.length * 2;
    const stamps = new Float64Array(n);
    stamps.set(this.stamps);
    const codes = new Uint8Array(n);
    codes.set(this.codes);
    const servers = new Int32Array(n);
    servers.set(this.serverOfEvent);
    this.stamps = stamps;
    this.codes = codes;
    this.serverOfEvent = servers;
  }
}
