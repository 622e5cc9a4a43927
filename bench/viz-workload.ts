/**
 * The visualiser's scale workload: a 1,000-server federation with 10,000 joins,
 * generated from a fixed seed (no Math.random), as a scenario value ready for
 * validateScenario. Forty restricted rooms each allow one of forty spaces; some
 * residents have nobody who may invite and some take part in no allowed room, so
 * all three resident answers show up, and a few servers crash for no-answers.
 */
export interface WorkloadSize {
  servers: number;
  joins: number;
  rooms: number;
}

export const FULL_SIZE: WorkloadSize = { servers: 1000, joins: 10_000, rooms: 40 };

export function makeWorkload(size: WorkloadSize = FULL_SIZE, seed = 42): Record<string, unknown> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const name = (i: number): string => `hs${i + 1}.example`;
  const servers = Array.from({ length: size.servers }, (_, i) => ({ name: name(i), users: ['admin', 'member', 'u'] }));
  const rooms: Record<string, unknown>[] = [];
  const residentsOf: string[][] = [];
  const spaceServersOf: string[][] = [];
  for (let r = 0; r < size.rooms; r++) {
    const home = name(r % size.servers);
    const space = `!space${r}:${home}`;
    const room = `!room${r}:${home}`;
    // Each space has ~8% of the servers; each room ~5%, overlapping the space only in part.
    const spaceMembers: Record<string, string> = { [`@admin:${home}`]: 'join' };
    const roomMembers: Record<string, string> = { [`@admin:${home}`]: 'join' };
    const users: Record<string, number> = { [`@admin:${home}`]: 100 };
    const residents = [home];
    const spaceServers = [home];
    for (let s = 0; s < size.servers; s++) {
      const server = name(s);
      if (server === home) continue;
      if (random() < 0.08) {
        spaceMembers[`@member:${server}`] = 'join';
        spaceServers.push(server);
      }
      if (random() < 0.05) {
        roomMembers[`@admin:${server}`] = 'join';
        // Half the residents may invite; the others can only say "try elsewhere".
        if (random() < 0.5) users[`@admin:${server}`] = 50;
        residents.push(server);
      }
    }
    residentsOf.push(residents);
    spaceServersOf.push(spaceServers);
    rooms.push({ id: space, creator: `@admin:${home}`, joinRule: 'public', members: spaceMembers });
    rooms.push({ id: room, creator: `@admin:${home}`, joinRule: 'restricted', allow: [space], powerLevels: { invite: 50, users }, members: roomMembers });
  }
  const timeline: Record<string, unknown>[] = [];
  const crashed = Array.from({ length: Math.max(1, Math.floor(size.servers / 100)) }, (_, i) => name((i * 97 + 13) % size.servers));
  for (const server of crashed) timeline.push({ at: 500, do: 'crash', server });
  for (let j = 0; j < size.joins; j++) {
    const r = Math.floor(random() * size.rooms);
    const residents = residentsOf[r] as string[];
    const via = [pick(residents), pick(residents), pick(residents)].filter((v, i, all) => all.indexOf(v) === i);
    // Most joiners are in the allowed space (they may join); the rest are strangers.
    const user = random() < 0.7 ? `@member:${pick(spaceServersOf[r] as string[])}` : `@u:${name(Math.floor(random() * size.servers))}`;
    timeline.push({ at: 1000 + j * 10, do: 'join', id: `j${j + 1}`, user, room: `!room${r}:${name(r % size.servers)}`, via });
  }
  return { fedsim: 1, name: `viz-scale-${size.servers}x${size.joins}`, seed: String(seed), servers, rooms, timeline };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
