/**
 * The README's sample outputs are the program's: every code block marked with
 * `<!-- output checked by test/readme.test.ts -->` is run here, command by
 * command (`$ npx fedsim …`, and `$ cd DIR`), and its lines compared with what
 * the command prints (standard output and error, in order). In a sample, a line
 * `...` stands for any number of lines, and a line ending in `...` or `(…)` for
 * any line that starts with the rest. Paths under /tmp/ go to a scratch directory.
 * Unmarked blocks are left alone, so other sections can show what they like.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCli } from '../cli/main';
import { scratchDir } from './cli/helpers';

const MARKER = '<!-- output checked by test/readme.test.ts -->';

interface Sample {
  line: number;
  commands: { argv: string[]; cwd: string; expected: string[] }[];
}

/** The marked blocks of README.md with their commands and expected lines. */
function samples(): Sample[] {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const found: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== MARKER) continue;
    const start = i + 1;
    if (!lines[start]?.startsWith('```')) throw new Error(`README.md:${start + 1}: the marker must stand right before a code block`);
    const sample: Sample = { line: start + 1, commands: [] };
    let cwd = '.';
    for (let j = start + 1; j < lines.length && !lines[j]!.startsWith('```'); j++) {
      const text = lines[j]!;
      if (text.startsWith('$ cd ')) cwd = resolve(cwd, text.slice(5).trim());
      else if (text.startsWith('$ npx fedsim ')) sample.commands.push({ argv: text.slice('$ npx fedsim '.length).trim().split(/\s+/), cwd, expected: [] });
      else if (text.startsWith('$ ')) throw new Error(`README.md:${j + 1}: only npx fedsim and cd can be checked`);
      else sample.commands.at(-1)?.expected.push(text);
    }
    found.push(sample);
  }
  return found;
}

/** Whether `actual` has the lines `expected` describes (see the header for `...`). */
function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const lineMatches = (pattern: string, line: string): boolean => {
    const elided = /^(.*?)\s*(\.\.\.|\(…\))$/.exec(pattern);
    return elided && elided[1] !== '' ? line.startsWith(elided[1]!) : line.trimEnd() === pattern.trimEnd();
  };
  const match = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e]!.trim() === '...') {
      for (let skip = a; skip <= actual.length; skip++) if (match(e + 1, skip)) return true;
      return false;
    }
    return a < actual.length && lineMatches(expected[e]!, actual[a]!) && match(e + 1, a + 1);
  };
  return match(0, 0);
}

async function run(argv: readonly string[], cwd: string): Promise<string> {
  let output = '';
  const cli = createCli({ stdout: (t) => void (output += t), stderr: (t) => void (output += t), stderrIsTTY: false, cwd });
  const before = process.cwd();
  process.chdir(cwd);
  try {
    await cli.run(argv);
  } finally {
    process.chdir(before);
  }
  return output;
}

describe('README sample outputs', () => {
  const all = samples();
  // One for the whole README: a later sample may read what an earlier one wrote (import, then lint).
  const scratch = scratchDir();

  it('has checked samples', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  it.each(all.map((s) => [s.line, s] as const))('the block at README.md:%i prints what the program prints', async (_line, sample) => {
    for (const { argv, cwd, expected } of sample.commands) {
      const args = argv.map((a) => a.replace(/^\/tmp\//, `${scratch}/`));
      const output = (await run(args, cwd)).split(`${scratch}/`).join('/tmp/');
      const actual = output.replace(/\n$/, '').split('\n');
      const trimmed = [...expected];
      while (trimmed.length > 0 && trimmed.at(-1)!.trim() === '') trimmed.pop();
      expect(matches(trimmed, actual), `npx fedsim ${argv.join(' ')}\n--- README\n${trimmed.join('\n')}\n--- program\n${actual.join('\n')}`).toBe(true);
    }
  });

  it('matches lines as its header says', () => {
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', 'long line ...'], ['a', 'long line that goes on'])).toBe(true);
    expect(matches(['a', 'x (…)'], ['a', 'x (whatever)'])).toBe(true);
    expect(matches(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(matches(['a'], ['a', 'b'])).toBe(false);
  });
});
