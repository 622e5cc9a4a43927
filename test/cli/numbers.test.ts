/**
 * Numbers the user wrote are quoted back as written: a value too large to hold
 * says so in the user's digits (not as the double it parsed to), a flag that is
 * not a number is quoted (not "NaN"), a latency flag of an unknown form lists the
 * forms; and `generate` refuses a federation that cannot fit in memory, with the
 * figure, before building any of it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';

const SCENARIO = (at: string): string =>
  `fedsim: 1\nname: x\nservers: [{name: a, users: [u]}]\nrooms: [{id: "!r:a", creator: "@u:a"}]\ntimeline:\n  - {at: ${at}, do: join, user: "@u:a", room: "!r:a"}\n`;

describe('numbers in the user\'s own text', () => {
  it.each([
    ['x.yaml', SCENARIO('99999999999999999999')],
    ['x.json', JSON.stringify({ fedsim: 1, name: 'x', servers: [{ name: 'a', users: ['u'] }], rooms: [{ id: '!r:a', creator: '@u:a' }], timeline: [{ at: 0, do: 'join', user: '@u:a', room: '!r:a' }] }).replace('"at":0', '"at":99999999999999999999')],
  ])('a too-large time in %s is quoted as written and said to be too large', async (name, text) => {
    const file = join(scratchDir(), name);
    writeFileSync(file, text);
    const run = await runCli('lint', file);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `${file}:timeline[0].at: expected a non-negative integer, got 99999999999999999999 (too large: the largest integer a scenario may hold is 9007199254740991)`,
    );
  });

  it('a too-large time written with an exponent in JSON is quoted as written', async () => {
    // No 16 digits in a row anywhere: only the exponent tells the number may not survive parsing.
    const file = join(scratchDir(), 'exponent.json');
    writeFileSync(file, JSON.stringify({ fedsim: 1, name: 'x', servers: [{ name: 'a', users: ['u'] }], rooms: [{ id: '!r:a', creator: '@u:a' }], timeline: [{ at: 0, do: 'join', user: '@u:a', room: '!r:a' }] }).replace('"at":0', '"at":2E+17'));
    const run = await runCli('lint', file);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`${file}:timeline[0].at: expected a non-negative integer, got 2E+17 (too large: the largest integer a scenario may hold is 9007199254740991)`);
  });

  it('generate flags: not a number, too large, an unknown latency form', async () => {
    const run = await runCli('generate', '--servers', 'abc', '--joins', '99999999999999999999', '--latency', 'normal:5');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'fedsim generate: --joins: 99999999999999999999 is too large (the largest integer fedsim takes is 9007199254740991)',
        'fedsim generate: --latency: expected fixed:MS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA, got "normal:5"',
        'fedsim generate: --servers: expected a positive integer, got "abc"',
        'fedsim: 3 problems; nothing was run',
        '',
      ].join('\n'),
    );
  });

  it('generate refuses, at once and with the figure, a federation that cannot fit in memory', async () => {
    const started = Date.now();
    const run = await runCli('generate', '--servers', '1000000000');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^fedsim generate: --servers 1000000000: 1,000,000,000 servers, 10,000,000,000 users, 10,500,000,000 rooms and 100,000,000,000 joins would need about \d+(\.\d)? TB of memory; fedsim can use \d+(\.\d)? [GT]B here\n/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('generate still builds what fits: 2 000 servers are estimated well under the budget', async () => {
    const { estimateGenerateBytes, memoryBudgetBytes } = await import('../../cli/io/generate-budget');
    const size = { servers: 2000, users: 20000, rooms: 20000, spaces: 1000, joins: 200000, roomSkew: 1.5, minRoomSize: 2, maxRoomSize: 1000 };
    expect(estimateGenerateBytes(size)).toBeLessThan(memoryBudgetBytes());
    expect(estimateGenerateBytes(size)).toBeGreaterThan(50e6);
  });
});
