/**
 * Matrix identifiers as the simulator uses them: `@local:server` users and
 * `!local:server` rooms. The server part is everything after the first colon,
 * so `matrix.example.org:8448` stays whole.
 */

/** The server part of a user or room ID (`hs1` of `@alice:hs1`); '' when there is none. */
export function serverOf(id: string): string {
  let server = serverCache.get(id);
  if (server === undefined) {
    server = canonicalServerName(serverPart(id));
    if (serverCache.size >= SERVER_CACHE_LIMIT) serverCache.clear();
    serverCache.set(id, server);
  }
  return server;
}

/**
 * Whether `id` is of `server`: serverOf(id) === server, without looking the ID up
 * or making its server part. For the per-request checks of a big run (is the user
 * of the asking server?), where serverOf's cache holds a million IDs and a lookup
 * in it is a likely cache miss.
 */
export function isUserOfServer(id: string, server: string): boolean {
  const colon = id.length - server.length - 1;
  return colon >= 0 && id.indexOf(':') === colon && id.endsWith(server);
}

/**
 * serverOf for an ID that is rarely asked again (a join's user, to find the
 * joining server; a user new to a room's member log): the same canonical name,
 * without remembering the ID. In a million-join run serverOf's table of IDs is
 * large enough that a lookup in it is a likely cache miss, and remembering every
 * joining user grew it; the table of server names stays small.
 */
export function canonicalServerOf(id: string): string {
  return canonicalServerName(serverPart(id));
}

function serverPart(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? '' : id.slice(colon + 1);
}

/**
 * One string object per server name: the first one seen (a run registers its
 * servers' own names first). Names then compare by pointer and stay hot in the
 * CPU cache; without this every user's server name was a separate copy, and the
 * per-event paths that compare and hash names waited on memory for each.
 */
export function canonicalServerName(name: string): string {
  let canonical = canonicalNames.get(name);
  if (canonical === undefined) {
    if (canonicalNames.size >= SERVER_CACHE_LIMIT) canonicalNames.clear();
    canonicalNames.set(name, name);
    canonical = name;
  }
  return canonical;
}

// serverOf runs for every member event a server sends; the IDs are the
// scenario's own strings, so a lookup by them is cheaper than slicing a new
// string each time. Each run forgets them when it ends (forgetServerNames), so a worker
// that runs thousands of scenarios holds one run's names, not all of them; and
// they are bounded, so that a long-lived caller outside runs cannot grow them forever.
const SERVER_CACHE_LIMIT = 1 << 21;
const serverCache = new Map<string, string>();
const canonicalNames = new Map<string, string>();

/** Forgets every name serverOf and canonicalServerName remember (a run calls this as it ends). */
export function forgetServerNames(): void {
  serverCache.clear();
  canonicalNames.clear();
}

/** How many IDs and names serverOf and canonicalServerName remember now (for tests). */
export function serverNamesRemembered(): number {
  return serverCache.size + canonicalNames.size;
}

/** The local part of a user ID (`alice` of `@alice:hs1`). */
export function localPartOf(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id.slice(1) : id.slice(1, colon);
}

export function toUserId(localPart: string, server: string): string {
  return `@${localPart}:${server}`;
}

export function isUserId(value: string): boolean {
  return /^@[^:\s]+:[^\s]+$/.test(value);
}

/** `!local:server`, or a v12 room ID (`!hash`, no server part). */
export function isRoomId(value: string): boolean {
  return /^![^:\s]+:[^\s]+$/.test(value) || /^![A-Za-z0-9_-]+$/.test(value);
}
