/**
 * An unknown key is refused with an exact message at every level of the format:
 * a typo such as `nmae` must never be accepted silently (scenario-format.md, top).
 * Each row names a level, a scenario with a stray key there, and the one message.
 */
import { describe, expect, it } from 'vitest';
import { checkGenerate } from '../../engine/generate/expand';
import { DEFAULT_SETTINGS } from '../../engine/federation/settings';
import { formatProblem } from '../../engine/scenario/problems';
import { problems, valid, withTop } from './helpers';

/** The problems of a `generate:` block, as `fedsim run` reports them. */
function generateProblems(generate: Record<string, unknown>): string[] {
  const checked = checkGenerate(valid(withTop({ generate })), 'test.yaml');
  return checked.ok ? [] : checked.problems.map(formatProblem);
}

type Row = [level: string, scenario: Record<string, unknown>, message: string];

const room = (extra: Record<string, unknown>): Record<string, unknown> => withTop({ rooms: [{ id: '!space:hs1', creator: '@alice:hs1', ...extra }] });
const timeline = (item: Record<string, unknown>): Record<string, unknown> => withTop({ timeline: [{ at: 1, ...item }] });
const joinTimeline = [{ at: 1, do: 'join', user: '@carol:hs2', room: '!room:hs1' }];

const ROWS: Row[] = [
  ['the top level, a typo', withTop({ timelin: [] }), 'test.yaml:timelin: unknown key; did you mean "timeline"?'],
  [
    'the top level, far from any key',
    withTop({ zzz: 1 }),
    'test.yaml:zzz: unknown key; known keys are fedsim, name, description, seed, errcodes, defaults, network, servers, rooms, timeline, expect, until, profileSettings, generate',
  ],
  ['defaults', withTop({ defaults: { implmentation: 'synapse' } }), 'test.yaml:defaults.implmentation: unknown key; did you mean "implementation"?'],
  ['servers[]', withTop({ servers: [{ nmae: 'hs1', name: 'hs1', users: ['alice', 'bob'] }, { name: 'hs2', users: ['carol'] }] }), 'test.yaml:servers[0].nmae: unknown key; did you mean "name"?'],
  [
    'servers[], far from any key',
    withTop({ servers: [{ name: 'hs1', users: ['alice', 'bob'], zzz: 1 }, { name: 'hs2', users: ['carol'] }] }),
    'test.yaml:servers[0].zzz: unknown key; known keys are name, implementation, roomVersions, users',
  ],
  [
    'rooms[]',
    room({ zzz: 1 }),
    'test.yaml:rooms[0].zzz: unknown key; known keys are id, version, creator, additionalCreators, joinRule, allow, joinRules, powerLevels, members, serverAcl, notImported',
  ],
  ['rooms[], a typo', room({ crator: '@alice:hs1' }), 'test.yaml:rooms[0].crator: unknown key; did you mean "creator"?'],
  ['rooms[].serverAcl', room({ serverAcl: { deny: [], zzz: 1 } }), 'test.yaml:rooms[0].serverAcl.zzz: unknown key; known keys are allow, deny, allow_ip_literals'],
  [
    'rooms[].powerLevels',
    room({ powerLevels: { zzz: 1 } }),
    'test.yaml:rooms[0].powerLevels.zzz: unknown key; known keys are ban, invite, kick, redact, state_default, events_default, users_default, users, events, notifications',
  ],
  ['network', withTop({ network: { zzz: 1 } }), 'test.yaml:network.zzz: unknown key; known keys are latency, loss, links'],
  ['network.latency', withTop({ network: { latency: { fixd: 5 } } }), 'test.yaml:network.latency.fixd: unknown key; did you mean "fixed"?'],
  ['network.latency.lognormal', withTop({ network: { latency: { lognormal: { median: 5, sigma: 1, zzz: 1 } } } }), 'test.yaml:network.latency.lognormal.zzz: unknown key; known keys are median, sigma'],
  ['network.links[]', withTop({ network: { links: [{ between: ['hs1', 'hs2'], zzz: 1 }] } }), 'test.yaml:network.links[0].zzz: unknown key; known keys are between, latency, loss'],
  ['timeline[] (join)', timeline({ do: 'join', user: '@carol:hs2', room: '!room:hs1', zzz: 1 }), 'test.yaml:timeline[0].zzz: unknown key; known keys are at, do, id, user, room, via'],
  ['timeline[] (crash)', timeline({ do: 'crash', server: 'hs2', zzz: 1 }), 'test.yaml:timeline[0].zzz: unknown key; known keys are at, do, id, server'],
  ['timeline[] (heal)', timeline({ do: 'heal', zzz: 1 }), 'test.yaml:timeline[0].zzz: unknown key; known keys are at, do, id'],
  ['expect[] (lint)', withTop({ expect: [{ lint: 'invalid-allow', zzz: 1 }] }), 'test.yaml:expect[0].zzz: unknown key; known keys are lint, room'],
  ['expect[] (join), a typo', withTop({ timeline: joinTimeline, expect: [{ join: 'join-1', outcom: 'joined' }] }), 'test.yaml:expect[0].outcom: unknown key; did you mean "outcome"?'],
  [
    'expect[].attempts[]',
    withTop({ timeline: joinTimeline, expect: [{ join: 'join-1', attempts: [{ server: 'hs1', zzz: 1 }] }] }),
    'test.yaml:expect[0].attempts[0].zzz: unknown key; known keys are server, step, at, status, errcode, reason, decision, check, skipped',
  ],
];

describe('unknown keys', () => {
  it.each(ROWS)('are refused in %s with one exact message', (_level, scenario, message) => {
    expect(problems(scenario)).toEqual([message]);
  });

  it('are refused in generate and generate.misconfig, and unknown settings in profileSettings', () => {
    expect(generateProblems({ servres: 3 })).toEqual(['test.yaml:generate.servres: unknown key; did you mean "servers"?']);
    expect(generateProblems({ misconfig: { typoAlow: 0.1 } })).toEqual(['test.yaml:generate.misconfig.typoAlow: unknown key; did you mean "typoAllow"?']);
    expect(generateProblems({ zzz: 1 })).toEqual([
      'test.yaml:generate.zzz: unknown key; known keys are seed, servers, users, rooms, spaces, inSpace, restricted, allowRooms, inviteLevel, moderators, outsiders, joins, start, rate, via, mix, roomVersion, latency, loss, serverSkew, roomSkew, minRoomSize, maxRoomSize, misconfig',
    ]);
    // The settings list is the profile's own (other work adds settings), the message around it is pinned.
    expect(problems(withTop({ profileSettings: { synapse: { zzz: 1 } } }))).toEqual([
      `test.yaml:profileSettings.synapse.zzz: unknown setting; known settings are ${Object.keys(DEFAULT_SETTINGS.synapse!).join(', ')}`,
    ]);
  });
});
