/**
 * The scenario validator: every contract field and shorthand, the defaults, and
 * the exact `file:path: message` of each kind of problem.
 */

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../engine/federation/settings';
import { ALL_ROOM_VERSIONS } from '../../engine/scenario/types';
import { baseScenario, problems, valid, withTop } from './helpers';

/** baseScenario() with the rooms replaced. */
function withRooms(...rooms: unknown[]): Record<string, unknown> {
  return withTop({ rooms });
}

/** baseScenario() with this timeline. */
function withTimeline(...timeline: unknown[]): Record<string, unknown> {
  return withTop({ timeline });
}

describe('top level', () => {
  it('fills in seed "0", spec errcodes, the default network and empty lists', () => {
    const s = valid(baseScenario());
    expect(s.seed).toBe('0');
    expect(s.errcodes).toBe('spec');
    expect(s.network).toEqual({ latency: { type: 'fixed', ms: 50 }, loss: 0, links: [] });
    expect(s.timeline).toEqual([]);
    expect(s.expect).toEqual([]);
    expect(s).not.toHaveProperty('until');
    expect(s).not.toHaveProperty('description');
  });

  it('accepts a string seed, an integer seed, description, errcodes and until', () => {
    const s = valid(withTop({ seed: 'abc', description: 'why', errcodes: 'msc3083-draft', until: 9000 }));
    expect([s.seed, s.description, s.errcodes, s.until]).toEqual(['abc', 'why', 'msc3083-draft', 9000]);
    expect(valid(withTop({ seed: -42 })).seed).toBe('-42');
  });

  it('passes profileSettings and generate through', () => {
    const generate = { rooms: 3, nested: { anything: [1, 'two'] } };
    const s = valid(withTop({ profileSettings: { synapse: { makeJoinTimeoutMs: 100 } }, generate }));
    expect(s.profileSettings).toEqual({ synapse: { makeJoinTimeoutMs: 100 } });
    expect(s.generate).toBe(generate);
  });

  it('checks profileSettings against the profiles own settings', () => {
    const found = problems(withTop({ profileSettings: { synapse: { timeoutMs: 100, backoff: 'yes' } } }));
    // The list comes from the profiles' own defaults, not from the message under test.
    expect(found).toContain(`test.yaml:profileSettings.synapse.timeoutMs: unknown setting; known settings are ${Object.keys(DEFAULT_SETTINGS.synapse!).join(', ')}`);
    expect(found).toContain('test.yaml:profileSettings.synapse.backoff: expected true or false, got "yes"');
  });

  it('requires fedsim 1, a name, servers and rooms', () => {
    expect(problems({})).toEqual([
      'test.yaml:fedsim: missing required field',
      'test.yaml:name: missing required field',
      'test.yaml:servers: missing required field',
      'test.yaml:rooms: missing required field',
    ]);
    expect(problems(withTop({ fedsim: 2, name: '' }))).toEqual([
      'test.yaml:fedsim: expected 1, the only format version, got 2',
      'test.yaml:name: expected a non-empty string, got ""',
    ]);
  });

  it('rejects unknown top-level keys, suggesting the close one', () => {
    expect(problems(withTop({ timelin: [] }))).toEqual(['test.yaml:timelin: unknown key; did you mean "timeline"?']);
    expect(problems(withTop({ zzz: 1 }))).toEqual([
      'test.yaml:zzz: unknown key; known keys are fedsim, name, description, seed, errcodes, defaults, network, servers, rooms, timeline, expect, until, profileSettings, generate',
    ]);
  });

  it('checks seed, errcodes, until, description, profileSettings and generate', () => {
    expect(
      problems(
        withTop({
          seed: 1.5,
          errcodes: 'draft',
          until: -1,
          description: 3,
          profileSettings: { synapse: 1 },
          generate: [],
        }),
      ),
    ).toEqual([
      'test.yaml:description: expected a string, got 3',
      'test.yaml:seed: expected a string or an integer, got 1.5',
      'test.yaml:errcodes: expected one of spec, msc3083-draft, got "draft"',
      'test.yaml:until: expected a non-negative integer, got -1',
      'test.yaml:profileSettings.synapse: expected an object, got 1',
      'test.yaml:generate: expected an object, got a list',
    ]);
  });

  it('refuses an integer seed too large to keep exactly', () => {
    expect(problems(withTop({ seed: 2 ** 60 }))).toEqual([
      'test.yaml:seed: integer 1152921504606847000 is too large to keep exactly; write the seed as a string',
    ]);
  });

  it('reports a top level that is not an object, or nothing at all', () => {
    expect(problems([1, 2])).toEqual([
      'test.yaml: expected an object at the top level, got a list; a scenario needs at least fedsim, name, servers and rooms',
    ]);
    expect(problems(null)).toEqual(['test.yaml: the file is empty; a scenario needs at least fedsim, name, servers and rooms']);
  });
});

describe('servers', () => {
  it('defaults to synapse, every room version and no users', () => {
    expect(valid(withTop({ servers: [{ name: 'hs1' }], rooms: [] })).servers).toEqual([
      { name: 'hs1', implementation: 'synapse', roomVersions: [...ALL_ROOM_VERSIONS], users: [] },
    ]);
  });

  it('applies defaults to servers that do not set them, and not to those that do', () => {
    const s = valid(
      withTop({
        defaults: { implementation: 'dendrite', roomVersions: ['9', 10] },
        servers: [{ name: 'hs1' }, { name: 'hs2', implementation: 'conduwuit', roomVersions: ['11'] }],
        rooms: [],
      }),
    );
    expect(s.servers.map((x) => [x.implementation, x.roomVersions])).toEqual([
      ['dendrite', ['9', '10']],
      ['conduwuit', ['11']],
    ]);
  });

  it('accepts every implementation name', () => {
    for (const implementation of ['synapse', 'synapse-1.77', 'dendrite', 'conduwuit', 'spec']) {
      expect(valid(withTop({ servers: [{ name: 'hs1', implementation }], rooms: [] })).servers[0]?.implementation).toBe(implementation);
    }
  });

  it('reports bad names, implementations, versions and users, and duplicates', () => {
    expect(
      problems(
        withTop({
          defaults: { implementation: 'synapse', roomversions: [] },
          servers: [
            { name: 'hs1', implementation: 'Synapse', roomVersions: ['10', '13', '10'], users: ['alice', '@bob:hs1', 'alice', 7] },
            { name: 'hs1' },
            { name: '' },
            'hs4',
          ],
          rooms: [],
        }),
      ),
    ).toEqual([
      'test.yaml:defaults.roomversions: unknown key; did you mean "roomVersions"?',
      'test.yaml:servers[0].implementation: expected one of synapse, synapse-1.77, dendrite, conduwuit, tuwunel, spec, got "Synapse"; did you mean "synapse"?',
      'test.yaml:servers[0].roomVersions[1]: unknown room version "13"; known versions are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12',
      'test.yaml:servers[0].users[1]: expected a user\'s local part such as "alice" (no @ or :), got "@bob:hs1"',
      'test.yaml:servers[0].users[2]: duplicate user "alice" (first at servers[0].users[0])',
      'test.yaml:servers[0].users[3]: expected a user\'s local part such as "alice" (no @ or :), got 7',
      'test.yaml:servers[1].name: duplicate server name "hs1" (first at servers[0].name)',
      'test.yaml:servers[2].name: expected a non-empty string, got ""',
      'test.yaml:servers[3]: expected an object, got "hs4"',
    ]);
  });

  it('reports a duplicate room version in a roomVersions list', () => {
    expect(problems(withTop({ servers: [{ name: 'hs1', roomVersions: ['10', '10'] }], rooms: [] }))).toEqual([
      'test.yaml:servers[0].roomVersions[1]: duplicate room version "10" (first at servers[0].roomVersions[0])',
    ]);
  });

  it('reports a servers section that is not a list', () => {
    expect(problems(withTop({ servers: { hs1: {} }, rooms: [] }))).toEqual(['test.yaml:servers: expected a list, got an object']);
  });
});

describe('network', () => {
  it('reads the three latency forms, loss and links', () => {
    const network = (latency: unknown): unknown => valid(withTop({ network: { latency } })).network.latency;
    expect(network({ fixed: 20 })).toEqual({ type: 'fixed', ms: 20 });
    expect(network({ uniform: [20, 200] })).toEqual({ type: 'uniform', min: 20, max: 200 });
    expect(network({ lognormal: { median: 80, sigma: 0.6 } })).toEqual({ type: 'lognormal', median: 80, sigma: 0.6 });
    const s = valid(
      withTop({
        network: { loss: 0.1, links: [{ between: ['hs1', 'hs2'], latency: { fixed: 400 }, loss: 0.2 }, { between: ['hs2', 'hs1'] }].slice(0, 1) },
      }),
    );
    expect(s.network).toEqual({
      latency: { type: 'fixed', ms: 50 },
      loss: 0.1,
      links: [{ between: ['hs1', 'hs2'], latency: { type: 'fixed', ms: 400 }, loss: 0.2 }],
    });
  });

  it('reports bad latency forms', () => {
    const latencyProblems = (latency: unknown): string[] => problems(withTop({ network: { latency } }));
    expect(latencyProblems({ fixed: 2.5 })).toEqual(['test.yaml:network.latency.fixed: expected a non-negative integer, got 2.5']);
    expect(latencyProblems({ fixd: 2 })).toEqual(['test.yaml:network.latency.fixd: unknown key; did you mean "fixed"?']);
    expect(latencyProblems({})).toEqual([
      'test.yaml:network.latency: expected {fixed: N}, {uniform: [min, max]} or {lognormal: {median, sigma}}',
    ]);
    expect(latencyProblems({ fixed: 1, uniform: [1, 2] })).toEqual(['test.yaml:network.latency: give only one of fixed, uniform']);
    expect(latencyProblems({ uniform: [200, 20] })).toEqual(['test.yaml:network.latency.uniform: min 200 is greater than max 20']);
    expect(latencyProblems({ uniform: [1] })).toEqual(['test.yaml:network.latency.uniform: expected [min, max], got a list of 1']);
    expect(latencyProblems({ lognormal: { median: 0, sigma: -1 } })).toEqual([
      'test.yaml:network.latency.lognormal.median: expected a positive integer, got 0',
      'test.yaml:network.latency.lognormal.sigma: expected a non-negative number, got -1',
    ]);
    expect(latencyProblems('50ms')).toEqual(['test.yaml:network.latency: expected an object, got "50ms"']);
  });

  it('reports bad loss and bad links', () => {
    expect(
      problems(
        withTop({
          network: {
            loss: 1.5,
            links: [
              { between: ['hs1', 'hs9'] },
              { between: ['hs1', 'hs1'] },
              { between: ['hs1'] },
              { between: ['hs1', 'hs2'], loss: -0.1, latncy: {} },
              { between: ['hs2', 'hs1'] },
              { latency: { fixed: 1 } },
            ],
          },
        }),
      ),
    ).toEqual([
      'test.yaml:network.loss: expected a probability from 0 to 1, got 1.5',
      'test.yaml:network.links[0].between[1]: unknown server "hs9"; did you mean "hs1"?',
      'test.yaml:network.links[1].between: a link joins two different servers, got "hs1" twice',
      'test.yaml:network.links[2].between: expected two server names, got a list of 1',
      'test.yaml:network.links[3].latncy: unknown key; did you mean "latency"?',
      'test.yaml:network.links[3].loss: expected a probability from 0 to 1, got -0.1',
      'test.yaml:network.links[4].between: hs2 and hs1 already have a link (first at network.links[3])',
      'test.yaml:network.links[5].between: missing required field',
    ]);
  });
});

describe('rooms', () => {
  it('defaults to version 10, public, creator at power 100 and the creator joined', () => {
    expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1' })).rooms).toEqual([
      {
        id: '!a:hs1',
        version: '10',
        creator: '@bob:hs1',
        joinRules: { join_rule: 'public' },
        powerLevels: { users: { '@bob:hs1': 100 } },
        members: { '@bob:hs1': 'join' },
      },
    ]);
  });

  it('takes a numeric version as its string, and every join rule', () => {
    expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', version: 8 })).rooms[0]?.version).toBe('8');
    for (const joinRule of ['public', 'invite', 'knock', 'restricted', 'knock_restricted']) {
      expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', joinRule })).rooms[0]?.joinRules).toEqual({ join_rule: joinRule });
    }
  });

  it('expands allow into m.room_membership entries', () => {
    const room = valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', joinRule: 'knock_restricted', allow: ['!b:hs1', '!c:elsewhere'] })).rooms[0];
    expect(room?.joinRules).toEqual({
      join_rule: 'knock_restricted',
      allow: [
        { type: 'm.room_membership', room_id: '!b:hs1' },
        { type: 'm.room_membership', room_id: '!c:elsewhere' },
      ],
    });
  });

  it('passes raw joinRules content through as given, malformed allow lists included', () => {
    const joinRules = { join_rule: 'restricted', allow: 'invalid', extra: [{ type: 'm.other' }] };
    expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', joinRules })).rooms[0]?.joinRules).toEqual(joinRules);
  });

  it('keeps given power levels as given, without adding the creator', () => {
    const powerLevels = {
      ban: 50,
      invite: -1,
      kick: 50,
      redact: 50,
      state_default: 50,
      events_default: 0,
      users_default: 0,
      users: { '@carol:hs2': 100, '@nobody:hs7': 5 },
      events: { 'm.room.name': 50 },
      notifications: { room: 50 },
    };
    expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', powerLevels })).rooms[0]?.powerLevels).toEqual(powerLevels);
  });

  it('puts the creator first among members, joined, and keeps the rest', () => {
    const members = { '@carol:hs2': 'invite', '@alice:hs1': 'ban', '@bob:hs1': 'join' };
    const room = valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', members })).rooms[0];
    expect(room?.members).toEqual({ '@bob:hs1': 'join', '@carol:hs2': 'invite', '@alice:hs1': 'ban' });
    expect(Object.keys(room?.members ?? {})[0]).toBe('@bob:hs1');
    expect(valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', members: { '@alice:hs1': 'leave', '@carol:hs2': 'knock' } })).rooms[0]?.members).toEqual({
      '@bob:hs1': 'join',
      '@alice:hs1': 'leave',
      '@carol:hs2': 'knock',
    });
  });

  it('keeps a creator who is not joined as the file says (a creator who left is common in real rooms)', () => {
    const room = valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', members: { '@bob:hs1': 'leave', '@alice:hs1': 'join' } })).rooms[0];
    expect(room?.members).toEqual({ '@bob:hs1': 'leave', '@alice:hs1': 'join' });
  });

  it('reads v12 additional creators and hash room IDs, and reports them where the version has none', () => {
    const hash = '!W7mJ0xTkqLr3HcP1vN8sYdQe5uZa2bFgK9oXiD4hC6w';
    const room = valid(withRooms({ id: hash, version: '12', creator: '@bob:hs1', additionalCreators: ['@alice:hs1'] })).rooms[0];
    expect(room?.id).toBe(hash);
    expect(room?.additionalCreators).toEqual(['@alice:hs1']);
    expect(room?.members).toEqual({ '@bob:hs1': 'join' });
    expect(
      problems(
        withRooms(
          { id: '!abc', version: '11', creator: '@bob:hs1', additionalCreators: ['@alice:hs1'] },
          { id: '!b:hs1', version: '12', creator: '@bob:hs1', additionalCreators: ['@bob:hs1', '@alice:hs1', '@alice:hs1'], powerLevels: { users: { '@alice:hs1': 100 } } },
          { id: '!c:hs1', version: '12', creator: '@bob:hs1', additionalCreators: ['@zed:hs1'] },
        ),
      ),
    ).toEqual([
      'test.yaml:rooms[0].id: a room ID without a server part needs room version 12 or later; this room is version 11',
      'test.yaml:rooms[0].additionalCreators: room version 11 has no additional creators; they exist from room version 12',
      'test.yaml:rooms[1].additionalCreators[0]: @bob:hs1 is the creator already',
      'test.yaml:rooms[1].powerLevels.users["@alice:hs1"]: @alice:hs1 is an additional creator, whose power is unlimited; remove it from powerLevels.users',
      'test.yaml:rooms[1].additionalCreators[2]: @alice:hs1 is listed twice',
      'test.yaml:rooms[1].powerLevels.users["@alice:hs1"]: @alice:hs1 is an additional creator, whose power is unlimited; remove it from powerLevels.users',
      'test.yaml:rooms[2].additionalCreators[0]: unknown user "@zed:hs1": hs1 has no user "zed"',
    ]);
  });

  it('reads notImported: allowed rooms not imported, with the servers believed to be in them', () => {
    const room = valid(withRooms({ id: '!a:hs1', creator: '@bob:hs1', notImported: { '!space:example.org': ['example.org'], '!Qp4sV9nLc2Tj': [] } })).rooms[0];
    expect(room?.notImported).toEqual({ '!space:example.org': ['example.org'], '!Qp4sV9nLc2Tj': [] });
    expect(problems(withRooms({ id: '!a:hs1', creator: '@bob:hs1', notImported: { '!a:hs1': [], space: ['hs1'], '!s:hs1': [''] } }))).toEqual([
      'test.yaml:rooms[0].notImported["!a:hs1"]: !a:hs1 is listed under rooms, so its state was imported',
      'test.yaml:rooms[0].notImported.space: expected a room ID (!local:server, or !hash in room version 12), got "space"',
      'test.yaml:rooms[0].notImported["!s:hs1"][0]: expected a non-empty string, got ""',
    ]);
  });

  it('reports ids, versions, creators, join rules and members that are wrong', () => {
    expect(
      problems(
        withRooms(
          { id: 'room:hs1', creator: '@bob:hs1' },
          { id: '!a:hs1', version: '13', creator: 'bob', joinrule: 'public' },
          { id: '!a:hs1', creator: '@bob:hs1' },
          { id: '!b:hs1', creator: '@bob:hs1', joinRule: 'restricetd', allow: ['space'] },
          { id: '!c:hs1', creator: '@bob:hs1', joinRules: { join_rule: 'public' }, joinRule: 'public' },
          { id: '!d:hs1', creator: '@dave:hs1', joinRules: 'public', members: { bob: 'join', '@carol:hs2': 'joined', '@eve:hs9': 'join' } },
          { creator: '@bob:hs1', version: { v: 10 } },
        ),
      ),
    ).toEqual([
      'test.yaml:rooms[0].id: expected a room ID (!local:server, or !hash in room version 12), got "room:hs1"',
      'test.yaml:rooms[2].id: duplicate room ID "!a:hs1" (first at rooms[1].id)',
      'test.yaml:rooms[1].joinrule: unknown key; did you mean "joinRule"?',
      'test.yaml:rooms[1].version: unknown room version "13"; known versions are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12',
      'test.yaml:rooms[1].creator: expected a user ID (@local:server), got "bob"',
      'test.yaml:rooms[3].joinRule: expected one of public, invite, knock, restricted, knock_restricted, got "restricetd"; did you mean "restricted"?',
      'test.yaml:rooms[3].allow[0]: expected a room ID (!local:server, or !hash in room version 12), got "space"',
      'test.yaml:rooms[4].joinRules: give either joinRules or joinRule/allow, not both',
      'test.yaml:rooms[5].creator: unknown user "@dave:hs1": hs1 has no user "dave"',
      'test.yaml:rooms[5].joinRules: expected an object, got "public"',
      'test.yaml:rooms[5].members.bob: expected a user ID (@local:server), got "bob"',
      'test.yaml:rooms[5].members["@carol:hs2"]: expected one of join, invite, leave, ban, knock, got "joined"; did you mean "join"?',
      'test.yaml:rooms[5].members["@eve:hs9"]: unknown user "@eve:hs9": no server "hs9"; did you mean "hs1"?',
      'test.yaml:rooms[6].id: missing required field',
      'test.yaml:rooms[6].version: expected a room version string, got an object',
    ]);
  });

  it('reports power levels that are not integers, keys that are not user IDs, and typos', () => {
    expect(
      problems(
        withRooms({
          id: '!a:hs1',
          creator: '@bob:hs1',
          powerLevels: { invite: 'high', kick: 1.5, users: { bob: 100, '@carol:hs2': '50' }, events: { 'm.room.name': null }, invte: 0 },
        }),
      ),
    ).toEqual([
      'test.yaml:rooms[0].powerLevels.invte: unknown key; did you mean "invite"?',
      'test.yaml:rooms[0].powerLevels.invite: expected an integer, got "high"',
      'test.yaml:rooms[0].powerLevels.kick: expected an integer, got 1.5',
      'test.yaml:rooms[0].powerLevels.users.bob: expected a user ID (@local:server) as key, got "bob"',
      'test.yaml:rooms[0].powerLevels.users["@carol:hs2"]: expected an integer, got "50"',
      'test.yaml:rooms[0].powerLevels.events["m.room.name"]: expected an integer, got null',
    ]);
  });
});

describe('timeline', () => {
  it('reads every action with its fields', () => {
    const s = valid(
      withTimeline(
        { at: 0, do: 'join', user: '@carol:hs2', room: '!room:hs1' },
        { at: 1, do: 'leave', user: '@carol:hs2', room: '!room:hs1' },
        { at: 2, do: 'invite', sender: '@alice:hs1', user: '@carol:hs2', room: '!room:hs1' },
        { at: 3, do: 'ban', sender: '@alice:hs1', user: '@carol:hs2', room: '!room:hs1', id: 'ban-carol' },
        { at: 4, do: 'setPowerLevels', sender: '@alice:hs1', room: '!room:hs1', content: { invite: 50 } },
        { at: 5, do: 'setJoinRules', sender: '@alice:hs1', room: '!room:hs1', content: { join_rule: 'restricted', allow: 7 } },
        { at: 6, do: 'crash', server: 'hs2' },
        { at: 7, do: 'recover', server: 'hs2' },
        { at: 8, do: 'partition', groups: [['hs1'], ['hs2']] },
        { at: 9, do: 'heal' },
      ),
    );
    expect(s.timeline).toEqual([
      { at: 0, index: 0, do: 'join', id: 'join-1', user: '@carol:hs2', room: '!room:hs1' },
      { at: 1, index: 1, do: 'leave', user: '@carol:hs2', room: '!room:hs1' },
      { at: 2, index: 2, do: 'invite', sender: '@alice:hs1', user: '@carol:hs2', room: '!room:hs1' },
      { at: 3, index: 3, do: 'ban', id: 'ban-carol', sender: '@alice:hs1', user: '@carol:hs2', room: '!room:hs1' },
      { at: 4, index: 4, do: 'setPowerLevels', sender: '@alice:hs1', room: '!room:hs1', content: { invite: 50 } },
      { at: 5, index: 5, do: 'setJoinRules', sender: '@alice:hs1', room: '!room:hs1', content: { join_rule: 'restricted', allow: 7 } },
      { at: 6, index: 6, do: 'crash', server: 'hs2' },
      { at: 7, index: 7, do: 'recover', server: 'hs2' },
      { at: 8, index: 8, do: 'partition', groups: [['hs1'], ['hs2']] },
      { at: 9, index: 9, do: 'heal' },
    ]);
    expect(s.timeline[1]).not.toHaveProperty('id');
  });

  it('sorts by at, keeping file order for ties, and numbers joins in file order', () => {
    const s = valid(
      withTimeline(
        { at: 500, do: 'join', user: '@carol:hs2', room: '!room:hs1' },
        { at: 100, do: 'heal' },
        { at: 500, do: 'join', user: '@bob:hs1', room: '!space:hs1', id: 'bob-joins' },
        { at: 100, do: 'join', user: '@carol:hs2', room: '!space:hs1', via: [] },
      ),
    );
    expect(s.timeline.map((a) => [a.at, a.index, a.id])).toEqual([
      [100, 1, undefined],
      [100, 3, 'join-3'],
      [500, 0, 'join-1'],
      [500, 2, 'bob-joins'],
    ]);
  });

  it('reports unknown actions with a suggestion, and items that are not objects', () => {
    expect(problems(withTimeline({ at: 0, do: 'jion', user: '@carol:hs2', room: '!room:hs1' }, 'heal', { at: 0, do: 'explode' }))).toEqual([
      'test.yaml:timeline[0].do: unknown action "jion"; did you mean "join"?',
      'test.yaml:timeline[1]: expected an object, got "heal"',
      'test.yaml:timeline[2].do: unknown action "explode"; actions are join, leave, invite, ban, setPowerLevels, setJoinRules, crash, recover, partition, heal',
    ]);
  });

  it('reports missing and bad fields, and fields the action does not take', () => {
    expect(
      problems(
        withTimeline(
          { do: 'join', user: '@carol:hs2' },
          { at: 'soon', do: 'leave', user: '@carol:hs2', room: '!room:hs1', via: ['hs1'] },
          { at: 1.5, do: 'invite', sendr: '@alice:hs1', user: '@carol:hs2', room: '!room:hs1' },
          { at: 2, do: 'heal', server: 'hs1' },
          { at: 3, do: 'setJoinRules', sender: '@alice:hs1', room: '!room:hs1', content: 'restricted' },
          { at: 4, do: 'setPowerLevels', sender: '@alice:hs1', room: '!room:hs1', content: { invite: '50' } },
          { at: 5, do: 'partition', groups: ['hs1'] },
        ),
      ),
    ).toEqual([
      'test.yaml:timeline[0].at: missing required field',
      'test.yaml:timeline[0].room: missing required field',
      'test.yaml:timeline[1].at: expected a non-negative integer, got "soon"',
      'test.yaml:timeline[1].via: unknown key; known keys are at, do, id, user, room',
      'test.yaml:timeline[2].at: expected a non-negative integer, got 1.5',
      'test.yaml:timeline[2].sendr: unknown key; did you mean "sender"?',
      'test.yaml:timeline[2].sender: missing required field',
      'test.yaml:timeline[3].server: unknown key; known keys are at, do, id',
      'test.yaml:timeline[4].content: expected an object, got "restricted"',
      'test.yaml:timeline[5].content.invite: expected an integer, got "50"',
      'test.yaml:timeline[6].groups[0]: expected a list, got "hs1"',
    ]);
  });

  it('reports references to users, rooms and servers the scenario does not declare', () => {
    expect(
      problems(
        withTimeline(
          { at: 0, do: 'join', user: '@bob:hs9', room: '!room:hs1' },
          { at: 0, do: 'join', user: '@dave:hs2', room: '!nowhere:hs1', via: ['hs1', 'hs3'] },
          { at: 0, do: 'invite', sender: '@alcie:hs1', user: 'carol', room: '!room:hs1' },
          { at: 0, do: 'crash', server: 'hs3' },
          { at: 0, do: 'recover', server: 42 },
          { at: 0, do: 'partition', groups: [['hs1', 'hs2'], ['hs2', 'hs5']] },
        ),
      ),
    ).toEqual([
      'test.yaml:timeline[0].user: unknown user "@bob:hs9": no server "hs9"; did you mean "hs1"?',
      'test.yaml:timeline[1].user: unknown user "@dave:hs2": hs2 has no user "dave"',
      'test.yaml:timeline[1].room: unknown room "!nowhere:hs1": it is not listed under rooms',
      'test.yaml:timeline[1].via[1]: unknown server "hs3"; did you mean "hs1"?',
      'test.yaml:timeline[2].sender: unknown user "@alcie:hs1": hs1 has no user "alcie"; did you mean "alice"?',
      'test.yaml:timeline[2].user: expected a user ID (@local:server), got "carol"',
      'test.yaml:timeline[3].server: unknown server "hs3"; did you mean "hs1"?',
      'test.yaml:timeline[4].server: expected a non-empty string, got 42',
      'test.yaml:timeline[5].groups[1][1]: unknown server "hs5"; did you mean "hs1"?',
      'test.yaml:timeline[5].groups[1][0]: hs2 is already in timeline[5].groups[0]',
    ]);
  });

  it('reports duplicate ids, including a generated join-N taken by another item', () => {
    expect(
      problems(
        withTimeline(
          { at: 0, do: 'heal', id: 'x' },
          { at: 0, do: 'heal', id: 'x' },
          { at: 0, do: 'join', user: '@carol:hs2', room: '!room:hs1' },
          { at: 0, do: 'crash', server: 'hs2', id: 'join-1' },
          { at: 0, do: 'heal', id: 'join-2' },
          { at: 0, do: 'join', user: '@carol:hs2', room: '!room:hs1' },
          { at: 0, do: 'heal', id: '' },
        ),
      ),
    ).toEqual([
      'test.yaml:timeline[1].id: duplicate id "x" (first at timeline[0].id)',
      'test.yaml:timeline[3].id: duplicate id "join-1" (first at timeline[2], a join without an id)',
      'test.yaml:timeline[5]: duplicate id "join-2" (first at timeline[4].id); give this join an id',
      'test.yaml:timeline[6].id: expected a non-empty string, got ""',
    ]);
  });

  it('reports a timeline that is not a list', () => {
    expect(problems(withTop({ timeline: { at: 0 } }))).toEqual(['test.yaml:timeline: expected a list, got an object']);
  });
});

describe('expect', () => {
  const timeline = [
    { at: 0, do: 'join', user: '@carol:hs2', room: '!room:hs1', id: 'carol-joins' },
    { at: 0, do: 'join', user: '@bob:hs1', room: '!room:hs1' },
    { at: 0, do: 'heal', id: 'healing' },
  ];
  const withExpect = (...items: unknown[]): Record<string, unknown> => withTop({ timeline, expect: items });

  it('reads join expectations with every report field, and lint expectations', () => {
    const s = valid(
      withExpect(
        {
          join: 'carol-joins',
          id: 'carol-joins',
          user: '@carol:hs2',
          room: '!room:hs1',
          at: 0,
          local: false,
          outcome: 'joined',
          status: 200,
          errcode: null,
          authorisedBy: '@alice:hs1',
          resident: 'hs1',
          finishedAt: 210,
          message: 'fine',
          joiner: 'hs2',
          attempts: [
            {
              server: 'hs1',
              step: 'send_join',
              at: 100,
              status: 200,
              errcode: null,
              reason: 'ok',
              decision: 'allow',
              check: 'restricted',
              skipped: false,
            },
          ],
        },
        { join: 'join-2', outcome: 'failed', authorisedBy: null, resident: null },
        { lint: 'allowed-room-without-authorising-server', room: '!room:hs1' },
        { lint: 'allow-duplicate' },
      ),
    );
    expect(s.expect).toEqual([
      {
        type: 'join',
        index: 0,
        join: 'carol-joins',
        fields: {
          id: 'carol-joins',
          user: '@carol:hs2',
          room: '!room:hs1',
          at: 0,
          local: false,
          outcome: 'joined',
          status: 200,
          errcode: null,
          authorisedBy: '@alice:hs1',
          resident: 'hs1',
          finishedAt: 210,
          message: 'fine',
          joiner: 'hs2',
        },
        attempts: [
          { server: 'hs1', step: 'send_join', at: 100, status: 200, errcode: null, reason: 'ok', decision: 'allow', check: 'restricted', skipped: false },
        ],
      },
      { type: 'join', index: 1, join: 'join-2', fields: { outcome: 'failed', authorisedBy: null, resident: null } },
      { type: 'lint', index: 2, code: 'allowed-room-without-authorising-server', room: '!room:hs1' },
      { type: 'lint', index: 3, code: 'allow-duplicate' },
    ]);
  });

  it('accepts every listed lint code', () => {
    const codes = [
      'allowed-room-without-authorising-server',
      'no-authorising-server',
      'unknown-allowed-room',
      'invalid-allow',
      'join-rule-unsupported',
      'room-version-unsupported',
      'via-cannot-authorise',
      'v8-redaction-risk',
    ];
    expect(valid(withExpect(...codes.map((lint) => ({ lint })))).expect.map((e) => (e.type === 'lint' ? e.code : ''))).toEqual(codes);
  });

  it('reports joins that name no timeline join, and bad fields', () => {
    expect(
      problems(
        withExpect(
          { join: 'carol-join', outcome: 'ok', status: '200', errcode: 5, attempt: [] },
          { join: 'healing' },
          { outcome: 'joined' },
          { join: 'join-2', attempts: [{ server: 'hs1', step: 'make-join', status: 'bad', reson: 'x' }, 'hs1'] },
        ),
      ),
    ).toEqual([
      'test.yaml:expect[0].attempt: unknown key; did you mean "attempts"?',
      'test.yaml:expect[0].join: no join in the timeline has id "carol-join"; did you mean "carol-joins"?',
      'test.yaml:expect[0].outcome: expected one of joined, failed, got "ok"',
      'test.yaml:expect[0].status: expected an integer, got "200"',
      'test.yaml:expect[0].errcode: expected a string, got 5',
      'test.yaml:expect[1].join: no join in the timeline has id "healing"',
      'test.yaml:expect[2]: expected a join expectation (join: ID) or a lint expectation (lint: CODE)',
      'test.yaml:expect[3].attempts[0].reson: unknown key; did you mean "reason"?',
      'test.yaml:expect[3].attempts[0].step: expected one of make_join, send_join, got "make-join"; did you mean "make_join"?',
      'test.yaml:expect[3].attempts[0].status: expected an integer, got "bad"',
      'test.yaml:expect[3].attempts[1]: expected an object, got "hs1"',
    ]);
  });

  it('reports bad lint expectations', () => {
    expect(
      problems(withExpect({ lint: 'No Authorising Server' }, { lint: 'invalid-allow', room: '!nowhere:hs1', rooom: 'x' }, { lint: 'x', join: 'join-2' }, { lint: 3 })),
    ).toEqual([
      'test.yaml:expect[0].lint: unknown lint code "No Authorising Server"; did you mean "no-authorising-server"?',
      'test.yaml:expect[1].rooom: unknown key; did you mean "room"?',
      'test.yaml:expect[1].room: unknown room "!nowhere:hs1": it is not listed under rooms',
      'test.yaml:expect[2]: give either join or lint, not both',
      'test.yaml:expect[3].lint: expected a lint code such as allowed-room-without-authorising-server, got 3',
    ]);
  });
});

describe('all problems at once', () => {
  it('reports problems from every section in one pass', () => {
    const found = problems({
      fedsim: 1,
      name: 'many',
      servers: [{ name: 'hs1', users: ['alice'], implementation: 'synaps' }],
      network: { loss: 2 },
      rooms: [{ id: '!a:hs1', creator: '@alice:hs1', joinrule: 'public' }],
      timeline: [{ at: -5, do: 'join', user: '@zed:hs1', room: '!a:hs1' }],
      expect: [{ join: 'nope' }],
      until: 'later',
    });
    expect(found).toEqual([
      'test.yaml:servers[0].implementation: expected one of synapse, synapse-1.77, dendrite, conduwuit, tuwunel, spec, got "synaps"; did you mean "synapse"?',
      'test.yaml:network.loss: expected a probability from 0 to 1, got 2',
      'test.yaml:rooms[0].joinrule: unknown key; did you mean "joinRule"?',
      'test.yaml:timeline[0].at: expected a non-negative integer, got -5',
      'test.yaml:timeline[0].user: unknown user "@zed:hs1": hs1 has no user "zed"',
      'test.yaml:expect[0].join: no join in the timeline has id "nope"',
      'test.yaml:until: expected a non-negative integer, got "later"',
    ]);
  });

  it('uses the file name given, and prints a problem without a path as file: message', () => {
    expect(problems(42, 'lab/x.json')).toEqual([
      'lab/x.json: expected an object at the top level, got 42; a scenario needs at least fedsim, name, servers and rooms',
    ]);
  });
});
