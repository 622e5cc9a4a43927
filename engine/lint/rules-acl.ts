/**
 * Lint rules about server ACLs at t = 0 (reference §4.2 item 7): a resident the
 * room's own ACL denies. The joiner side (a timeline join from a denied server)
 * is in rules-joins.ts.
 */
import { aclDenial } from '../matrix/server-acl';
import type { LintFinding } from '../report/types';
import { finding } from './codes';
import type { LintFacts } from '../facts/index';
import { stateFix } from './who-can-act';

export function lintServerAcls(facts: LintFacts): LintFinding[] {
  const out: LintFinding[] = [];
  for (const room of facts.rooms) {
    const acl = room.spec.serverAcl;
    if (!acl) continue;
    const denied = room.residents.filter((server) => aclDenial(acl, server) !== null);
    if (denied.length === 0) continue;
    const { id } = room.spec;
    out.push(
      finding(
        'server-acl-denies-resident',
        id,
        `${denied.join(', ')} ${denied.length === 1 ? 'is' : 'are'} resident in ${id} but denied by its server ACL: other servers ignore ${denied.length === 1 ? 'its' : 'their'} events, and it cannot let anyone in.`,
        denied,
        `${stateFix(room, 'm.room.server_acl', `add ${denied.join(', ')} to the allow list of the server ACL of ${id}`)}; or ${denied.length === 1 ? 'its users' : 'their users'} can leave`,
      ),
    );
  }
  return out;
}
