/**
 * Reading scenario files from disk into validated scenarios; any problem (missing
 * file, syntax, schema, meaning) becomes an InputProblems error listing every
 * problem as `file:path: message`.
 */
import { readFileSync, statSync } from 'node:fs';
import { formatProblem, loadScenario, type Scenario } from '../../engine/index';
import { InputProblems } from '../cli-context';

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
  return readFileSync(file, 'utf8');
}

export function readScenario(file: string): Scenario {
  const result = loadScenario(readText(file), file);
  if (!result.ok) throw new InputProblems(result.problems.map(formatProblem));
  return result.scenario;
}
