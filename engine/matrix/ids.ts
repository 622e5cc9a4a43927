/**
 * Matrix identifiers as the simulator uses them: `@local:server` users and
 * `!local:server` rooms. The server part is everything after the first colon,
 * so `matrix.example.org:8448` stays whole.
 */

/** The server part of a user or room ID (`hs1` of `@alice:hs1`); '' when there is none. */
export function serverOf(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? '' : id.slice(colon + 1);
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

export function isRoomId(value: string): boolean {
  return /^![^:\s]+:[^\s]+$/.test(value);
}
