/**
 * One convention across commands: `-o/--out` for the file a command writes,
 * `--format` for the form of what it prints, the older names (`--report`,
 * `--output`, `--json`) still working but hidden; and every command's `--help`
 * shows examples and the exit codes. Commands come from the CLI's own registry,
 * so a new one is held to this too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandModules } from '../../cli/commands/index';
import { runCli, scratchDir } from './helpers';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

/** Every command name in the registry ("run <file>" → "run"). */
function commandNames(): string[] {
  const context = { io: { stdout() {}, stderr() {}, stderrIsTTY: false, cwd: process.cwd() }, exitCode: 0 };
  return commandModules(context).map((m) => String(m.command).split(' ')[0]!);
}

describe('options and help', () => {
  it.each(commandNames())('fedsim %s --help shows examples and the exit codes, and no old option names', async (name) => {
    const { code, stdout } = await runCli(name, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout.split('\n').filter((l) => l.trimStart().startsWith('fedsim ')).length).toBeGreaterThanOrEqual(2);
    expect(stdout).toContain('Exit codes:\n  0    done');
    expect(stdout).toContain('  2    bad input or usage');
    expect(stdout).not.toMatch(/--report\b|--output\b|--json\b/);
  });

  it('the commands that write a file take -o/--out, and the old names as hidden aliases', async () => {
    const dir = scratchDir();
    for (const [argv, file] of [
      [['run', EXAMPLE, '--out'], 'a.json'],
      [['run', EXAMPLE, '--report'], 'b.json'],
      [['explain', EXAMPLE, '-o'], 'c.json'],
      [['explain', EXAMPLE, '--report'], 'd.json'],
      [['generate', '--servers', '3', '--out'], 'e.json'],
      [['generate', '--servers', '3', '--output'], 'f.json'],
      [['import', 'scenarios/import-samples/community/space.json', '--out'], 'g.json'],
      [['schema', '-o'], 'h.json'],
    ] as const) {
      const run = await runCli(...argv, join(dir, file));
      expect(run.code, argv.join(' ')).toBe(0);
      expect(readFileSync(join(dir, file), 'utf8').length, argv.join(' ')).toBeGreaterThan(100);
    }
  });

  it('--format json and the old --json print the same', async () => {
    for (const argv of [['run', EXAMPLE], ['lint', 'scenarios/gallery/allow-typo.yaml'], ['test', EXAMPLE], ['import', 'scenarios/import-samples/community/space.json']]) {
      const format = await runCli(...argv, '--format', 'json');
      const old = await runCli(...argv, '--json');
      expect(JSON.parse(format.stdout), argv.join(' ')).toEqual(JSON.parse(old.stdout));
    }
  });

  it('refuses --out and an old name naming two files, and --json against another --format', async () => {
    const dir = scratchDir();
    const two = await runCli('run', EXAMPLE, '--out', join(dir, 'a.json'), '--report', join(dir, 'b.json'));
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('fedsim: --out and --report name two outputs for one file; give --out once\n');
    const disagree = await runCli('lint', EXAMPLE, '--json', '--format', 'text');
    expect(disagree.code).toBe(2);
    expect(disagree.stderr).toBe('fedsim: --json and --format text disagree; give --format once\n');
  });

  it('lint --format json keeps bad files, as test --format json does', async () => {
    const dir = scratchDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'fedsim: 1\n');
    const lint = await runCli('lint', EXAMPLE, bad, '--format', 'json');
    expect(lint.code).toBe(2);
    const results = JSON.parse(lint.stdout) as { file: string; problems: string[] }[];
    expect(results.map((r) => r.file)).toEqual([EXAMPLE, bad]);
    expect(results[1]!.problems).toContain(`${bad}:name: missing required field`);
    const test = await runCli('test', EXAMPLE, bad, '--format', 'json');
    expect((JSON.parse(test.stdout) as { results: { file: string }[] }).results.map((r) => r.file)).toEqual([EXAMPLE, bad]);
  });
});
