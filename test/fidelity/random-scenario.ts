/**
 * A small seeded generator of random scenarios for the property tests: a few
 * servers of random implementations, a space and a restricted room that allows
 * it, random memberships and power, and a random timeline of joins, leaves,
 * invites, power changes and faults (crash, recover, partition, heal). Unless told
 * otherwise it ends with `heal` and `recover` of every server, with no loss, so
 * every view can converge. seedrandom drives it, so a failing seed replays.
 */
import seedrandom from 'seedrandom';
import { validateScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import type { Scenario } from '../../engine/scenario/types';
import { ALL_PROFILES } from './fixtures';

export interface GeneratorOptions {
  /** How many timeline actions before the final heal/recover (default 6-20). */
  actions?: number;
  /** Add `heal` and `recover` of every server at the end (default true). */
  settle?: boolean;
  /** Loss probability of every message (default 0). */
  loss?: number;
}

export function randomScenario(seed: string, options: GeneratorOptions = {}): Scenario {
  const rng = seedrandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const chance = (p: number): boolean => rng() < p;

  const serverCount = int(3, 6);
  const servers = Array.from({ length: serverCount }, (_, i) => `hs${i + 1}`);
  const users = servers.flatMap((s) => [`@a:${s}`, `@b:${s}`]);
  const creator = '@a:hs1';

  const spaceMembers: Record<string, string> = {};
  const roomMembers: Record<string, string> = {};
  const power: Record<string, number> = { [creator]: 100 };
  for (const u of users) {
    if (u === creator) continue;
    if (chance(0.5)) spaceMembers[u] = 'join';
    const r = rng();
    if (r < 0.3) roomMembers[u] = 'join';
    else if (r < 0.4) roomMembers[u] = 'invite';
    else if (r < 0.45) roomMembers[u] = 'ban';
    if (chance(0.3)) power[u] = pick([0, 50, 100]);
  }

  const rooms = ['!space:hs1', '!room:hs1'];
  const timeline: Array<Record<string, unknown>> = [];
  const count = options.actions ?? int(6, 20);
  for (let i = 0; i < count; i++) {
    const at = int(0, 120_000);
    const r = rng();
    if (r < 0.45) {
      const via = servers.filter(() => chance(0.4));
      timeline.push({ at, do: 'join', user: pick(users), room: pick(rooms), ...(via.length > 0 ? { via } : {}) });
    } else if (r < 0.55) timeline.push({ at, do: 'leave', user: pick(users), room: pick(rooms) });
    else if (r < 0.62) timeline.push({ at, do: 'invite', sender: pick(users), user: pick(users), room: '!room:hs1' });
    else if (r < 0.67) timeline.push({ at, do: 'setPowerLevels', sender: creator, room: '!room:hs1', content: { invite: pick([0, 50]), users: { [creator]: 100, [pick(users)]: 50 } } });
    else if (r < 0.7) timeline.push({ at, do: 'setJoinRules', sender: creator, room: '!room:hs1', content: { join_rule: pick(['restricted', 'public', 'invite']), allow: [{ type: 'm.room_membership', room_id: '!space:hs1' }] } });
    else if (r < 0.8) timeline.push({ at, do: 'crash', server: pick(servers) });
    else if (r < 0.88) timeline.push({ at, do: 'recover', server: pick(servers) });
    else if (r < 0.95) {
      const groups: string[][] = [[], []];
      for (const s of servers) (groups[int(0, 1)] as string[]).push(s);
      timeline.push({ at, do: 'partition', groups: groups.filter((g) => g.length > 0) });
    } else timeline.push({ at, do: 'heal' });
  }
  timeline.sort((a, b) => (a.at as number) - (b.at as number));
  if (options.settle ?? true) {
    timeline.push({ at: 200_000, do: 'heal' });
    for (const s of servers) timeline.push({ at: 200_000, do: 'recover', server: s });
  }

  const raw = {
    fedsim: 1,
    name: `random-${seed}`,
    seed,
    network: { latency: pick([{ fixed: 50 }, { uniform: [10, 3000] }, { lognormal: { median: 200, sigma: 1 } }]), loss: options.loss ?? 0 },
    servers: servers.map((name) => ({ name, implementation: pick(ALL_PROFILES), users: ['a', 'b'] })),
    rooms: [
      { id: '!space:hs1', creator, joinRule: 'public', members: spaceMembers },
      { id: '!room:hs1', creator, joinRule: 'restricted', allow: ['!space:hs1'], powerLevels: { invite: 50, users: power }, members: roomMembers },
    ],
    timeline,
  };
  const result = validateScenario(raw, `random-${seed}.yaml`);
  if (!result.ok) throw new Error(`generator made an invalid scenario:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.scenario;
}
