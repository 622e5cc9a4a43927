import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../cli/helpers';

describe('fedsim generate', () => {
  it('prints a JSON scenario that fedsim recognises as its own', async () => {
    const { code, stdout, stderr } = await runCli('generate', '--servers', '10', '--joins', '50', '--seed', '4');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.startsWith('{"fedsim":1,')).toBe(true);
    const scenario = JSON.parse(stdout);
    expect(scenario.servers).toHaveLength(10);
    expect(scenario.timeline).toHaveLength(50);
    expect(scenario.seed).toBe('4');
  });

  it('writes YAML or JSON files that run', async () => {
    const dir = scratchDir();
    for (const name of ['g.yaml', 'g.json']) {
      const file = join(dir, name);
      const made = await runCli('generate', '--servers', '8', '--joins', '30', '--mix', 'synapse=0.5,dendrite=0.5', '-o', file);
      expect(made.code).toBe(0);
      expect(made.stderr).toContain(`wrote ${file}: 8 servers`);
      if (name.endsWith('.yaml')) expect(readFileSync(file, 'utf8').startsWith('# written by fedsim generate')).toBe(true);
      const ran = await runCli('run', file, '--json', '--max-joins', '5');
      expect(ran.code).toBe(0);
      const report = JSON.parse(ran.stdout);
      expect(report.joins).toHaveLength(5);
      expect(report.summary.joins).toBe(30);
      expect(report.summary.joinsOmitted).toBe(25);
    }
  });

  it('names the flag of each bad option, and runs nothing', async () => {
    const { code, stdout, stderr } = await runCli('generate', '--servers', '0', '--mix', 'synapse=1,dendirte=1', '--latency', 'slow', '--misconfig', 'typoAllow=2');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('fedsim generate: --servers: expected a positive integer, got 0');
    expect(stderr).toContain('fedsim generate: --mix (dendirte): unknown implementation; did you mean "dendrite"?');
    expect(stderr).toContain('fedsim generate: --latency: expected fixed:MS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA, got "slow"');
    expect(stderr).toContain('fedsim generate: --misconfig (typoAllow): expected a probability from 0 to 1, got 2');
  });

  it('prints a readable summary of a big run: its failed joins, or the number of joins the user asked for', async () => {
    const summary = await runCli('run', 'scenarios/generated/heavy-tail.yaml');
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^\(600 joins: (the|the first \d+ of the) \d+ that failed are listed below; --max-joins N lists the first N joins/m);
    const listed = summary.stdout.split('\n').filter((l) => /^join-\d+ {2}/.test(l));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(50);
    for (const line of listed) expect(line).toContain('FAILED');
    const chosen = await runCli('run', 'scenarios/generated/heavy-tail.yaml', '--max-joins', '70');
    expect(chosen.stdout.split('\n').filter((l) => /^join-\d+ {2}/.test(l))).toHaveLength(70);
  });

  it('rejects a bad --max-joins', async () => {
    const { code, stderr } = await runCli('run', 'scenarios/generated/heavy-tail.yaml', '--max-joins', '-1');
    expect(code).toBe(2);
    expect(stderr).toContain('--max-joins: expected a non-negative integer');
  });

  it('pipes into fedsim run - (JSON on standard input)', () => {
    const fedsim = `"${process.execPath}" bin/fedsim.mjs`;
    const piped = spawnSync('sh', ['-c', `${fedsim} generate --servers 8 --joins 40 --seed 2 | ${fedsim} run - --json --max-joins 0`], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    const report = JSON.parse(piped.stdout);
    expect(report.joins).toEqual([]);
    expect(report.summary.joins).toBe(40);
    expect(report.seed).toBe('2');
  });
});
