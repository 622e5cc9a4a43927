/**
 * Every lint code fedsim reports, with its severity and one line on when. The
 * first eight are the report contract's table (../shared/contract/report-format.md);
 * the rest are added checks a room admin asked for. Codes never change meaning.
 */
import type { LintFinding } from '../report/types';

export type Severity = LintFinding['severity'];

export interface LintCode {
  code: string;
  severity: Severity;
  /** True for the codes of the report contract. */
  contract: boolean;
  when: string;
}

export const LINT_CODES: readonly LintCode[] = [
  { code: 'allowed-room-without-authorising-server', severity: 'error', contract: true, when: 'no server resident in an allowed room can authorise joins into the restricted room (MSC3083 configuration error)' },
  { code: 'no-authorising-server', severity: 'error', contract: true, when: 'a restricted room has no resident with a joined user whose power reaches the invite level' },
  { code: 'unknown-allowed-room', severity: 'warning', contract: true, when: 'an allow entry names a room no server in the scenario knows' },
  { code: 'invalid-allow', severity: 'warning', contract: true, when: '`allow` is not a list, or some of its entries are ignored' },
  { code: 'join-rule-unsupported', severity: 'error', contract: true, when: "the join rule does not exist in the room's version" },
  { code: 'room-version-unsupported', severity: 'warning', contract: true, when: "a server asked to join a room does not support the room's version" },
  { code: 'via-cannot-authorise', severity: 'warning', contract: true, when: 'a timeline join into a restricted room lists no via server that can authorise it at t = 0, or gives no via into a room whose ID has no server part (room version 12)' },
  { code: 'v8-redaction-risk', severity: 'info', contract: true, when: 'a restricted room on version 8, where redaction strips join_authorised_via_users_server' },
  { code: 'allow-self', severity: 'warning', contract: false, when: 'a restricted room lists itself as an allowed room, which lets in nobody new' },
  { code: 'allow-duplicate', severity: 'info', contract: false, when: 'the same allowed room is listed more than once' },
  { code: 'allow-empty', severity: 'warning', contract: false, when: 'a restricted room has no valid allow entry: invite-only in effect' },
  { code: 'invite-level-unreachable', severity: 'warning', contract: false, when: "a room that is not restricted has an invite level above every joined user's power, so nobody can invite (a restricted room gets no-authorising-server instead)" },
  { code: 'resident-version-unsupported', severity: 'warning', contract: false, when: "a server resident in a room at t = 0 does not support the room's version" },
  { code: 'server-acl-denies-joiner', severity: 'error', contract: false, when: "a timeline join's server is denied by the room's server ACL, so every resident answers 403" },
  { code: 'server-acl-denies-resident', severity: 'warning', contract: false, when: "a server resident in a room at t = 0 is denied by the room's own server ACL" },
  { code: 'allowed-room-not-imported', severity: 'warning', contract: false, when: "a restricted room allows rooms whose state was not imported (`notImported`), so who qualifies through them is not known; one finding for all of them" },
  { code: 'via-only-own-server', severity: 'warning', contract: false, when: "a timeline join's via names only the joining server itself, which leaves no resident to ask" },
  { code: 'single-authorising-server', severity: 'warning', contract: false, when: 'exactly one server can authorise joins into a restricted room through an allowed room, so its members are locked out while that server is down' },
];

const BY_CODE = new Map(LINT_CODES.map((c) => [c.code, c]));

/** The severity of `code`; every code used by a rule is in the table. */
export function severityOf(code: string): Severity {
  return BY_CODE.get(code)?.severity ?? 'warning';
}

/** A finding with the table's severity for `code`. */
export function finding(code: string, room: string | null, message: string, servers: readonly string[], fix: string): LintFinding {
  return { code, severity: severityOf(code), room, message, servers: [...servers], fix };
}
