/**
 * Output paths are checked before anything runs: a directory, a device, a FIFO or
 * an input is refused with exit 2 (`--force` too: it replaces regular files only),
 * two outputs on one path are refused, `-` means standard output where that makes
 * sense, and partial files never outlive the command: not on an error, not on
 * SIGINT or SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';
import { FEDSIM } from './spawn';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

describe('output paths', () => {
  it('refuses a directory for every output option, before running', async () => {
    const dir = scratchDir();
    for (const argv of [
      ['run', EXAMPLE, '--out', dir],
      ['run', EXAMPLE, '--report', dir],
      ['run', EXAMPLE, '--trace', dir],
      ['explain', EXAMPLE, '-o', dir],
      ['generate', '--servers', '3', '-o', dir],
      ['import', 'scenarios/import-samples/community/space.json', '-o', dir],
      ['schema', '-o', dir],
    ]) {
      const run = await runCli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toBe(`fedsim: ${dir}: is a directory; name a file to write\n`);
      expect(run.stdout, argv.join(' ')).toBe('');
    }
  });

  it('refuses a device or a FIFO even with --force, and leaves it as it was', async () => {
    const fifo = join(scratchDir(), 'fifo');
    spawnSync('mkfifo', [fifo]);
    for (const target of ['/dev/null', fifo]) {
      const run = await runCli('run', EXAMPLE, '-o', target, '--force');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`fedsim: ${target}: is not a regular file (a device, FIFO or socket); fedsim writes only regular files, even with --force (use - for standard output)\n`);
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses to write over an input, --force or not', async () => {
    const dir = scratchDir();
    const input = join(dir, 'lab.yaml');
    copyFileSync(EXAMPLE, input);
    const before = readFileSync(input, 'utf8');
    for (const extra of [[], ['--force']]) {
      const run = await runCli('run', input, '--trace', input, ...extra);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`fedsim: ${input}: refusing to write over an input file\n`);
    }
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  it('refuses two outputs on one path, and two on standard output', async () => {
    const out = join(scratchDir(), 'same.json');
    const same = await runCli('run', EXAMPLE, '--report', out, '--trace', out);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe(`fedsim: --out and --trace name the same file ${out}; give each its own\n`);
    expect(existsSync(out)).toBe(false);
    const both = await runCli('run', EXAMPLE, '--trace', '-', '--format', 'json');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('fedsim: --trace and --format json both write to standard output; give one of them a file\n');
  });

  it('takes - as standard output: the report, the trace, a generated scenario', async () => {
    const report = await runCli('run', EXAMPLE, '-o', '-');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).fedsim).toBe(1);
    const trace = await runCli('run', EXAMPLE, '--trace', '-');
    expect(trace.stdout.split('\n')[0]).toMatch(/^\{"t":\d+,"type":"/);
    const generated = await runCli('generate', '--servers', '3', '-o', '-');
    expect(JSON.parse(generated.stdout).fedsim).toBe(1);
  });

  it('refuses a file fedsim did not write without --force, and replaces it with --force', async () => {
    const mine = join(scratchDir(), 'notes.json');
    writeFileSync(mine, 'my notes');
    const refused = await runCli('run', EXAMPLE, '-o', mine);
    expect(refused.code).toBe(2);
    expect(readFileSync(mine, 'utf8')).toBe('my notes');
    expect((await runCli('run', EXAMPLE, '-o', mine, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(mine, 'utf8')).fedsim).toBe(1);
  });

  it('names a missing directory instead of failing as a bug', async () => {
    const run = await runCli('generate', '--servers', '3', '-o', '/nonexistent-dir/x.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('fedsim: /nonexistent-dir/x.json: cannot write: no such directory /nonexistent-dir\n');
  });

  // Long enough a run (a few seconds) for the signal to arrive while the trace is being written.
  let bigScenario: string | undefined;
  const big = async (): Promise<string> => {
    if (bigScenario !== undefined) return bigScenario;
    bigScenario = join(scratchDir(), 'big.json');
    expect((await runCli('generate', '--servers', '100', '--joins', '60000', '-o', bigScenario)).code).toBe(0);
    return bigScenario;
  };

  it.each(['SIGINT', 'SIGTERM'] as const)('removes the partial trace when the run is stopped by %s', async (signal) => {
    const dir = scratchDir();
    const scenario = await big();
    const child = spawn(FEDSIM, ['run', scenario, '--trace', join(dir, 't.jsonl')], { stdio: 'ignore' });
    const partial = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.partial'));
    const deadline = Date.now() + 30_000;
    while (partial().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(partial()).toHaveLength(1);
    child.kill(signal);
    await new Promise((r) => child.on('exit', r));
    const gone = Date.now() + 20_000;
    while (partial().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(partial()).toEqual([]);
    expect(existsSync(join(dir, 't.jsonl'))).toBe(false);
  }, 60_000);
});
