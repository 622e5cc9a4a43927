/**
 * Property: a generated federation runs exactly like the same federation written
 * out as a scenario file (JSON, or YAML for a small one) and read back through
 * loadScenario: same fingerprint, same outcome for every join, same report.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expandGenerate, formatProblem, loadScenario, runScenario, scenarioJsonChunks, toScenarioFile, type Scenario } from '../../engine/index';
import { generated } from './helpers';

function readBack(text: string, file: string): Scenario {
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.scenario;
}

const CASES: [string, Record<string, unknown>][] = [
  ['a small default federation', { servers: 12, joins: 150 }],
  ['lossy links and every misconfiguration', { servers: 20, rooms: 80, joins: 250, loss: 0.05, inviteLevel: 50, misconfig: { allowWithoutAuthoriser: 0.2, nobodyCanInvite: 0.1, typoAllow: 0.1 } }],
  ['a mix of implementations and several allowed rooms', { servers: 25, joins: 300, allowRooms: 3, restricted: 0.9, mix: { synapse: 0.5, dendrite: 0.25, conduwuit: 0.25 }, latency: { uniform: [10, 400] } }],
  ['old room versions and a fast join rate', { servers: 15, joins: 200, roomVersion: '9', rate: 2000, via: 1 }],
];

describe('generated federations written out and read back', () => {
  for (const seed of ['0', '17', 'many-seeds']) {
    it.each(CASES)(`run the same (%s, seed ${seed})`, (_what, options) => {
      const direct = generated(options, seed);
      const viaJson = readBack([...scenarioJsonChunks(direct)].join(''), 'gen.json');
      const a = runScenario(direct).report;
      const b = runScenario(viaJson).report;
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(b.joins.map((j) => [j.id, j.outcome, j.errcode, j.resident])).toEqual(a.joins.map((j) => [j.id, j.outcome, j.errcode, j.resident]));
      expect(b).toEqual(a);
    });
  }

  it('reads back the same from YAML', () => {
    const direct = generated({ servers: 10, joins: 80 }, '5');
    const viaYaml = readBack(stringify(toScenarioFile(direct)), 'gen.yaml');
    expect(runScenario(viaYaml).report).toEqual(runScenario(direct).report);
  });

  it('keeps a file\'s own servers, rooms, timeline and expectations next to the generated ones', () => {
    const text = JSON.stringify({
      fedsim: 1,
      name: 'mixed',
      servers: [{ name: 'hs1', users: ['admin'] }, { name: 'hs2', users: ['bob'] }],
      rooms: [{ id: '!room:hs1', creator: '@admin:hs1' }],
      timeline: [{ at: 5000, do: 'join', user: '@bob:hs2', room: '!room:hs1' }, { at: 1000, do: 'crash', server: 'hs2' }, { at: 4000, do: 'recover', server: 'hs2' }],
      expect: [{ join: 'join-1', outcome: 'joined' }],
      generate: { servers: 8, joins: 40 },
    });
    const loaded = readBack(text, 'mixed.json');
    const { report } = runScenario(loaded);
    expect(report.expectations.every((e) => e.passed)).toBe(true);
    expect(report.joins).toHaveLength(41);
    expect(report.joins[0]?.id).toBe('join-1');
    expect(report.servers?.map((s) => s.name).slice(0, 3)).toEqual(['hs1', 'hs2', 's1']);
    expect(loaded.rooms[0]?.id).toBe('!room:hs1');
    expect(report.expectations).toHaveLength(1);
    // Expanded, then written and read back: the file's own parts are still there, and it runs the same.
    const expanded = expandGenerate(loaded, 'mixed.json');
    const written = readBack([...scenarioJsonChunks(expanded)].join(''), 'mixed-expanded.json');
    expect(written.generate).toBeUndefined();
    expect(written.servers).toHaveLength(10);
    expect(written.rooms[0]?.id).toBe('!room:hs1');
    expect(written.expect).toEqual(loaded.expect);
    expect(runScenario(written).report).toEqual(report);
  });
});
