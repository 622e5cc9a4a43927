/**
 * The text of `fedsim resilience`: what a space admin reads in a minute. The
 * servers the rooms cannot do without first, then one line per room and allowed
 * room, riskiest first, each saying what to do. A big federation's list stops
 * after a screenful and says how many more there are (`--json` has them all).
 */
import type { ResilienceAdvice, ResilienceAnalysis, RoomResilience } from '../../engine/index';

/** Room lines and critical servers printed at most. */
const MAX_LINES = 50;
const MAX_SERVERS = 20;
/** How many rooms a critical server's line names. */
const ROOMS_PER_SERVER = 5;

export function formatResilience(file: string, analysis: ResilienceAnalysis, joinsLost: ReadonlyMap<string, readonly string[]> | null, at: number | undefined): string {
  const out: string[] = [];
  const broken = analysis.rooms.filter((r) => r.minFailures === 0).length;
  const fragile = analysis.rooms.filter((r) => r.minFailures === 1).length;
  const when = at === undefined ? 'at t = 0' : `at ${at} ms`;
  out.push(`${file} ${when}: ${count(analysis.rooms.length, 'restricted room')}; ${broken.toLocaleString('en')} already broken, ${fragile.toLocaleString('en')} one server failure away from it`);

  if (analysis.criticalServers.length > 0) {
    out.push('', 'Servers your rooms cannot do without (if one alone is down, members of an allowed room cannot join):');
    for (const c of analysis.criticalServers.slice(0, MAX_SERVERS)) {
      const rooms = c.rooms.slice(0, ROOMS_PER_SERVER).join(', ') + (c.rooms.length > ROOMS_PER_SERVER ? ` and ${c.rooms.length - ROOMS_PER_SERVER} more` : '');
      const lost = joinsLost ? `; with it down from t = 0 the timeline loses ${describeLost(joinsLost.get(c.server) ?? [])}` : '';
      out.push(`  ${c.server}  ${count(c.rooms.length, 'room')}: ${rooms}${lost}. Do: give each a second authorising server (below).`);
    }
    if (analysis.criticalServers.length > MAX_SERVERS) out.push(`  … and ${analysis.criticalServers.length - MAX_SERVERS} more servers (--json lists every one)`);
  }

  if (analysis.rooms.length > 0) out.push('', 'Rooms, riskiest first:');
  const byRoom = new Map<string, ResilienceAdvice[]>();
  for (const a of analysis.advice) {
    const list = byRoom.get(a.room) ?? [];
    list.push(a);
    byRoom.set(a.room, list);
  }
  let lines = 0;
  let left = 0;
  for (const room of analysis.rooms) {
    const entries = roomLines(room, byRoom.get(room.room) ?? []);
    if (lines + entries.length > MAX_LINES) {
      left++;
      continue;
    }
    lines += entries.length;
    out.push(...entries);
  }
  if (left > 0) out.push(`  … and ${count(left, 'more room')} (--json lists every one)`);
  return out.join('\n') + '\n';
}

function roomLines(room: RoomResilience, advice: readonly ResilienceAdvice[]): string[] {
  if (room.allowed.length === 0) {
    return [`  ${label(0)}  ${room.room}: no valid allowed room, so nobody gets in through the allow list. Do: add the space to allow, or make the join rule invite.`];
  }
  return room.allowed.map((allowed) => {
    const a = advice.find((x) => x.allowed === allowed.room);
    const who = (a?.authorisers ?? []).map((x) => `${x.server} (${x.user})`);
    const head = `  ${label(allowed.minFailures)}  ${room.room} through ${allowed.room}: `;
    const fixes = a && a.fixes.length > 0 ? `Do: ${a.fixes.join('; or ')}.` : `Do: give a user on another server in ${allowed.room} invite power in ${room.room}.`;
    if (allowed.minFailures === 0) return `${head}no server can authorise joins, members who are not invited cannot join now. ${fixes}`;
    if (allowed.minFailures === 1) return `${head}only ${who[0]} can authorise joins. ${fixes}`;
    return `${head}${allowed.minFailures} servers can authorise joins (${who.join(', ')}); ${allowed.minFailures} must fail together. Nothing to do.`;
  });
}

function label(minFailures: number): string {
  return minFailures === 0 ? 'BROKEN ' : minFailures === 1 ? 'AT RISK' : 'ok     ';
}

function describeLost(ids: readonly string[]): string {
  if (ids.length === 0) return 'no join';
  const shown = ids.slice(0, 5).join(', ');
  return `${count(ids.length, 'join')} (${shown}${ids.length > 5 ? ', …' : ''})`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
