/**
 * Hostile and broken input: nothing throws, nothing reaches a prototype, and deep,
 * huge or self-multiplying files come back as problems instead of crashing.
 */

import { describe, expect, it } from 'vitest';
import { loadScenario, validateScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import { baseScenario, textProblems, valid } from './helpers';

const WEIRD_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  '__proto__',
  true,
  [],
  [null],
  [[]],
  {},
  { __proto__: null },
  Object.create(null),
  new Map(),
  new Date(0),
  () => 1,
  Symbol('s'),
  10n,
];

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every (container, key) pair in a JSON-like value, depth first. */
function slots(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      slots(item, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots(item, out);
    }
  }
  return out;
}

function rich(): Record<string, unknown> {
  return {
    ...baseScenario(),
    network: { latency: { uniform: [1, 5] }, loss: 0.1, links: [{ between: ['hs1', 'hs2'], latency: { fixed: 3 } }] },
    timeline: [
      { at: 1, do: 'join', user: '@carol:hs2', room: '!room:hs1', via: ['hs1'] },
      { at: 2, do: 'partition', groups: [['hs1'], ['hs2']] },
      { at: 3, do: 'setPowerLevels', sender: '@alice:hs1', room: '!room:hs1', content: { users: { '@alice:hs1': 100 } } },
    ],
    expect: [{ join: 'join-1', outcome: 'joined', attempts: [{ server: 'hs1', status: 200 }] }, { lint: 'invalid-allow' }],
  };
}

describe('hostile values', () => {
  it('never throws on odd top-level values', () => {
    for (const value of WEIRD_VALUES) {
      const result = validateScenario(value, 'x.yaml');
      expect(result.ok).toBe(false);
    }
  });

  it('never throws when any single value anywhere is replaced by an odd one', () => {
    const random = lcg(7);
    expect(valid(rich()).timeline).toHaveLength(3);
    for (let round = 0; round < 400; round++) {
      const scenario = rich();
      const places = slots(scenario);
      const [container, key] = places[Math.floor(random() * places.length)] ?? [scenario, 'name'];
      (container as Record<string | number, unknown>)[key] = WEIRD_VALUES[Math.floor(random() * WEIRD_VALUES.length)];
      const result = validateScenario(scenario, 'x.yaml');
      if (!result.ok) for (const p of result.problems) expect(formatProblem(p)).toMatch(/^x\.yaml(:|: )/);
    }
  });

  it('accepts a scenario built from objects without a prototype', () => {
    const bare = (o: object): object => Object.assign(Object.create(null) as object, o);
    const s = bare({ ...baseScenario(), servers: [bare({ name: 'hs1', users: ['alice'] })], rooms: [bare({ id: '!a:hs1', creator: '@alice:hs1' })] });
    expect(valid(s).rooms[0]?.creator).toBe('@alice:hs1');
  });

  it('reports a value that throws when read instead of throwing', () => {
    const scenario = baseScenario();
    Object.defineProperty(scenario, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const result = validateScenario(scenario, 'x.yaml');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toContain('x.yaml: cannot read the scenario: boom');
  });
});

describe('prototype keys', () => {
  it('treats __proto__ and constructor as unknown keys, and pollutes nothing', () => {
    const text = JSON.stringify({ ...baseScenario(), constructor: 1 }).replace('{', '{"__proto__": {"polluted": true},');
    expect(textProblems(text, 'p.json')).toEqual([
      'p.json:__proto__: unknown key; known keys are fedsim, name, description, seed, errcodes, defaults, network, servers, rooms, timeline, expect, until, profileSettings, generate',
      'p.json:constructor: unknown key; known keys are fedsim, name, description, seed, errcodes, defaults, network, servers, rooms, timeline, expect, until, profileSettings, generate',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not take inherited names as actions, fields or keys', () => {
    const scenario = {
      ...baseScenario(),
      timeline: [{ at: 0, do: 'constructor' }, { at: 0, do: 'toString' }],
      expect: [{ lint: 'invalid-allow', hasOwnProperty: 1 }],
    };
    const result = validateScenario(scenario, 'x.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'x.yaml:timeline[0].do: unknown action "constructor"; actions are join, leave, invite, ban, setPowerLevels, setJoinRules, crash, recover, partition, heal',
      'x.yaml:timeline[1].do: unknown action "toString"; actions are join, leave, invite, ban, setPowerLevels, setJoinRules, crash, recover, partition, heal',
      'x.yaml:expect[0].hasOwnProperty: unknown key; known keys are lint, room',
    ]);
  });

  it('keeps a __proto__ event type in power levels as an own value', () => {
    const text = JSON.stringify({
      ...baseScenario(),
      rooms: [{ id: '!a:hs1', creator: '@alice:hs1', powerLevels: { events: { x: 1 } } }],
    }).replace('{"x":1}', '{"__proto__": 5, "constructor": 7}');
    const result = loadScenario(text, 'p.json');
    expect(result.ok).toBe(true);
    const events = result.ok ? result.scenario.rooms[0]?.powerLevels.events : undefined;
    expect(Object.getOwnPropertyDescriptor(events, '__proto__')?.value).toBe(5);
    expect(Object.getPrototypeOf(events)).toBe(Object.prototype);
    expect(events?.['constructor']).toBe(7);
  });
});

describe('deep, huge and self-multiplying files', () => {
  it('refuses YAML nested past the limit, in flow and block style, without crashing', () => {
    const n = 100_000;
    expect(textProblems('['.repeat(n) + ']'.repeat(n), 'd.yaml')).toEqual(['d.yaml: 1:102: nested more than 100 levels deep']);
    expect(textProblems('- '.repeat(5000) + 'x', 'd.yaml')).toEqual(['d.yaml: 1:203: nested more than 100 levels deep']);
  });

  it('refuses JSON nested past the limit', () => {
    const n = 100_000;
    expect(textProblems('['.repeat(n) + ']'.repeat(n), 'd.json')).toEqual(['d.json: 1:101: nested more than 100 levels deep']);
  });

  it('refuses a YAML alias bomb', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) {
      rows.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const found = textProblems(rows.join('\n'), 'bomb.yaml');
    expect(found).toEqual(['bomb.yaml: Excessive alias count indicates a resource exhaustion attack']);
  });

  it('loads a large valid scenario', () => {
    const timeline = Array.from({ length: 20_000 }, (_, i) => ({ at: 20_000 - i, do: 'join', user: '@carol:hs2', room: '!room:hs1' }));
    const s = valid({ ...baseScenario(), timeline });
    expect(s.timeline).toHaveLength(20_000);
    expect(s.timeline[0]).toMatchObject({ at: 1, index: 19_999, id: 'join-20000' });
  });

  it('keeps the first 1000 problems and counts the rest', () => {
    const timeline = Array.from({ length: 1500 }, () => ({ at: -1, do: 'heal' }));
    const result = validateScenario({ ...baseScenario(), timeline }, 'big.yaml');
    const found = result.ok ? [] : result.problems.map(formatProblem);
    expect(found).toHaveLength(1001);
    expect(found[1000]).toBe('big.yaml: 500 more problems not shown');
  });

  it('shortens a huge key in a path and a huge value in a message', () => {
    const key = 'k'.repeat(100_000);
    const result = validateScenario({ ...baseScenario(), servers: [{ name: 'hs1', users: ['alice', 'bob'], [`@${key}`]: 1 }], name: 7 }, 'x.yaml');
    const found = result.ok ? [] : result.problems.map(formatProblem);
    for (const line of found) expect(line.length).toBeLessThan(400);
    const long = validateScenario({ ...baseScenario(), seed: [], name: 'n', errcodes: 'e'.repeat(100_000) }, 'x.yaml');
    for (const line of long.ok ? [] : long.problems.map(formatProblem)) expect(line.length).toBeLessThan(400);
  });
});
