import { describe, expect, it } from 'vitest';
import {
  checkGenerate,
  formatProblem,
  generateFederation,
  defaultOptions,
  lintScenario,
  loadScenario,
  runScenario,
  scenarioJsonChunks,
  validateScenario,
} from '../../engine/index';
import { generated } from './helpers';

const json = (options: Record<string, unknown>, seed = '0'): string => [...scenarioJsonChunks(generated(options, seed))].join('');

describe('the federation generator', () => {
  it('gives the same federation for the same options and seed, and another for another seed', () => {
    const options = { servers: 30, joins: 300 };
    expect(json(options, '1')).toBe(json(options, '1'));
    expect(json(options, '1')).not.toBe(json(options, '2'));
    // The generator's own seed, when given, decides the federation whatever the run's seed.
    const population = (seed: string): string => {
      const s = generated({ ...options, seed: 'x' }, seed);
      return JSON.stringify([s.servers, s.rooms, s.timeline]);
    };
    expect(population('1')).toBe(population('2'));
  });

  it('makes the counts it is asked for, with every reference valid', () => {
    const s = generated({ servers: 50, users: 700, rooms: 300, spaces: 12, joins: 1000 });
    expect(s.servers).toHaveLength(50);
    expect(s.servers.reduce((n, server) => n + server.users.length, 0)).toBe(700);
    expect(s.rooms).toHaveLength(312);
    expect(s.timeline).toHaveLength(1000);
    const users = new Set(s.servers.flatMap((server) => server.users.map((u) => `@${u}:${server.name}`)));
    const rooms = new Set(s.rooms.map((r) => r.id));
    for (const room of s.rooms) for (const member of Object.keys(room.members)) expect(users.has(member)).toBe(true);
    for (const action of s.timeline) {
      expect(action.do).toBe('join');
      if (action.do !== 'join') continue;
      expect(users.has(action.user)).toBe(true);
      expect(rooms.has(action.room)).toBe(true);
      expect(action.via?.[0]).toBe(action.room.slice(action.room.indexOf(':') + 1));
    }
    const times = s.timeline.map((a) => a.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('is heavy-tailed: a few big servers and rooms, many small ones', () => {
    const s = generated({ servers: 200, users: 4000, rooms: 2000, joins: 0 });
    const users = s.servers.map((server) => server.users.length);
    expect(users[0]).toBe(Math.max(...users));
    expect(users[0]).toBeGreaterThan(20 * (users[users.length - 1] as number));
    const sizes = s.rooms.map((r) => Object.keys(r.members).length).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)] as number;
    expect(sizes[sizes.length - 1]).toBeGreaterThan(10 * median);
    expect(sizes[0]).toBeGreaterThanOrEqual(2);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(1000);
  });

  it('assigns implementations in the proportions of the mix', () => {
    const s = generated({ servers: 400, rooms: 10, joins: 0, mix: { synapse: 0.8, dendrite: 0.1, conduwuit: 0.1 } });
    const count = (name: string): number => s.servers.filter((server) => server.implementation === name).length;
    expect(count('synapse')).toBeGreaterThan(280);
    expect(count('dendrite')).toBeGreaterThan(20);
    expect(count('conduwuit')).toBeGreaterThan(20);
    expect(count('synapse') + count('dendrite') + count('conduwuit')).toBe(400);
  });

  it('builds each misconfiguration so that the linter finds it', () => {
    const options = { servers: 30, rooms: 200, spaces: 8, inSpace: 1, restricted: 1, inviteLevel: 50, joins: 0 };
    const base = validateScenario({ fedsim: 1, name: 'm', servers: [], rooms: [] }, 'm.json');
    if (!base.ok) throw new Error('base');
    const o = { ...defaultOptions('0', 30), ...options, misconfig: { allowWithoutAuthoriser: 0.2, nobodyCanInvite: 0.2, typoAllow: 0.2 } };
    const fed = generateFederation(o);
    expect(fed.misconfigured.allowWithoutAuthoriser.length).toBeGreaterThan(10);
    expect(fed.misconfigured.nobodyCanInvite.length).toBeGreaterThan(10);
    expect(fed.misconfigured.typoAllow.length).toBeGreaterThan(10);
    const findings = lintScenario({ ...base.scenario, servers: fed.servers, rooms: fed.rooms });
    const rooms = (code: string): Set<string | null> => new Set(findings.filter((f) => f.code === code).map((f) => f.room));
    for (const room of fed.misconfigured.allowWithoutAuthoriser) expect(rooms('allowed-room-without-authorising-server').has(room)).toBe(true);
    for (const room of fed.misconfigured.nobodyCanInvite) expect(rooms('no-authorising-server').has(room)).toBe(true);
    for (const room of fed.misconfigured.typoAllow) expect(rooms('unknown-allowed-room').has(room)).toBe(true);
  });

  it('gives version 12 rooms IDs without a server part, shaped like real ones, and joins a via to ask', () => {
    const scenario = generated({ servers: 20, rooms: 60, joins: 200, roomVersion: '12' });
    const ids = scenario.rooms.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^![A-Za-z0-9_-]{43}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const join of scenario.timeline) if (join.do === 'join') expect(join.via?.length).toBeGreaterThan(0);
    const { report } = runScenario(scenario);
    expect(report.joins.filter((j) => j.status === 404 && j.attempts.length === 0)).toEqual([]);
    expect(generated({ servers: 20, rooms: 60, joins: 0 }).rooms.every((r) => r.id.includes(':'))).toBe(true);
  });

  it('reports bad options as file:generate.x: message, all at once', () => {
    const text = JSON.stringify({
      fedsim: 1,
      name: 'bad',
      servers: [],
      rooms: [],
      generate: { servers: 0, mix: { synapse: 1, synpase: 1 }, latency: { fixed: -1 }, misconfig: { typo: 0.1 }, minRoomSize: 5, maxRoomSize: 3, sever: 1 },
    });
    const loaded = loadScenario(text, 'bad.json');
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const checked = checkGenerate(loaded.scenario, 'bad.json');
    expect(checked.ok).toBe(false);
    const lines = checked.ok ? [] : checked.problems.map(formatProblem);
    expect(lines).toEqual([
      'bad.json:generate.sever: unknown key; did you mean "servers"?',
      'bad.json:generate.servers: expected a positive integer, got 0',
      'bad.json:generate.mix.synpase: unknown implementation; did you mean "synapse"?',
      'bad.json:generate.latency.fixed: expected a non-negative integer, got -1',
      'bad.json:generate.misconfig.typo: unknown key; known keys are allowWithoutAuthoriser, nobodyCanInvite, typoAllow',
      'bad.json:generate.maxRoomSize: minRoomSize 5 is above maxRoomSize 3',
    ]);
  });

  it('refuses a file server named like a generated one', () => {
    const loaded = loadScenario(JSON.stringify({ fedsim: 1, name: 'c', servers: [{ name: 's3' }], rooms: [], generate: { servers: 5 } }), 'c.json');
    if (!loaded.ok) throw new Error('load');
    const checked = checkGenerate(loaded.scenario, 'c.json');
    expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual([
      'c.json:generate.servers: the file already has a server named s3, a name the generator uses for its servers s1..s5; rename it',
    ]);
  });
});
