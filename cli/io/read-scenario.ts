/**
 * Reading scenario files from disk into validated scenarios; any problem (missing
 * file, syntax, schema, meaning) becomes an InputProblems error listing every
 * problem as `file:path: message`.
 */
import { readFileSync, readSync, statSync } from 'node:fs';
import { checkGenerate, expandGenerate, formatProblem, loadScenario, type Scenario } from '../../engine/index';
import { InputProblems } from '../cli-context';
import { checkIsText } from './read-input';

/** Scenario files larger than this are refused rather than parsed (a guard against hostile input). */
const MAX_SCENARIO_BYTES = 512 * 1024 * 1024;

export function readText(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputProblems([`${file}: is a directory, not a scenario file`]);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputProblems) throw error;
    throw new InputProblems([`${file}: cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`]);
  }
  if (size > MAX_SCENARIO_BYTES) throw new InputProblems([`${file}: ${size} bytes is larger than fedsim reads (${MAX_SCENARIO_BYTES})`]);
  return checkIsText(file, readFileSync(file, 'utf8'));
}

/** The file name that means standard input. */
export const STDIN = '-';

/** All of standard input (a pipe, a file or a terminal), within the same size limit as files. */
export function readStdin(): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 20);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe with nothing yet: wait for the writer
      if (code === 'EOF') break;
      throw new InputProblems([`${STDIN}: cannot read standard input: ${(error as Error).message}`]);
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_SCENARIO_BYTES) throw new InputProblems([`${STDIN}: more than ${MAX_SCENARIO_BYTES} bytes is larger than fedsim reads`]);
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return checkIsText(STDIN, Buffer.concat(chunks).toString('utf8'));
}

/** The text of `file`, or of standard input for `-`. */
export function readInputText(file: string): string {
  return file === STDIN ? readStdin() : readText(file);
}

/**
 * Reads, validates and expands a scenario: `-` is standard input, JSON when it
 * starts with `{` and YAML otherwise; a `generate:` block is expanded here, its
 * problems reported like any other (`file:generate.x: message`). `seed` (`--seed`)
 * is then the generator's default seed too, as it is the run's.
 */
export function readScenario(file: string, seed?: string): Scenario {
  let result;
  if (file === STDIN) {
    const text = readStdin();
    // The parser is chosen by extension; stdin has none, so look at the text.
    const asJson = /^\uFEFF?\s*[{[]/.test(text);
    result = loadScenario(text, asJson ? `${STDIN}.json` : STDIN);
    if (!result.ok) result.problems = result.problems.map((p) => ({ ...p, file: STDIN }));
  } else {
    result = loadScenario(readText(file), file);
  }
  if (!result.ok) throw new InputProblems(result.problems.map(formatProblem));
  if (result.scenario.generate === undefined) return result.scenario;
  const checked = checkGenerate(result.scenario, file);
  if (!checked.ok) throw new InputProblems(checked.problems.map(formatProblem));
  return expandGenerate(seed === undefined ? result.scenario : { ...result.scenario, seed }, file);
}
