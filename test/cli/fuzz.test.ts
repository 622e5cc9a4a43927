/**
 * Every command of the CLI's own registry (so commands added later are included),
 * run with random argument lists over random files: the exit code is 0, 1 or 2,
 * nothing looks like a stack trace or a fedsim bug, and no file changes except
 * those named as outputs. Seeded, and bounded in count and in time; commands that
 * start a long-lived service are left out (they are tested where they live).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { commandModules } from '../../cli/commands/index';
import { runCli, scratchDir } from './helpers';

/**
 * Commands that serve until stopped, and `sweep`, whose run time grows with a fuzzed
 * --replications and which writes its default ./sweep-<name>/ folder outside the
 * scratch folder (test/sweep/cli.test.ts covers its bad input).
 */
const LONG_LIVED = new Set(['viz', 'worker', 'sweep']);
const SEED = process.env.FEDSIM_FUZZ_SEED ?? 'cli-fuzz-1';
const MAX_RUNS = 160;
const MAX_MS = 25_000;

function registryCommands(): string[] {
  const context = { io: { stdout() {}, stderr() {}, stderrIsTTY: false, cwd: process.cwd() }, exitCode: 0 };
  return commandModules(context)
    .map((m) => String(m.command).split(' ')[0]!)
    .filter((name) => !LONG_LIVED.has(name));
}

/** The inputs the runs may name: good, broken, binary, empty, state files and a directory. */
function makeFiles(dir: string): string[] {
  copyFileSync('scenarios/examples/seed-failover.yaml', join(dir, 'good.yaml'));
  copyFileSync('scenarios/gallery/allow-typo.yaml', join(dir, 'typo.yaml'));
  copyFileSync('scenarios/import-samples/community/space.json', join(dir, 'state.json'));
  writeFileSync(join(dir, 'broken.yaml'), 'fedsim: 1\nname: [unclosed\n');
  writeFileSync(join(dir, 'wrong.yaml'), 'fedsim: 1\nname: x\nservers: [{nmae: a}]\nrooms: 3\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'binary.json'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 7]));
  writeFileSync(join(dir, 'notes.txt'), 'not fedsim output\n');
  mkdirSync(join(dir, 'sub'));
  copyFileSync('scenarios/protocol/local-joins.yaml', join(dir, 'sub', 'local.yaml'));
  return ['good.yaml', 'typo.yaml', 'state.json', 'broken.yaml', 'wrong.yaml', 'empty.yaml', 'binary.json', 'notes.txt', 'sub', 'missing.yaml'].map((f) => join(dir, f));
}

const OUTPUT_OPTIONS = new Set(['--out', '-o', '--report', '--output', '--trace']);
const FLAGS = [
  '--out', '-o', '--report', '--output', '--trace', '--format', '--json', '--force', '--seed', '--join', '--all-failed', '--no-fixes',
  '--max-joins', '--fail-on', '--settings', '--name', '--servers', '--joins', '--rooms', '--latency', '--mix', '--loss', '--help', '--zzz',
];
const VALUES = ['json', 'yaml', 'text', 'error', 'never', '0', '1', '3', '-1', 'abc', '1e400', '99999999999999999999', '0.5', 'fixed:5', 'normal:5', 'synapse=1', 'joiner', ''];

/** Every regular file under `dir` with a digest of its content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out.set(path, createHash('sha1').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

describe('the command line, fuzzed', () => {
  it(`gives exit 0, 1 or 2, no stack trace, and changes only named outputs (seed ${SEED}, at most ${MAX_RUNS} runs)`, { timeout: MAX_MS + 30_000 }, async () => {
    const commands = registryCommands();
    expect(commands).toEqual(expect.arrayContaining(['run', 'lint', 'test', 'explain', 'import', 'generate', 'schema']));
    const random = seedrandom(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const dir = scratchDir();
    const files = makeFiles(dir);
    const started = Date.now();
    let runs = 0;
    const seen = new Set<number>();
    while (runs < MAX_RUNS && Date.now() - started < MAX_MS) {
      const command = commands[runs % commands.length]!;
      const argv: string[] = [command];
      const outputs = new Set<string>();
      const length = Math.floor(random() * 6);
      for (let i = 0; i < length; i++) {
        const r = random();
        if (r < 0.35) argv.push(pick(files));
        else if (r < 0.75) {
          const flag = pick(FLAGS);
          argv.push(flag);
          if (OUTPUT_OPTIONS.has(flag)) {
            const target = random() < 0.7 ? join(dir, `out-${runs}-${i}.json`) : pick(files);
            argv.push(target);
            outputs.add(target);
          } else if (random() < 0.7) argv.push(pick(VALUES));
        } else argv.push(pick(VALUES));
      }
      // Keep generated federations small: the fuzz is about the plumbing, not the simulator's speed.
      if (command === 'generate' && !argv.includes('--servers')) argv.push('--servers', '3');
      const before = snapshot(dir);
      const run = await runCli(...argv);
      const label = `fedsim ${argv.join(' ')}`;
      seen.add(run.code);
      expect([0, 1, 2], `${label}\n${run.stderr}`).toContain(run.code);
      expect(run.stderr, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|a bug in fedsim/);
      const after = snapshot(dir);
      for (const [path, digest] of before) {
        if (after.get(path) !== digest) expect(outputs.has(path), `${label} changed ${path}`).toBe(true);
      }
      for (const path of after.keys()) {
        if (!before.has(path)) expect(outputs.has(path), `${label} created ${path}`).toBe(true);
      }
      runs++;
    }
    expect(runs).toBeGreaterThan(20);
    // Runs that succeeded and runs that were refused, not only one kind.
    expect(seen.has(0) && seen.has(2)).toBe(true);
  });
});
