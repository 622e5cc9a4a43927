/**
 * One attempt in words: what would have made that server answer differently
 * (worked out from the check that decided and what the server knew; reference
 * §1.4 and §2.4), and what the joining server made of the answer (§3.2).
 */
import type { AttemptReport } from '../report/types';
import type { MembershipClock } from './knowledge';
import type { ServerKnowledge } from '../report/explanation';

export interface StoryContext {
  user: string;
  room: string;
  joiner: string;
  clock: MembershipClock;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function whatWouldChange(a: AttemptReport, knew: ServerKnowledge | null, ctx: StoryContext): string {
  const { server } = a;
  if (a.skipped) return `${server} not being in ${ctx.joiner}'s backoff, so that it is asked at all`;
  if (a.status === 0) return `an answer from ${server} before the timeout (${a.reason || 'none came'})`;
  if (a.status === 200) return 'nothing: this server said yes';
  switch (a.check) {
    case 'room-known':
      return `${server} being in ${ctx.room}: it does not know the room, so all it can say is 404`;
    case 'resident':
      return `${server} still having a joined user in ${ctx.room}`;
    case 'room-version':
      return `${ctx.joiner} supporting room version ${knew?.roomVersion ?? '(the room\'s)'}`;
    case 'origin':
      return `${ctx.user} being a user of the requesting server`;
    case 'grant':
      return `a joined user on ${server} with power ≥ ${knew?.inviteLevel ?? 'invite'} in ${ctx.room}; ${server} has none, so it cannot put anyone in join_authorised_via_users_server`;
    case 'allow':
      return allowChange(a, knew, ctx);
    case 'auth-rules':
      return authRulesChange(a, knew, ctx);
    case 'acl':
      return `the server ACL of ${ctx.room} letting ${ctx.joiner} in: every resident checks it first, whatever the user's memberships`;
    case 'authoriser-server':
      return `send_join going to the server of the authorising user`;
    default:
      return `a different outcome of ${server}'s "${a.check ?? 'unknown'}" check (${a.reason})`;
  }
}

function allowChange(a: AttemptReport, knew: ServerKnowledge | null, ctx: StoryContext): string {
  const server = a.server;
  const allowed = knew?.allowedRooms ?? [];
  if (allowed.length === 0) return `a valid entry in the allow list of ${ctx.room}: with none, nobody passes the allow check`;
  const notIn = allowed.filter((r) => !r.resident).map((r) => r.room);
  if (a.status === 400 && notIn.length > 0) {
    return `${server} being in ${list(notIn)}, so that it could see whether ${ctx.user} is joined there; it takes no part, so it says "ask someone else"`;
  }
  const parts: string[] = [];
  for (const r of allowed) {
    if (!r.resident || r.userMembership === 'join') continue;
    const sent = ctx.clock.lastSent(r.room, ctx.user);
    if (sent && sent.value.startsWith('join') && sent.t <= (knew?.at ?? Infinity)) {
      parts.push(`${server} having received ${ctx.user}'s join to ${r.room} (sent by ${sent.server} at ${sent.t} ms; by ${knew?.at} ms it had not arrived: a stale view)`);
    } else {
      parts.push(`${ctx.user} being joined to ${r.room} (${server} sees ${r.userMembership === 'none' ? 'no membership' : r.userMembership})`);
    }
  }
  return parts.length > 0 ? list(parts) : `${ctx.user} being joined to an allowed room as ${server} sees it`;
}

function authRulesChange(a: AttemptReport, knew: ServerKnowledge | null, ctx: StoryContext): string {
  if (knew?.userMembership === 'ban') return `${ctx.user} not being banned from ${ctx.room}`;
  const rule = knew?.joinRule ?? '';
  if (rule === 'invite' || rule === 'knock') return `an invite for ${ctx.user} (the join rule is ${rule})`;
  if (/does not exist in room version/.test(a.reason)) return `a room version that has the join rule "${rule}"`;
  return `the auth rules accepting the join (${a.reason})`;
}

export function describeDecision(decision: string | undefined, step: string): string {
  switch (decision) {
    case 'success':
      return step === 'make_join' ? 'took the template and went on to send_join' : 'the join is done';
    case 'next':
      return 'tried the next server';
    case 'abort':
      return 'gave up the whole join: the client gets this answer';
    case 'retry':
      return 'retried the same server';
    default:
      return 'the join was still waiting when the run ended';
  }
}
