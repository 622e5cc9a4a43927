/**
 * The servers one server let into a room through send_join, each with the stamp
 * of its join event (state propagation forwards them events they may lack). Two
 * arrays side by side, with a map only to find a server's place when it is let
 * in again: forwarding reads every entry on most deliveries to such a server, and
 * iterating a Map's entries makes an array per entry.
 */
export class AdmittedServers {
  readonly servers: string[] = [];
  readonly joinStamps: number[] = [];
  private readonly placeOf = new Map<string, number>();

  /** `server` was let in with a join stamped `joinStamp` (a later send_join of the same server replaces its stamp). */
  record(server: string, joinStamp: number): void {
    const at = this.placeOf.get(server);
    if (at !== undefined) {
      this.joinStamps[at] = joinStamp;
      return;
    }
    this.placeOf.set(server, this.servers.length);
    this.servers.push(server);
    this.joinStamps.push(joinStamp);
  }
}
