/**
 * The shared contract example loads, and comes out normalized the way the engine
 * expects: defaults filled in, shorthands expanded, the creator joined.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import { ALL_ROOM_VERSIONS } from '../../engine/scenario/types';
import type { Scenario } from '../../engine/scenario/types';

/** The contract's example, through ../shared beside the repository (wherever it is checked out). */
const EXAMPLE = fileURLToPath(new URL('../../../shared/contract/examples/seed-failover.yaml', import.meta.url));

function loadExample(): Scenario {
  const result = loadScenario(readFileSync(EXAMPLE, 'utf8'), 'seed-failover.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

describe('the contract example seed-failover.yaml', () => {
  it('loads without problems', () => {
    expect(loadScenario(readFileSync(EXAMPLE, 'utf8'), 'seed-failover.yaml').ok).toBe(true);
  });

  it('has its top-level values, with the integer seed as a string and defaults filled in', () => {
    const s = loadExample();
    expect(s.fedsim).toBe(1);
    expect(s.name).toBe('seed-failover');
    expect(s.description).toMatch(/^The three answers a resident can give/);
    expect(s.seed).toBe('1');
    expect(s.errcodes).toBe('spec');
    expect(s.network).toEqual({ latency: { type: 'fixed', ms: 50 }, loss: 0, links: [] });
    expect(s.until).toBeUndefined();
  });

  it('gives every server the synapse profile and every room version', () => {
    const s = loadExample();
    expect(s.servers.map((x) => x.name)).toEqual(['hs1', 'hs2', 'hs3', 'hs4', 'hs5']);
    for (const server of s.servers) {
      expect(server.implementation).toBe('synapse');
      expect(server.roomVersions).toEqual([...ALL_ROOM_VERSIONS]);
    }
    expect(s.servers[3]?.users).toEqual(['joiner']);
  });

  it('expands the rooms: version 10, join rules content, default power levels', () => {
    const [space, room] = loadExample().rooms;
    expect(space).toEqual({
      id: '!space:hs1',
      version: '10',
      creator: '@admin:hs1',
      joinRules: { join_rule: 'public' },
      powerLevels: { users: { '@admin:hs1': 100 } },
      members: { '@admin:hs1': 'join', '@member:hs3': 'join', '@joiner:hs4': 'join' },
    });
    expect(room).toEqual({
      id: '!room:hs1',
      version: '10',
      creator: '@admin:hs1',
      joinRules: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: '!space:hs1' }] },
      powerLevels: { invite: 50, users: { '@admin:hs1': 100, '@bystander:hs2': 50 } },
      members: { '@admin:hs1': 'join', '@bystander:hs2': 'join', '@member:hs3': 'join' },
    });
  });

  it('keeps the timeline joins with their ids, times and via lists', () => {
    expect(loadExample().timeline).toEqual([
      { do: 'join', id: 'joiner', at: 1000, index: 0, user: '@joiner:hs4', room: '!room:hs1', via: ['hs2', 'hs3', 'hs1'] },
      { do: 'join', id: 'stranger', at: 2000, index: 1, user: '@stranger:hs5', room: '!room:hs1', via: ['hs1', 'hs2'] },
    ]);
  });

  it('turns the expectations into join expectations with fields and attempts', () => {
    expect(loadExample().expect).toEqual([
      {
        type: 'join',
        index: 0,
        join: 'joiner',
        fields: { outcome: 'joined', authorisedBy: '@admin:hs1', resident: 'hs1' },
        attempts: [
          { server: 'hs2', step: 'make_join', status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN' },
          { server: 'hs3', step: 'make_join', status: 400, errcode: 'M_UNABLE_TO_GRANT_JOIN' },
          { server: 'hs1', step: 'make_join', status: 200 },
          { server: 'hs1', step: 'send_join', status: 200 },
        ],
      },
      {
        type: 'join',
        index: 1,
        join: 'stranger',
        fields: { outcome: 'failed', status: 403, errcode: 'M_FORBIDDEN' },
        attempts: [{ server: 'hs1', step: 'make_join', status: 403, errcode: 'M_FORBIDDEN' }],
      },
    ]);
  });

  it('loads the same from JSON as from YAML', () => {
    const json = JSON.stringify(parse(readFileSync(EXAMPLE, 'utf8')));
    const result = loadScenario(json, 'seed-failover.json');
    expect(result.ok && result.scenario).toEqual(loadExample());
  });
});
