/**
 * `-` is standard input for every command that reads a file, or is refused with
 * exit 2 and a message where it cannot be (twice on one command line, or viz,
 * whose page fetches its file again and again).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers';
import { spawnFedsim } from './spawn';

const TYPO = 'scenarios/gallery/allow-typo.yaml';
const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

describe('- as standard input', () => {
  it('lint - checks the scenario on standard input (exit 1: it has an error finding)', () => {
    const run = spawnFedsim(['lint', '-'], readFileSync(TYPO, 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^-: 1 error, 1 warning, 0 info\n/);
    expect(run.code).toBe(1);
  });

  it('test - runs the scenario on standard input and passes it', () => {
    const run = spawnFedsim(['test', '-'], readFileSync(EXAMPLE, 'utf8'));
    expect(run.stdout).toMatch(/^PASS\s+-\s+1\/2\s+2\/2/m);
    expect(run.stdout).toContain('1 scenario file: 1 passed, 0 failed, 0 bad');
    expect(run.code).toBe(0);
  });

  it('explain - names standard input as -', () => {
    const run = spawnFedsim(['explain', '-', '--join', 'stranger', '--no-fixes'], readFileSync(EXAMPLE, 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('stranger');
    expect(run.code).toBe(0);
  });

  it('import - reads room state from standard input (JSON)', () => {
    const run = spawnFedsim(['import', '-', '--format', 'json'], readFileSync('scenarios/import-samples/community/space.json', 'utf8'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).fedsim).toBe(1);
  });

  it('a bad scenario on standard input is reported as -:path: message, exit 2', () => {
    const run = spawnFedsim(['lint', '-'], 'fedsim: 1\nname: x\nservers: []\nrooms: []\nzzz: 1\n');
    expect(run.stderr).toContain('-:zzz: unknown key');
    expect(run.code).toBe(2);
  });

  it('is refused twice on one command line, and by viz, with exit 2', async () => {
    for (const argv of [['lint', '-', '-'], ['test', '-', '-'], ['import', '-', '--settings', '-']]) {
      const run = await runCli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toBe('fedsim: - (standard input) is named 2 times; it can be read only once, so give the others as files\n');
    }
    const viz = await runCli('viz', '-');
    expect(viz.code).toBe(2);
    expect(viz.stderr).toBe('fedsim: viz cannot open standard input (-); save it to a file and give that\n');
  });
});
