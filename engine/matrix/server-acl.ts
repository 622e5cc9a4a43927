/**
 * Server ACLs (`m.room.server_acl`, spec "Server Access Control Lists"): which
 * servers may take part in a room. A server is denied when it matches a `deny`
 * glob, else allowed only when it matches an `allow` glob; `allow` left out means
 * nobody is allowed. `*` matches any run of characters and `?` any one. Reference
 * §4.2 item 7: every resident answers 403 to a denied joining server.
 */

/** Raw `m.room.server_acl` content, as a scenario's `serverAcl` gives it. */
export interface ServerAclContent {
  allow?: string[];
  deny?: string[];
  allow_ip_literals?: boolean;
}

const globs = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = globs.get(glob);
  if (!re) {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 'i');
    globs.set(glob, re);
  }
  return re;
}

function isIpLiteral(server: string): boolean {
  const host = server.startsWith('[') ? server : server.replace(/:\d+$/, '');
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** Why `server` is denied by `acl`, or null when it is allowed (or there is no ACL). */
export function aclDenial(acl: ServerAclContent | null, server: string): string | null {
  if (acl === null) return null;
  // The ACL applies to the server name without its port.
  const name = server.startsWith('[') ? server : server.replace(/:\d+$/, '');
  if (acl.allow_ip_literals === false && isIpLiteral(server)) return `${name} is an IP literal, which the ACL forbids`;
  const denied = (acl.deny ?? []).find((glob) => globToRegExp(glob).test(name));
  if (denied !== undefined) return `${name} matches the ACL's deny entry "${denied}"`;
  if (!(acl.allow ?? []).some((glob) => globToRegExp(glob).test(name))) return `${name} matches no allow entry of the ACL`;
  return null;
}
