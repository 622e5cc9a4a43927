/**
 * The human form of a join explanation: the plan, each attempt with what the
 * server knew, why it answered so and what would have changed that, the deciding
 * server and check, and the verified fix. Plain text for terminals and CI logs.
 */
import type { JoinExplanation, ServerKnowledge } from '../../engine/index';

function knowledgeLines(k: ServerKnowledge, room: string, user: string): string[] {
  if (!k.resident) return [`knew: not resident in ${room}`];
  const lines = [
    `knew: resident in ${room} (v${k.roomVersion}, ${k.joinRule || 'no join rule'}, invite ${k.inviteLevel}); ${user} is ${k.userMembership === 'none' ? 'not a member' : k.userMembership} there`,
    `      may invite here: ${k.mayInvite.length > 0 ? k.mayInvite.join(', ') : 'nobody on this server'}`,
  ];
  for (const a of k.allowedRooms) {
    const seen = a.resident
      ? `in it; sees ${user} as ${a.userMembership === 'none' ? 'not a member' : a.userMembership}${a.since !== null ? ` since ${a.since} ms` : ''}`
      : 'not in it, so cannot see its members';
    lines.push(`      allowed room ${a.room}: ${seen}`);
  }
  return lines;
}

export function formatExplanation(e: JoinExplanation): string {
  const result = e.outcome === 'joined' ? 'joined' : `FAILED ${e.status}${e.errcode ? ` ${e.errcode}` : ''}`;
  const out = [`join ${e.join}  ${e.user} → ${e.room}  ${result}`, `plan: ${e.plan}`];
  if (e.attempts.length === 0 && e.joinerKnew) out.push(...knowledgeLines(e.joinerKnew, e.room, e.user).map((l) => `  ${l}`));
  e.attempts.forEach((a, i) => {
    const answer = a.status === 0 ? 'no answer' : `${a.status}${a.errcode ? ` ${a.errcode}` : ''}`;
    out.push(`  ${i + 1}. ${a.server} ${a.step} at ${a.at} ms → ${answer}${a.check ? `  (check: ${a.check})` : ''}`);
    if (a.knew) out.push(...knowledgeLines(a.knew, e.room, e.user).map((l) => `     ${l}`));
    out.push(`     why: ${a.reason}`);
    if (a.status !== 200) out.push(`     would change it: ${a.wouldChange}`);
    out.push(`     ${e.joiner} ${a.classified}`);
  });
  if (e.decidedBy) out.push(`decided by: ${e.decidedBy.server} (${e.decidedBy.step}, check ${e.decidedBy.check})`);
  if (e.fix) {
    out.push(`fix: ${e.fix.description}  (re-simulated: the join succeeds)`);
    for (const alt of e.alternatives) out.push(`also works: ${alt.description}`);
  } else if (e.fixSearch === 'done') out.push('fix: none found among the changes someone could make (fedsim tries only changes a joined user may make under the room\'s power levels, or the joining user)');
  else if (e.fixSearch === 'over-budget') {
    out.push(`fix: not searched: simulating the run again for each of ${e.fixCandidates} candidate changes would pass the fix search's budget (--fixes searches without one)`);
  }
  return out.join('\n') + '\n';
}
